package org.portier.sip;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.junit5.VertxExtension;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.portier.security.Secrets;
import org.portier.testing.PushStandIn;
import org.portier.testing.TestNode;

/**
 * The shipped Kamailio example (conf/examples/kamailio-portier.cfg, included unchanged) on a real
 * Kamailio, against a real Portier node, with SIPp as the phone registering a door call's one-time
 * extension: 200 with the leg's password (challenged with qop=auth, registration capped at the
 * credentials' lifetime), a replayed REGISTER challenged again (nonce counting), 401 with a wrong
 * password, 403 after DELETE and after expiry, 503 while Portier is down. It also merges the example
 * into the stock kamailio.cfg, with and without WITH_AUTH, and checks that Kamailio accepts it.
 * Push is a stand-in that records the legs' credentials.
 */
@ExtendWith(VertxExtension.class)
class KamailioRegisterTest {
  private static final String EXAMPLE = "conf/examples/kamailio-portier.cfg";
  /** The door-call lifetime: long enough for the live-call steps, short enough to wait for an expiry. */
  private static final int TTL_SECONDS = 8;

  @TempDir
  Path dir;
  private TestNode node;
  private PushStandIn standIn;
  private final List<JsonObject> pushes = new CopyOnWriteArrayList<>();
  private Kamailio kamailio;

  /** One leg of a door call as the phone gets it in its push. */
  record Leg(String callId, String extension, String password) {}

  @BeforeEach
  void setUp() {
    // the programs are checked before anything starts, so a machine without them skips (or fails under CI) at once
    Kamailio.required("kamailio", "kamailio");
    Kamailio.required("sipp", "sip-tester");
  }

  @AfterEach
  void tearDown() throws Exception {
    if (kamailio != null) kamailio.close();
    if (standIn != null) standIn.close();
    if (node != null) await(node.stop());
  }

  @Test
  void aDoorCallPhoneRegistersThroughTheShippedExample(Vertx vertx) throws Exception {
    node = TestNode.inTempDir();
    node.set("doorcall.ttl", TTL_SECONDS + "s");
    await(node.start(vertx));
    standIn = PushStandIn.install(vertx, body -> {
      List<String> ids = new ArrayList<>();
      body.getJsonArray("pushes").forEach(p -> {
        pushes.add(((JsonObject) p).copy());
        ids.add(Long.toString(100 + pushes.size()));
      });
      return Future.succeededFuture(new JsonObject().put("ids", new JsonArray(ids)));
    });
    String house = await(node.create("/houses", new JsonObject().put("address", "Sadovaya 3"))).getString("id");
    Leg a = call(house, "1", "79003330001");
    Leg b = call(house, "2", "79003330002");

    int sipPort = TestNode.freePort();
    Path cfg = Files.writeString(dir.resolve("kamailio.cfg"), wrapper(sipPort));
    Kamailio.Run check = Kamailio.check(cfg);
    assertThat(check.exitCode()).as(check.output()).isZero();
    assertThat(check.output()).contains("config file ok").doesNotContain("ERROR").doesNotContain("CRITICAL").doesNotContain("WARNING");
    kamailio = Kamailio.start(dir, cfg, sipPort);

    // the right password: challenged with qop=auth, then registered for at most what the credentials have left
    Sipp ok = sipp("register-accepted.xml", a.extension(), a.password());
    assertThat(ok.exitCode()).as(ok.describe(kamailio)).isZero();
    assertThat(ok.received("401")).contains("qop=\"auth\"");
    String authorized = ok.sent("Authorization:");
    assertThat(authorized).contains("qop=auth").contains("nc=00000001");
    Matcher expires = Pattern.compile("(?im)^Contact:.*;expires=(\\d+)").matcher(ok.received("200"));
    assertThat(expires.find()).as(ok.received("200")).isTrue();
    assertThat(Integer.parseInt(expires.group(1))).as("the registration asked 3600 s; the credentials live %d s", TTL_SECONDS)
        .isBetween(1, TTL_SECONDS);

    // the same REGISTER sent again (same nonce, same nc) is challenged, not accepted
    try (DatagramSocket s = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
      s.setSoTimeout(3000);
      String replay = authorized.replaceFirst("(?im)^(Via: SIP/2\\.0/UDP )[^;\\r\\n]+", "$1127.0.0.1:" + s.getLocalPort());
      String answer = kamailio.exchange(s, replay);
      assertThat(answer).as("answer to the replayed REGISTER\n" + kamailio.logText()).isNotNull().startsWith("SIP/2.0 401 ");
    }

    // a wrong password is challenged again
    Sipp wrong = sipp("register-unauthorized.xml", a.extension(), a.password() + "x");
    assertThat(wrong.exitCode()).as(wrong.describe(kamailio)).isZero();

    // an ended call's credentials are refused for good
    HttpResponse<Buffer> deleted = await(node.integration(HttpMethod.DELETE, "/door-calls/" + a.callId()).send());
    assertThat(deleted.statusCode() / 100).as(TestNode.status(deleted)).isEqualTo(2);
    Sipp ended = sipp("register-forbidden.xml", a.extension(), a.password());
    assertThat(ended.exitCode()).as(ended.describe(kamailio)).isZero();

    // so are an expired call's: wait until Portier says the leg is gone, then register
    awaitGone(b.extension());
    Sipp expired = sipp("register-forbidden.xml", b.extension(), b.password());
    assertThat(expired.exitCode()).as(expired.describe(kamailio)).isZero();

    // Portier down: the phone is told to come back later, not refused for good
    await(node.stop());
    node = null;
    Sipp down = sipp("register-unavailable.xml", b.extension(), b.password());
    assertThat(down.exitCode()).as(down.describe(kamailio)).isZero();
  }

