package org.portier.sip;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.junit5.VertxExtension;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.portier.security.Secrets;
import org.portier.testing.PushStandIn;
import org.portier.testing.TestNode;

/**
 * The SIP realtime face against a live door call: API key checks (Bearer and Basic), the Kamailio
 * credentials endpoint and Asterisk res_config_curl lookups, before and after the call ends.
 * Push is a stand-in that answers fake outbox ids.
 */
@ExtendWith(VertxExtension.class)
class SipRealtimeRoutesTest {
  private TestNode node;
  private PushStandIn standIn;
  private final List<JsonObject> pushes = new ArrayList<>();
  private String callId;
  /** extension -> password */
  private final Map<String, String> legs = new HashMap<>();

  @BeforeEach
  void setUp(Vertx vertx) throws Exception {
    node = TestNode.inTempDir();
    node.set("sip.asteriskTransport", "transport-tcp");
    await(node.start(vertx));
    standIn = PushStandIn.install(vertx, body -> {
      List<String> ids = new ArrayList<>();
      body.getJsonArray("pushes").forEach(p -> {
        pushes.add((JsonObject) p);
        ids.add(Long.toString(100 + ids.size()));
      });
      return Future.succeededFuture(new JsonObject().put("ids", ids));
    });
    String h = await(node.create("/houses", new JsonObject().put("address", "Sadovaya 3"))).getString("id");
    String flat = await(node.create("/houses/" + h + "/flats", new JsonObject().put("number", "4"))).getString("id");
    String sub = await(node.create("/flats/" + flat + "/subscribers", new JsonObject().put("phone", "79003330001"))).getString("id");
    for (int i = 0; i < 2; i++) {
      long id = await(node.portier().store().ids().next("devices"));
      await(node.portier().store().pool().preparedQuery("INSERT INTO devices (id, subscriber_id, token_hash, fingerprint, platform,"
              + " push_service, push_token, last_seen, created_at) VALUES (?, ?, ?, 'fp', 'android', 'fcm', ?, 0, 0)")
          .execute(io.vertx.sqlclient.Tuple.of(id, Long.parseLong(sub), Secrets.randomHex(32), "fcm-token-" + id)));
    }
    HttpResponse<Buffer> r = await(node.integration(HttpMethod.POST, "/door-calls").sendJsonObject(new JsonObject().put("flatId", flat)));
    assertThat(r.statusCode()).as(TestNode.status(r)).isEqualTo(201);
    callId = r.bodyAsJsonObject().getString("callId");
    pushes.forEach(p -> legs.put(p.getJsonObject("data").getString("extension"), p.getJsonObject("data").getString("pass")));
    assertThat(legs).hasSize(2);
  }

  @AfterEach
  void tearDown() throws Exception {
    standIn.close();
    await(node.stop());
  }

  private static <T> T await(Future<T> f) throws Exception {
    return f.toCompletionStage().toCompletableFuture().get(20, TimeUnit.SECONDS);
  }

  private HttpResponse<Buffer> get(String path, String authorization) throws Exception {
    var req = node.http(HttpMethod.GET, "/sip" + path);
    if (authorization != null) req.putHeader("Authorization", authorization);
    return await(req.send());
  }

  private HttpResponse<Buffer> asterisk(String family, String op, String body) throws Exception {
    return await(node.http(HttpMethod.POST, "/sip/asterisk/" + family + "/" + op).bearerTokenAuthentication(TestNode.SIP_KEY)
        .putHeader("content-type", "application/x-www-form-urlencoded").sendBuffer(Buffer.buffer(body)));
  }

  /** The body of a lookup as Asterisk reads it ("" when empty). */
  private String text(String family, String op, String body) throws Exception {
    HttpResponse<Buffer> r = asterisk(family, op, body);
    assertThat(r.statusCode()).isEqualTo(200);
    return r.bodyAsString() == null ? "" : r.bodyAsString();
  }

  private static String basic(String user, String password) {
    return "Basic " + java.util.Base64.getEncoder().encodeToString((user + ":" + password).getBytes(java.nio.charset.StandardCharsets.UTF_8));
  }

