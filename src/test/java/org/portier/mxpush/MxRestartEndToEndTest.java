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
 * What an MX Proxy user expects of a restart: the apps neither log in again nor re-register their
 * tokens. Portier stops, starts on the same store, logs the user back in to MX by itself, honours
 * the token it issued before, and the next incoming call still reaches both phones.
 */
@ExtendWith(VertxExtension.class)
class MxRestartEndToEndTest {
  static final String USER = "bob@example.com";
  static final String EXT = "274";
  static final String VOIP = "cc".repeat(32);
  static final String FCM = "fcm-token_restart:XYZ";

  private MxSimulator sim;
  private HttpServer provisioning;
  private TestNode node;
  private FakeApns apns;
  private FakeFcm fcm;

  private static <T> T get(Future<T> f) throws Exception {
    return f.toCompletionStage().toCompletableFuture().get(20, TimeUnit.SECONDS);
  }

  @BeforeEach
  void start(Vertx vertx) throws Exception {
    sim = MxFixture.simulator(vertx, MxSimulator.User.of("bob", "mx-secret", EXT));
    provisioning = get(vertx.createHttpServer().requestHandler(req -> req.response().putHeader("content-type", "application/json")
        .end(new JsonObject().put("MX", new JsonObject().put("account_name", "bob").put("account_pwd", "mx-secret")
            .put("address", "127.0.0.1").put("csta_port", sim.port()).put("csta_ssl", true).put("sn", "63022")).encode()))
        .listen(0, "127.0.0.1"));
    apns = FakeApns.start();
    fcm = get(FakeFcm.start(vertx));
    node = MxFixture.configure(TestNode.inTempDir());
    node.set("apps", new JsonObject().put("client1", "client-secret-1"))
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

  private HttpResponse<Buffer> bearer(HttpMethod method, String path, String jwt) throws Exception {
    return get(node.http(method, path).bearerTokenAuthentication(jwt).send());
  }

  @Test
  void aRestartKeepsTheSessionTheTokenAndThePushTokens(Vertx vertx) throws Exception {
    HttpResponse<Buffer> login = get(node.http(HttpMethod.POST, "/auth").basicAuthentication("client1", "client-secret-1")
        .sendForm(MultiMap.caseInsensitiveMultiMap().add("grant_type", "password").add("username", USER).add("password", "pw")));
    assertThat(login.statusCode()).as(TestNode.status(login)).isEqualTo(200);
    String jwt = login.bodyAsJsonObject().getString("access_token");
    assertThat(bearer(HttpMethod.PUT, "/tokens/apn/" + FakeApns.VOIP_TOPIC + "/" + VOIP, jwt).statusCode()).isEqualTo(204);
    assertThat(bearer(HttpMethod.PUT, "/tokens/fcm/vialer/" + FCM, jwt).statusCode()).isEqualTo(204);
    int sessionsBefore = sim.sessionsAccepted();

    get(node.stop());
    long restartedAt = System.currentTimeMillis();
    get(node.start(vertx));

    // Portier logs bob in again on its own (no POST /auth) and monitors his extension again
    get(sim.awaitFrame(f -> "bob".equals(f.login()) && "MonitorStart".equals(f.name()) && f.at() >= restartedAt));
    assertThat(sim.sessionsAccepted()).isGreaterThan(sessionsBefore);

    // the token issued before the restart still works, and tells the live session
    HttpResponse<Buffer> me = bearer(HttpMethod.GET, "/auth", jwt);
    assertThat(me.statusCode()).as(TestNode.status(me)).isEqualTo(200);
    assertThat(me.bodyAsJsonObject().getString("ext")).isEqualTo(EXT);

    // and the phones registered before the restart still ring
    sim.inject("bob", MxPushEndToEndTest.delivered("31", EXT));
    FakeApns.Notification voip = apns.await(1);
    assertThat(voip.token()).isEqualTo(VOIP);
    assertThat(voip.pushType()).isEqualTo("voip");
    assertThat(voip.payload().getString("type")).isEqualTo("Delivered");
    assertThat(voip.payload().getLong("callId")).isEqualTo(31L);
    FakeFcm.Request data = fcm.await(1);
    assertThat(data.token()).isEqualTo(FCM);
    assertThat(data.data().getString("callId")).isEqualTo("31");

    // exactly one live session for bob after the restart: one push per token, not two
    assertThat(sim.sessionsOf("bob")).hasSize(1);
  }
}
