package org.portier.mxpush;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.junit5.VertxExtension;
import io.vertx.sqlclient.Tuple;
import java.util.Base64;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.portier.mx.MxFixture;
import org.portier.mx.MxSimulator;
import org.portier.testing.FakeApns;
import org.portier.testing.FakeFcm;
import org.portier.testing.TestNode;

/**
 * Nothing stood in: POST /auth → provisioning → the real MX actor → the simulator over TLS; tokens
 * registered with PUT /tokens; events injected at the simulator come out at FakeApns and FakeFcm.
 */
@ExtendWith(VertxExtension.class)
class MxPushEndToEndTest {
  static final String USER = "alice@example.com";
  static final String CLIENT = "client1";
  static final String SECRET = "client-secret-1";
  static final String EXT = "273";
  static final String VOIP = "aa".repeat(32);
  static final String ALERT = "bb".repeat(32);
  static final String FCM = "fcm-token_0123456789:abcdef-XYZ";

  private MxSimulator sim;
  private HttpServer provisioning;
  private TestNode node;
  private FakeApns apns;
  private FakeFcm fcm;

  private static <T> T get(Future<T> f) throws Exception {
    return f.toCompletionStage().toCompletableFuture().get(20, TimeUnit.SECONDS);
  }

  static String delivered(String callId, String called) {
    return "<DeliveredEvent><monitorCrossRefID>17</monitorCrossRefID><connection><callID>" + callId + "</callID><deviceID>" + called
        + "</deviceID><globalCallID>2808630435142226622</globalCallID></connection><alertingDevice><deviceIdentifier>" + called
        + "</deviceIdentifier></alertingDevice><callingDevice><deviceIdentifier>3044</deviceIdentifier></callingDevice><calledDevice>"
        + "<deviceIdentifier>" + called + "</deviceIdentifier></calledDevice><lastRedirectionDevice><deviceIdentifier>3044</deviceIdentifier>"
        + "</lastRedirectionDevice><localConnectionInfo>alerting</localConnectionInfo><cause>normal</cause>"
        + "<callTypeFlags>170917889</callTypeFlags></DeliveredEvent>";
  }

  static String held(String callId) {
    return "<HeldEvent><monitorCrossRefID>17</monitorCrossRefID><heldConnection><callID>" + callId + "</callID><deviceID>" + EXT
        + "</deviceID></heldConnection><holdingDevice><deviceIdentifier>" + EXT + "</deviceIdentifier></holdingDevice>"
        + "<cause>normal</cause></HeldEvent>";
  }

  @BeforeEach
  void start(Vertx vertx) throws Exception {
    sim = MxFixture.simulator(vertx, MxSimulator.User.of("alice", "mx-secret", EXT));
    provisioning = get(vertx.createHttpServer().requestHandler(req -> {
      String expected = "Basic " + Base64.getEncoder().encodeToString((USER + ":pw").getBytes());
      if (!expected.equals(req.getHeader("Authorization"))) {
        req.response().setStatusCode(401).end();
        return;
      }
      req.response().putHeader("content-type", "application/json").end(new JsonObject().put("MX", new JsonObject()
          .put("account_name", "alice").put("account_pwd", "mx-secret").put("address", "127.0.0.1")
          .put("csta_port", Integer.toString(sim.port())).put("csta_ssl", true).put("sn", "63022")).encode());
    }).listen(0, "127.0.0.1"));
    apns = FakeApns.start();
    fcm = get(FakeFcm.start(vertx));
    node = MxFixture.configure(TestNode.inTempDir());
    node.set("apps", new JsonObject().put(CLIENT, SECRET))
        .set("provisioning", "http://127.0.0.1:" + provisioning.actualPort() + "/config")
        .set("mxproxy.fcmApps", new JsonArray().add("vialer"));
    FakeApns.configure(node, apns);
    FakeFcm.configure(node, fcm);
    get(node.start(vertx));
  }

  @AfterEach
  void stop() throws Exception {
    get(node.stop());
    get(provisioning.close());
    get(sim.close());
    get(fcm.close());
    apns.close();
  }

  private String login() throws Exception {
    HttpResponse<Buffer> r = get(node.http(HttpMethod.POST, "/auth").basicAuthentication(CLIENT, SECRET)
        .sendForm(MultiMap.caseInsensitiveMultiMap().add("grant_type", "password").add("username", USER).add("password", "pw")));
    assertThat(r.statusCode()).as(TestNode.status(r)).isEqualTo(200);
    return r.bodyAsJsonObject().getString("access_token");
  }

  private void register(String token, String path) throws Exception {
    HttpResponse<Buffer> r = get(node.http(HttpMethod.PUT, path).bearerTokenAuthentication(token).send());
    assertThat(r.statusCode()).as(TestNode.status(r)).isEqualTo(204);
  }

  private int tokenRows(String token) throws Exception {
    return get(node.portier().store().pool().preparedQuery("SELECT COUNT(*) AS N FROM mx_push_tokens WHERE token = ?")
        .execute(Tuple.of(token))).iterator().next().getInteger("N");
  }

