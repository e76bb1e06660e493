package org.portier.mxpush;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.junit5.VertxExtension;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.portier.mx.MxSimulator;
import org.portier.mxproxy.MxLiveSession;
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
  static final String VOIP = "cc".repeat(32);
  static final String FCM = "fcm-token_restart:XYZ";

  private MxLiveSession session;
  private MxSimulator sim;
  private TestNode node;
  private FakeApns apns;
  private FakeFcm fcm;

  private static <T> T get(Future<T> f) throws Exception {
    return f.toCompletionStage().toCompletableFuture().get(20, TimeUnit.SECONDS);
  }

  @BeforeEach
  void start(Vertx vertx) throws Exception {
    apns = FakeApns.start();
    fcm = get(FakeFcm.start(vertx));
    session = MxLiveSession.start(vertx, n -> {
      FakeApns.configure(n, apns);
      FakeFcm.configure(n, fcm);
      n.set("mxproxy.fcmApps", new JsonArray().add("vialer"));
    });
    sim = session.sim;
    node = session.node;
  }

  @AfterEach
  void stop() throws Exception {
    session.stop();
    get(fcm.close());
    apns.close();
  }

  private HttpResponse<Buffer> bearer(HttpMethod method, String path, String jwt) throws Exception {
    return get(node.http(method, path).bearerTokenAuthentication(jwt).send());
  }

  @Test
  void aRestartKeepsTheSessionTheTokenAndThePushTokens(Vertx vertx) throws Exception {
    String jwt = session.token;
    String mx = MxLiveSession.MX;
    assertThat(bearer(HttpMethod.PUT, "/tokens/apn/" + FakeApns.VOIP_TOPIC + "/" + VOIP, jwt).statusCode()).isEqualTo(204);
    assertThat(bearer(HttpMethod.PUT, "/tokens/fcm/vialer/" + FCM, jwt).statusCode()).isEqualTo(204);
    int sessionsBefore = sim.sessionsAccepted();

    get(node.stop());
    long restartedAt = System.currentTimeMillis();
    get(node.start(vertx));

    // Portier logs the user in again on its own (no POST /auth) and monitors the extension again
    get(sim.awaitFrame(f -> mx.equals(f.login()) && "MonitorStart".equals(f.name()) && f.at() >= restartedAt));
    assertThat(sim.sessionsAccepted()).isGreaterThan(sessionsBefore);

    // the token issued before the restart still works, and tells the live session
    HttpResponse<Buffer> me = bearer(HttpMethod.GET, "/auth", jwt);
    assertThat(me.statusCode()).as(TestNode.status(me)).isEqualTo(200);
    assertThat(me.bodyAsJsonObject().getString("ext")).isEqualTo(MxLiveSession.EXT);

    // and the phones registered before the restart still ring
    sim.inject(mx, MxPushEndToEndTest.delivered("31", MxLiveSession.EXT));
    FakeApns.Notification voip = apns.await(1);
    assertThat(voip.token()).isEqualTo(VOIP);
    assertThat(voip.pushType()).isEqualTo("voip");
    assertThat(voip.payload().getString("type")).isEqualTo("Delivered");
    assertThat(voip.payload().getLong("callId")).isEqualTo(31L);
    FakeFcm.Request data = fcm.await(1);
    assertThat(data.token()).isEqualTo(FCM);
    assertThat(data.data().getString("callId")).isEqualTo("31");

    // exactly one live session for the user after the restart: one push per token, not two
    assertThat(sim.sessionsOf(mx)).hasSize(1);
  }
}