  /** Parses one res_config_curl row the way Asterisk does (split on &amp; and =, then %XX-decode). */
  private static Map<String, String> row(String line) {
    Map<String, String> out = new java.util.LinkedHashMap<>();
    for (String pair : line.split("&")) {
      int eq = pair.indexOf('=');
      out.put(java.net.URLDecoder.decode(pair.substring(0, eq), java.nio.charset.StandardCharsets.UTF_8),
          java.net.URLDecoder.decode(pair.substring(eq + 1), java.nio.charset.StandardCharsets.UTF_8));
    }
    return out;
  }

  @Test
  void theApiKeyIsRequiredAsBearerOrBasicPassword() throws Exception {
    String ext = legs.keySet().iterator().next();
    HttpResponse<Buffer> none = get("/v1/credentials/" + ext, null);
    assertThat(none.statusCode()).isEqualTo(401);
    assertThat(none.getHeader("WWW-Authenticate")).startsWith("Basic");
    assertThat(none.bodyAsJsonObject().getString("error")).contains("API key is required");
    HttpResponse<Buffer> wrong = get("/v1/credentials/" + ext, "Bearer wrong-key-0123456789abcdef");
    assertThat(wrong.statusCode()).isEqualTo(401);
    assertThat(wrong.bodyAsJsonObject().getString("error")).isEqualTo("unknown API key");
    assertThat(get("/v1/credentials/" + ext, basic("asterisk", "wrong-key-0123456789abcdef")).statusCode()).isEqualTo(401);
    assertThat(get("/v1/credentials/" + ext, "Basic !!!not-base64").statusCode()).isEqualTo(401);
    HttpResponse<Buffer> viaBasic = get("/v1/credentials/" + ext, basic("kamailio", TestNode.SIP_KEY));
    assertThat(viaBasic.statusCode()).as(TestNode.status(viaBasic)).isEqualTo(200);
    assertThat(viaBasic.bodyAsJsonObject().getString("password")).isEqualTo(legs.get(ext));
    assertThat(viaBasic.bodyAsJsonObject().containsKey("callId")).isFalse();
    // the seconds left, for SIP servers that cap a registration's expiry and cannot parse expiresAt
    long left = java.time.Duration.between(java.time.Instant.now(), java.time.Instant.parse(viaBasic.bodyAsJsonObject().getString("expiresAt"))).toSeconds();
    assertThat(viaBasic.bodyAsJsonObject().getLong("expiresIn")).isBetween(left - 2, left + 1).isPositive();
    // unknown paths and extensions answer in this face's format
    HttpResponse<Buffer> nowhere = get("/v2/nothing", "Bearer " + TestNode.SIP_KEY);
    assertThat(nowhere.statusCode()).isEqualTo(404);
    assertThat(nowhere.bodyAsJsonObject().getString("error")).isEqualTo("no such endpoint");
    assertThat(get("/v1/credentials/12ab", "Bearer " + TestNode.SIP_KEY).bodyAsJsonObject().getString("error")).contains("no live");
    assertThat(get("/v1/credentials/2000000000", "Bearer " + TestNode.SIP_KEY).statusCode()).isEqualTo(404);
  }