  @Test
  void incomingCallIsAVoipPushOthersAreAlertsAndDeadTokensGo() throws Exception {
    String jwt = login();
    register(jwt, "/tokens/apn/" + FakeApns.VOIP_TOPIC + "/" + VOIP);
    register(jwt, "/tokens/apn/" + FakeApns.BUNDLE + "/" + ALERT);
    register(jwt, "/tokens/fcm/vialer/" + FCM);

    // a call ringing another extension (alice's outgoing call) is not pushed; the next one, to her ext, is
    assertThat(sim.inject("alice", delivered("20", "3999"))).isEqualTo(1);
    sim.inject("alice", delivered("21", EXT));

    FakeApns.Notification voip = apns.await(1);
    assertThat(voip.token()).isEqualTo(VOIP);
    assertThat(voip.topic()).isEqualTo(FakeApns.VOIP_TOPIC);
    assertThat(voip.pushType()).isEqualTo("voip");
    assertThat(voip.priority()).isEqualTo(10);
    // the whole body is the event JSON of MX Proxy 2.1 (mx-proxy.md §3), byte for byte, no aps
    long ts = voip.payload().getLong("timestamp");
    assertThat(Math.abs(ts - System.currentTimeMillis() / 1000)).isLessThan(60);
    assertThat(voip.payload().encode()).isEqualTo("{\"type\":\"Delivered\",\"callId\":21,\"deviceId\":\"273\","
        + "\"globalCallId\":\"2808630435142226622\",\"callingDevice\":\"3044\",\"calledDevice\":\"273\",\"alertingDevice\":\"273\","
        + "\"lastRedirectionDevice\":\"3044\",\"localConnectionInfo\":\"alerting\",\"cause\":\"normal\",\"callTypeFlags\":170917889,"
        + "\"timestamp\":" + ts + "}");
    assertThat(voip.expiration() - System.currentTimeMillis() / 1000).isBetween(1L, MxPushes.CALL_TTL_SECONDS);

    FakeFcm.Request data = fcm.await(1);
    assertThat(data.token()).isEqualTo(FCM);
    assertThat(data.data().getString("type")).isEqualTo("Delivered");
    assertThat(data.data().getString("callId")).isEqualTo("21");
    assertThat(data.android().getString("priority")).isEqualToIgnoringCase("high");
    assertThat(data.message().containsKey("notification")).isFalse();

    // held: no VoIP push (iOS would kill the app), an alert on the plain bundle topic; FCM data
    sim.inject("alice", held("21"));
    FakeApns.Notification alert = apns.await(2);
    assertThat(alert.token()).isEqualTo(ALERT);
    assertThat(alert.topic()).isEqualTo(FakeApns.BUNDLE);
    assertThat(alert.pushType()).isEqualTo("alert");
    assertThat(alert.payload().getJsonObject("data").getString("type")).isEqualTo("HeldEvent");
    assertThat(alert.payload().getJsonObject("data").getString("releasingDevice")).isEqualTo(EXT);
    assertThat(alert.payload().getJsonObject("aps").getJsonObject("alert").getString("title")).isEqualTo("Call on hold");
    assertThat(fcm.await(2).data().getString("type")).isEqualTo("HeldEvent");
    // the call to another ext never went out
    assertThat(apns.received()).noneMatch(n -> n.payload().encode().contains("\"20\"") || n.payload().encode().contains(":20,"));
    assertThat(fcm.received()).noneMatch(r -> "20".equals(r.data().getString("callId")));

    // APNs says the VoIP token is Unregistered: its row goes, and the next call does not use it
    // (and FCM says UNREGISTERED for the FCM token)
    apns.reply(VOIP, FakeApns.Reply.unregistered());
    fcm.reply(FCM, FakeFcm.Reply.unregistered());
    sim.inject("alice", delivered("22", EXT));
    assertThat(apns.await(3).token()).isEqualTo(VOIP);
    assertThat(fcm.await(3).token()).isEqualTo(FCM);
    long deadline = System.currentTimeMillis() + 10_000;
    while (tokenRows(VOIP) + tokenRows(FCM) > 0 && System.currentTimeMillis() < deadline) Thread.sleep(20);
    assertThat(tokenRows(VOIP)).isZero();
    assertThat(tokenRows(FCM)).isZero();
    assertThat(tokenRows(ALERT)).isOne();

    sim.inject("alice", delivered("23", EXT));
    // with no VoIP token left the incoming call reaches the plain token as an alert
    FakeApns.Notification fallback = apns.await(4);
    assertThat(fallback.token()).isEqualTo(ALERT);
    assertThat(fallback.payload().getJsonObject("data").getString("callId")).isEqualTo("23");
    assertThat(fallback.payload().getString("type")).isEqualTo("Delivered");
    assertThat(fallback.payload().getJsonObject("aps").getJsonObject("alert").getString("title")).isEqualTo("Incoming call");
    assertThat(apns.receivedFor(VOIP)).hasSize(2);
    assertThat(fcm.count()).isEqualTo(3);
  }
}
