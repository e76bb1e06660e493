package org.portier.mxproxy;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.junit5.VertxExtension;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.portier.mx.MxSimulator;
import org.portier.mx.SimDirectory;
import org.portier.testing.TestNode;

/**
 * GET /contacts, /calls and /services end to end: a real login (provisioning → MX actor → the
 * simulator over TLS), then the directory queries against the simulator's fixtures.
 */
@ExtendWith(VertxExtension.class)
class MxDirectoryEndToEndTest {
  static final String USER = MxLiveSession.USER;
  static final String MX = MxLiveSession.MX;
  static final long T0 = 1_503_000_000L;

  private MxSimulator sim;
  private MxLiveSession session;
  private TestNode node;
  private String token;

  private static <T> T get(Future<T> f) throws Exception {
    return f.toCompletionStage().toCompletableFuture().get(20, TimeUnit.SECONDS);
  }

  @BeforeEach
  void start(Vertx vertx) throws Exception {
    session = MxLiveSession.start(vertx, n -> n.set("mxproxy.callLogIdle", "300ms"));
    sim = session.sim;
    node = session.node;
    token = session.token;
  }

  @AfterEach
  void stop() throws Exception {
    session.stop();
  }

  private Future<HttpResponse<Buffer>> call(String path) {
    return node.http(HttpMethod.GET, path).bearerTokenAuthentication(token).send();
  }

  private JsonObject ok(String path) throws Exception {
    HttpResponse<Buffer> r = get(call(path));
    assertThat(r.statusCode()).as(path + ": " + TestNode.status(r)).isEqualTo(200);
    assertThat(r.getHeader("content-type")).startsWith("application/json");
    return r.bodyAsJsonObject();
  }

  /** n contacts with exts 5000+i given in reverse order (the answer must sort them). */
  private static List<SimDirectory.Contact> contacts(int n) {
    List<SimDirectory.Contact> out = new ArrayList<>();
    for (int i = n - 1; i >= 0; i--) out.add(SimDirectory.Contact.of("43884851" + (100000000L + i), "First" + i, "Last" + i, String.valueOf(5000 + i)));
    return out;
  }

  /** n calls, record ids 100.., one per minute from T0 + 60. */
  private static List<SimDirectory.Call> calls(int n) {
    return IntStream.range(0, n).mapToObj(i -> SimDirectory.Call.of(100 + i, "outgoing", T0 + 60L * (i + 1), "273", "79031744437")).toList();
  }

  private int pagesAsked() {
    return (int) sim.received(MX, "iq").stream().filter(f -> f.xml().contains("addressbook")).count();
  }

  @Test
  void contactsArePagedBy50SortedByExtAndEmptyIsAnEmptyList() throws Exception {
    assertThat(ok("/contacts").getJsonArray("contacts")).isEmpty();
    int before = pagesAsked();
    for (int n : new int[] {50, 51, 120}) {
      sim.contacts(MX, contacts(n));
      JsonArray list = ok("/contacts").getJsonArray("contacts");
      assertThat(list).as("%d contacts", n).hasSize(n);
      assertThat(list.getJsonObject(0).getString("ext")).isEqualTo("5000");
      assertThat(list.getJsonObject(n - 1).getString("ext")).isEqualTo(String.valueOf(5000 + n - 1));
      assertThat(list.getJsonObject(0).getValue("jid")).isInstanceOf(String.class);
      int pages = pagesAsked() - before;
      assertThat(pages).as("pages asked for %d", n).isEqualTo((n + 49) / 50);
      before += pages;
    }
  }

  @Test
  void contactFieldsAsMxProxyNamedThem() throws Exception {
    sim.contacts(MX, List.of(new SimDirectory.Contact("43884851428118509", "Peter", "Hyde", "3044", "+1-202-555-0104", "+1-512-555-0136",
        "peterh@xyzrd.com", "63022", "15125550136", "ex1"), SimDirectory.Contact.of("43884852633771555", "SMS", "Gateway", "3010")));
    JsonArray list = ok("/contacts").getJsonArray("contacts");
    assertThat(list.getJsonObject(0)).isEqualTo(new JsonObject().put("jid", "43884852633771555").put("firstName", "SMS")
        .put("lastName", "Gateway").put("ext", "3010"));
    assertThat(list.getJsonObject(1)).isEqualTo(new JsonObject().put("jid", "43884851428118509").put("firstName", "Peter")
        .put("lastName", "Hyde").put("ext", "3044").put("homePhone", "+1-202-555-0104").put("cellPhone", "+1-512-555-0136")
        .put("email", "peterh@xyzrd.com").put("homeSystem", "63022").put("did", "15125550136").put("exchangeId", "ex1"));
  }