  @Test
  void theExampleMergesIntoTheStockConfig() throws Exception {
    Path stock = Path.of("/etc/kamailio/kamailio.cfg");
    if (!Files.exists(stock)) Kamailio.unavailable(stock + " not found (Debian package kamailio)");
    Kamailio.modules();
    Files.copy(example(), dir.resolve("kamailio-portier.cfg"));
    String merged = Files.readString(stock, StandardCharsets.UTF_8);
    // what the example's header asks: let Portier's extensions through route[AUTH], include the file at the end
    assertThat(merged).contains("route[AUTH] {");
    merged = merged.replace("route[AUTH] {", "route[AUTH] {\n\tif (is_method(\"REGISTER\") && route(PORTIER_AUTH)) return;")
        + "\ninclude_file \"kamailio-portier.cfg\"\n";
    Path plain = Files.writeString(dir.resolve("stock.cfg"), merged);
    Kamailio.Run r = Kamailio.check(plain);
    assertThat(r.exitCode()).as(r.output()).isZero();
    assertThat(r.output()).contains("config file ok");
    // WITH_AUTH loads auth.so itself (and needs a database module: db_text stands in for MySQL, which -c does not reach)
    Path withAuth = Files.writeString(dir.resolve("stock-auth.cfg"), merged.replace("\"db_mysql.so\"", "\"db_text.so\""));
    Kamailio.Run auth = Kamailio.check(withAuth, "WITH_AUTH", "WITH_MYSQL");
    assertThat(auth.exitCode()).as(auth.output()).isZero();
    assertThat(auth.output()).contains("config file ok").doesNotContain("same module twice");
  }

  /**
   * The operator's part around the example, as small as a working registrar gets: where the
   * modules are, the loopback port, Portier's URL with the SIP key, then the example unchanged.
   */
  private String wrapper(int sipPort) throws Exception {
    return "#!KAMAILIO\n"
        + "#!define PORTIER_HTTPCON \"portier=>http://kamailio:" + TestNode.SIP_KEY + "@127.0.0.1:" + node.httpPort + "/sip/v1\"\n"
        + "mpath=\"" + Kamailio.modules() + "/\"\n"
        + "listen=udp:127.0.0.1:" + sipPort + "\n"
        + "children=2\n"
        + "disable_tcp=yes\n"
        + "auto_aliases=no\n"
        + "loadmodule \"tm.so\"\nloadmodule \"sl.so\"\nloadmodule \"pv.so\"\nloadmodule \"textops.so\"\n"
        + "loadmodule \"xlog.so\"\nloadmodule \"usrloc.so\"\nloadmodule \"registrar.so\"\n"
        + "include_file \"" + example() + "\"\n"
        + "request_route {\n"
        + "\tif (!is_method(\"REGISTER\")) {\n\t\tsl_send_reply(\"405\", \"Method Not Allowed\");\n\t\texit;\n\t}\n"
        + "\tif (route(PORTIER_AUTH)) {\n\t\tif (!save(\"location\")) sl_reply_error();\n\t\texit;\n\t}\n"
        + "\tsl_send_reply(\"403\", \"Not a door-call extension\");\n"
        + "}\n";
  }

  private static Path example() {
    Path p = Path.of(EXAMPLE).toAbsolutePath();
    assertThat(p).exists();
    return p;
  }