  @Test
  void asteriskRealtimeServesLiveExtensionsOnly() throws Exception {
    String ext = legs.keySet().stream().sorted().findFirst().orElseThrow();
    HttpResponse<Buffer> auth = asterisk("ps_auths", "single", "id=" + ext);
    assertThat(auth.statusCode()).isEqualTo(200);
    assertThat(auth.getHeader("content-type")).startsWith("text/plain");
    Map<String, String> a = row(auth.bodyAsString().trim());
    assertThat(a).containsEntry("id", ext).containsEntry("auth_type", "userpass").containsEntry("username", ext)
        .containsEntry("password", legs.get(ext));

    Map<String, String> e = row(text("ps_endpoints", "single", "id=" + ext).trim());
    assertThat(e).containsEntry("id", ext).containsEntry("transport", "transport-tcp").containsEntry("aors", ext)
        .containsEntry("auth", ext).containsEntry("context", "portier-mobile").containsEntry("disallow", "all")
        .containsEntry("allow", "alaw,h264").containsEntry("dtmf_mode", "rfc4733").containsEntry("rtp_symmetric", "yes")
        .containsEntry("force_rport", "yes").containsEntry("rewrite_contact", "yes").containsEntry("direct_media", "no")
        .containsEntry("ice_support", "yes");
    assertThat(text("ps_endpoints", "single", "id=" + ext)).contains("allow=alaw%2Ch264");
    Map<String, String> aor = row(text("ps_aors", "single", "id=" + ext).trim());
    assertThat(aor).containsEntry("id", ext).containsEntry("max_contacts", "1").containsEntry("remove_existing", "yes");

    // multi: Asterisk sends "id LIKE=%" URI-encoded; one row per line
    String[] lines = text("ps_endpoints", "multi", "id%20LIKE=%25").split("\n");
    assertThat(lines).hasSize(2);
    assertThat(List.of(row(lines[0]).get("id"), row(lines[1]).get("id"))).containsExactlyInAnyOrderElementsOf(legs.keySet());
    assertThat(text("ps_auths", "multi", "username%20LIKE=" + ext.substring(0, 4) + "%25").split("\n")).hasSize(2);
    assertThat(text("ps_auths", "multi", "id=" + ext).trim()).contains("password=" + legs.get(ext));
    // no match: an empty body
    assertThat(text("ps_auths", "single", "id=1999999999")).isEmpty();
    assertThat(text("ps_auths", "single", "nosuchfield=1")).isEmpty();
    // writes are not supported (no row changed), require is fine, static has no lines
    assertThat(text("ps_endpoints", "store", "id=1&context=x")).isEqualTo("0");
    assertThat(text("ps_endpoints", "update?id=" + ext, "context=x")).isEqualTo("0");
    assertThat(text("ps_endpoints", "destroy", "id=" + ext)).isEqualTo("0");
    assertThat(text("ps_endpoints", "require", "id=char%3A40")).isEqualTo("0");
    assertThat(text("ps_endpoints", "static", "")).isEmpty();
    HttpResponse<Buffer> other = asterisk("sippeers", "single", "name=1");
    assertThat(other.statusCode()).isEqualTo(404);
    assertThat(other.bodyAsJsonObject().getString("error")).contains("ps_endpoints");

    // the auth lookup is the phone registering: the leg shows its credentials fetched
    JsonObject status = await(node.integration(HttpMethod.GET, "/door-calls/" + callId).send()).bodyAsJsonObject();
    status.getJsonArray("legs").forEach(o -> {
      JsonObject leg = (JsonObject) o;
      assertThat(leg.getBoolean("credentialsFetched")).isEqualTo(leg.getString("extension").equals(ext));
    });

    // after the call ends nothing is served
    assertThat(await(node.integration(HttpMethod.DELETE, "/door-calls/" + callId).send()).statusCode()).isEqualTo(204);
    assertThat(text("ps_auths", "single", "id=" + ext)).isEmpty();
    assertThat(text("ps_endpoints", "multi", "id%20LIKE=%25")).isEmpty();
    assertThat(get("/v1/credentials/" + ext, "Bearer " + TestNode.SIP_KEY).statusCode()).isEqualTo(404);
  }

  @Test
  void haOneMatchesTheDigestRealm() throws Exception {
    String ext = legs.keySet().iterator().next();
    JsonObject c = get("/v1/credentials/" + ext, "Bearer " + TestNode.SIP_KEY).bodyAsJsonObject();
    assertThat(c.fieldNames()).containsExactlyInAnyOrder("extension", "password", "ha1", "realm", "expiresAt", "expiresIn");
    assertThat(c.getString("ha1")).isEqualTo(Secrets.md5Hex(ext + ":portier:" + legs.get(ext)));
  }
}