  @Test
  void callLogInChunksOf21FilteredByTimestamp() throws Exception {
    for (int n : new int[] {0, 20, 21, 42, 43}) {
      sim.callLog(MX, calls(n));
      JsonArray all = ok("/calls").getJsonArray("callLog");
      assertThat(all).as("%d calls", n).hasSize(n);
      for (int i = 0; i < n; i++) assertThat(all.getJsonObject(i).getLong("record_id")).isEqualTo(100L + i);
    }
    // 43 calls, the first 10 at or before the timestamp: numeric and RFC 3339 give the same 33
    long ts = T0 + 600;
    assertThat(ok("/calls?timestamp=" + ts).getJsonArray("callLog")).hasSize(33);
    String rfc = java.time.Instant.ofEpochSecond(ts).toString();
    JsonArray after = ok("/calls?timestamp=" + rfc).getJsonArray("callLog");
    assertThat(after).hasSize(33);
    assertThat(after.getJsonObject(0).getLong("record_id")).isEqualTo(110L);
    assertThat(ok("/calls?timestamp=" + java.net.URLEncoder.encode(java.time.OffsetDateTime.ofInstant(
        java.time.Instant.ofEpochSecond(ts), java.time.ZoneOffset.ofHours(3)).toString(), "UTF-8")).getJsonArray("callLog")).hasSize(33);
    assertThat(sim.received(MX, "iq").stream().anyMatch(f -> f.xml().contains("timestamp=\"" + ts + "\""))).isTrue();
  }

  @Test
  void aMultipleOf21EndingInSilenceCostsOnlyTheIdleWait() throws Exception {
    sim.callLog(MX, calls(42)).callLogSilentEnd(MX, true);
    long t = System.currentTimeMillis();
    assertThat(ok("/calls").getJsonArray("callLog")).hasSize(42);
    // callLogIdle is 300ms and the reply timeout 2s: only the idle wait was paid
    assertThat(System.currentTimeMillis() - t).isBetween(250L, 1800L);
  }

  @Test
  void anEmptyLogAnsweredWithNothingIsAnEmptyListAfterTheReplyTimeout() throws Exception {
    sim.callLogSilentEnd(MX, true);
    assertThat(ok("/calls").getJsonArray("callLog")).isEmpty();
  }

  @Test
  void aConnectionLostMidQueryIs503WithRetryAfter() throws Exception {
    sim.contacts(MX, contacts(10)).mute(MX, true);
    Future<HttpResponse<Buffer>> pending = call("/contacts");
    get(sim.awaitFrame(f -> f.xml().contains("addressbook")));
    sim.closeAbruptly(MX);
    HttpResponse<Buffer> r = get(pending);
    assertThat(r.statusCode()).as(TestNode.status(r)).isEqualTo(503);
    assertThat(r.getHeader("Retry-After")).isNotBlank();
  }

  @Test
  void callRecordFields() throws Exception {
    sim.callLog(MX, List.of(new SimDirectory.Call(973, true, "incoming", "63022-00-0000D-3B9", 1503223469, 1503223472, "3044", "3095",
        "Peter", "Hyde", "3044", 1, 1, 9), SimDirectory.Call.of(975, "outgoing", 1503258153, "79031744445", "79031744437")));
    JsonArray list = ok("/calls").getJsonArray("callLog");
    assertThat(list.getJsonObject(0)).isEqualTo(new JsonObject().put("missed", true).put("direction", "incoming").put("record_id", 973)
        .put("gcid", "63022-00-0000D-3B9").put("callingPartyNo", "3044").put("originalCalledPartyNo", "3095").put("firstName", "Peter")
        .put("lastName", "Hyde").put("ext", "3044").put("connectTimestamp", 1503223469).put("disconnectTimestamp", 1503223472)
        .put("callType", 1).put("legType", 1).put("selfLegType", 9));
    assertThat(list.getJsonObject(1).getBoolean("missed")).isFalse();
    assertThat(list.getJsonObject(1).containsKey("connectTimestamp")).isFalse();
  }