  /** Starts a door call to a new flat with one Android phone and returns that phone's leg. */
  private Leg call(String house, String number, String phone) throws Exception {
    String flat = await(node.create("/houses/" + house + "/flats", new JsonObject().put("number", number))).getString("id");
    String sub = await(node.create("/flats/" + flat + "/subscribers", new JsonObject().put("phone", phone))).getString("id");
    long id = await(node.portier().store().ids().next("devices"));
    await(node.portier().store().pool().preparedQuery("INSERT INTO devices (id, subscriber_id, token_hash, fingerprint, platform,"
            + " push_service, push_token, last_seen, created_at) VALUES (?, ?, ?, 'fp', 'android', 'fcm', ?, 0, 0)")
        .execute(io.vertx.sqlclient.Tuple.of(id, Long.parseLong(sub), Secrets.randomHex(32), "fcm-token-" + id)));
    int before = pushes.size();
    HttpResponse<Buffer> r = await(node.integration(HttpMethod.POST, "/door-calls").sendJsonObject(new JsonObject().put("flatId", flat)));
    assertThat(r.statusCode()).as(TestNode.status(r)).isEqualTo(201);
    assertThat(pushes).hasSize(before + 1);
    JsonObject data = pushes.get(before).getJsonObject("data");
    return new Leg(r.bodyAsJsonObject().getString("callId"), data.getString("extension"), data.getString("pass"));
  }

  /** Polls the SIP realtime face until the leg's credentials are gone (404). */
  private void awaitGone(String extension) throws Exception {
    long deadline = System.currentTimeMillis() + (TTL_SECONDS + 10) * 1000L;
    while (System.currentTimeMillis() < deadline) {
      HttpResponse<Buffer> r = await(node.http(HttpMethod.GET, "/sip/v1/credentials/" + extension).bearerTokenAuthentication(TestNode.SIP_KEY).send());
      if (r.statusCode() == 404) return;
      assertThat(r.statusCode()).as(TestNode.status(r)).isEqualTo(200);
      Thread.sleep(200);
    }
    throw new AssertionError("extension " + extension + " still live " + (TTL_SECONDS + 10) + " s after its call started");
  }

  /** One SIPp run of a scenario from src/test/resources/sipp: its exit code and the messages it traced. */
  record Sipp(int exitCode, String output, List<String> messages, String errors) {
    /** The first received response with this status code, or "". */
    String received(String status) {
      return messages.stream().filter(m -> m.startsWith("SIP/2.0 " + status + " ")).findFirst().orElse("");
    }

    /** The first sent request containing this text, or "". */
    String sent(String containing) {
      return messages.stream().filter(m -> !m.startsWith("SIP/2.0 ") && m.contains(containing)).findFirst().orElse("");
    }

    String describe(Kamailio k) {
      return "sipp exit " + exitCode + "\n" + output + "\n--- messages\n" + String.join("\n", messages) + "\n--- errors\n" + errors
          + "\n--- kamailio\n" + k.logText();
    }
  }

  private Sipp sipp(String scenario, String extension, String password) throws Exception {
    Path scenarioFile;
    try {
      scenarioFile = Path.of(getClass().getResource("/sipp/" + scenario).toURI());
    } catch (URISyntaxException | NullPointerException e) {
      throw new AssertionError("scenario " + scenario + " not on the test class path", e);
    }
    Path run = Files.createTempDirectory(dir, "sipp");
    Path messages = run.resolve("messages.log");
    Path errors = run.resolve("errors.log");
    Kamailio.Run r = Kamailio.run(run, List.of(Kamailio.required("sipp", "sip-tester"), "127.0.0.1:" + kamailio.port,
        "-sf", scenarioFile.toString(), "-s", extension, "-au", extension, "-ap", password,
        "-i", "127.0.0.1", "-p", Integer.toString(TestNode.freePort()), "-m", "1", "-nostdin",
        "-timeout", "10s", "-timeout_error", "-recv_timeout", "5s",
        "-trace_msg", "-message_file", messages.toString(), "-trace_err", "-error_file", errors.toString()), 30);
    return new Sipp(r.exitCode(), r.output(), messages(messages),
        Files.exists(errors) ? Files.readString(errors, StandardCharsets.ISO_8859_1) : "");
  }

  /** The SIP messages of a SIPp message log (blocks after a dashed line and a "... message sent/received" line), in CRLF form. */
  static List<String> messages(Path log) throws Exception {
    List<String> out = new ArrayList<>();
    if (!Files.exists(log)) return out;
    String text = Files.readString(log, StandardCharsets.ISO_8859_1).replace("\r", "");
    for (String block : text.split("(?m)^-{20,}.*$")) {
      int start = block.indexOf("\n\n");
      if (start < 0) continue;
      String body = block.substring(start + 2).strip();
      if (body.isEmpty()) continue;
      out.add(String.join("\r\n", body.split("\n")) + "\r\n\r\n");
    }
    return out;
  }

  private static <T> T await(Future<T> f) throws Exception {
    return f.toCompletionStage().toCompletableFuture().get(20, TimeUnit.SECONDS);
  }
}