  @Test
  void badTimestampsAre400() throws Exception {
    for (String bad : new String[] {"yesterday", "2017-09-03", "2017-09-03T00:00:00", "12.5", "99999999999999999999"}) {
      HttpResponse<Buffer> r = get(call("/calls?timestamp=" + bad));
      assertThat(r.statusCode()).as(bad).isEqualTo(400);
      assertThat(r.bodyAsJsonObject().getString("error")).startsWith("bad timestamp format");
    }
    assertThat(sim.received(MX, "iq")).isEmpty();
  }

  @Test
  void concurrentQueriesOnOneConnectionDoNotMix() throws Exception {
    sim.contacts(MX, contacts(120));
    List<HttpResponse<Buffer>> both = get(Future.all(call("/contacts"), call("/contacts"), call("/contacts")).map(f -> f.<HttpResponse<Buffer>>list()));
    for (HttpResponse<Buffer> r : both) {
      JsonArray list = r.bodyAsJsonObject().getJsonArray("contacts");
      assertThat(list).hasSize(120);
      assertThat(list.stream().map(o -> ((JsonObject) o).getString("jid")).distinct().count()).isEqualTo(120);
    }
    // different filters at once, each answer held back 300 ms so that unserialized queries would
    // overlap: each answer is its own log, not the other's chunks
    sim.callLog(MX, calls(43));
    MxSimulator.Handler real = sim.handler("iq");
    sim.handle("iq", (s, m) -> Vertx.currentContext().owner().setTimer(300, t -> real.handle(s, m)));
    List<HttpResponse<Buffer>> logs = get(Future.all(call("/calls"), call("/calls?timestamp=" + (T0 + 60L * 30)))
        .map(f -> f.<HttpResponse<Buffer>>list()));
    assertThat(logs.get(0).bodyAsJsonObject().getJsonArray("callLog")).hasSize(43);
    assertThat(logs.get(1).bodyAsJsonObject().getJsonArray("callLog")).hasSize(13);
  }

  @Test
  void services() throws Exception {
    assertThat(ok("/services").getJsonArray("services")).isEmpty();
    sim.services(MX, List.of(new SimDirectory.Service("3458764513956069980", "voicemail", "VM", "*86", null),
        new SimDirectory.Service("3458764513956069981", "park", "ParkServer", "*87", "63022")));
    JsonArray list = ok("/services").getJsonArray("services");
    assertThat(list.getJsonObject(0)).isEqualTo(new JsonObject().put("id", "3458764513956069980").put("name", "voicemail")
        .put("type", "VM").put("ext", "*86"));
    assertThat(list.getJsonObject(1).getString("homeSystem")).isEqualTo("63022");
  }

  @Test
  void cstaErrorsAre500WithTheirTextAndSilenceIs504() throws Exception {
    sim.cstaError("iq", "privateErrorCode", "URM Denied").cstaError("GetServiceList", "privateErrorCode", "No services");
    for (String path : new String[] {"/contacts", "/calls"}) {
      HttpResponse<Buffer> r = get(call(path));
      assertThat(r.statusCode()).as(path).isEqualTo(500);
      assertThat(r.bodyAsJsonObject()).isEqualTo(new JsonObject().put("error", "URM Denied").put("csta", "privateErrorCode"));
    }
    assertThat(get(call("/services")).bodyAsJsonObject().getString("error")).isEqualTo("No services");
    sim.cstaError("iq", null, null);
    sim.mute(MX, true);
    HttpResponse<Buffer> r = get(call("/contacts"));
    assertThat(r.statusCode()).as(TestNode.status(r)).isEqualTo(504);
    assertThat(r.bodyAsJsonObject().getString("error")).isEqualTo("mx response timeout");
  }

  @Test
  void noTokenIs401() throws Exception {
    for (String path : new String[] {"/contacts", "/calls", "/services"}) {
      HttpResponse<Buffer> r = get(node.http(HttpMethod.GET, path).send());
      assertThat(r.statusCode()).as(path).isEqualTo(401);
      assertThat(r.getHeader("WWW-Authenticate")).startsWith("Bearer");
    }
    assertThat(sim.received(MX, "iq")).isEmpty();
    HttpResponse<Buffer> post = get(node.http(HttpMethod.POST, "/contacts").bearerTokenAuthentication(token).send());
    assertThat(post.statusCode()).isEqualTo(405);
    assertThat(post.getHeader("Allow")).isEqualTo("GET");
  }
}
