package org.portier.doorcall;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.junit5.VertxExtension;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.portier.bus.Addresses;
import org.portier.testing.TestNode;

/**
 * What push.send's answer means for a call: a late answer (timeout) keeps the call live, since its
 * pushes may still go out; a refusal (busy) fails it at once; and an ended call's pushes are withdrawn.
 */
@ExtendWith(VertxExtension.class)
class DoorCallPushSendTest {
  private DoorCallFixture fx;
  private final List<JsonObject> cancels = new CopyOnWriteArrayList<>();

  @BeforeEach
  void setUp(Vertx vertx) throws Exception {
    DoorCallVerticle.pushSendTimeoutMs = 500;
    fx = new DoorCallFixture(vertx, TestNode.inTempDir()).start();
    String h = fx.house("Lesnaya 3");
    fx.door(h, 500001, 0, null);
    String flat = fx.flat(h, "12");
    String s = fx.subscriber(flat, "79006660001");
    fx.device(s, "ios", null, null, "ios-voip-token-slow00001");
    fx.device(s, "android", "fcm", "android-fcm-token-slow001", null);
    vertx.eventBus().<JsonObject>consumer(Addresses.PUSH_CANCEL, m -> cancels.add(m.body()));
  }

  @AfterEach
  void tearDown() throws Exception {
    DoorCallVerticle.pushSendTimeoutMs = 10_000;
    DoorCallFixture.await(fx.stop());
  }

  private HttpResponse<Buffer> post() throws Exception {
    return fx.startCall(new JsonObject().put("panelId", 500001).put("flatNumber", "12"));
  }

  /** extension -> password, from the pushes of the last push.send request. */
  private Map<String, String> passwords() {
    Map<String, String> out = new HashMap<>();
    fx.pushRequests.get(fx.pushRequests.size() - 1).getJsonArray("pushes").forEach(p -> {
      JsonObject d = ((JsonObject) p).getJsonObject("data");
      out.put(d.getString("extension"), d.getString("pass"));
    });
    return out;
  }

  private void credentialsAre(Map<String, String> creds, int status) throws Exception {
    for (Map.Entry<String, String> e : creds.entrySet()) {
      HttpResponse<Buffer> r = fx.sip(HttpMethod.GET, "/v1/credentials/" + e.getKey());
      assertThat(r.statusCode()).as(TestNode.status(r)).isEqualTo(status);
      if (status == 200) assertThat(r.bodyAsJsonObject().getString("password")).isEqualTo(e.getValue());
    }
  }

  /** Published before the HTTP answer, delivered on the listener's own context: wait for it. */
  private void awaitCancels(int n) throws InterruptedException {
    long deadline = System.currentTimeMillis() + 5_000;
    while (cancels.size() < n && System.currentTimeMillis() < deadline) Thread.sleep(10);
    assertThat(cancels).hasSize(n);
  }

  @Test
  void aPushSendThatAnswersLateKeepsTheCallLive(Vertx vertx) throws Exception {
    // the push actor commits and answers, but only after the door-call actor stopped waiting
    Promise<JsonObject> late = Promise.promise();
    fx.pushAnswer = (body, write) -> {
      vertx.setTimer(1_500, t -> write.apply(body).onComplete(late));
      return late.future();
    };
    HttpResponse<Buffer> r = post();
    assertThat(r.statusCode()).as(TestNode.status(r)).isEqualTo(201);
    JsonObject call = r.bodyAsJsonObject();
    assertThat(call.getString("state")).isEqualTo("pushed");
    assertThat(call.getBoolean("pushesConfirmed")).isFalse();
    assertThat(call.getJsonArray("legs")).hasSize(2);
    Map<String, String> creds = passwords();
    credentialsAre(creds, 200);

    // the pushes do go out: the phones ring with credentials that still work
    DoorCallFixture.await(late.future());
    String id = call.getString("callId");
    JsonObject status = fx.integration(HttpMethod.GET, "/door-calls/" + id).bodyAsJsonObject();
    assertThat(status.getString("state")).isIn("pushed", "registered");
    status.getJsonArray("legs").forEach(o -> {
      JsonObject leg = (JsonObject) o;
      assertThat(leg.getString("state")).isEqualTo("live");
      assertThat(leg.getJsonObject("push").getString("state")).isEqualTo("accepted");
    });
    credentialsAre(creds, 200);
    assertThat(fx.count("SELECT COUNT(*) FROM door_calls WHERE state = 'failed'")).isZero();
    assertThat(cancels).isEmpty();

    // a prompt answer is confirmed
    fx.pushAnswer = null;
    assertThat(post().bodyAsJsonObject().getBoolean("pushesConfirmed")).isTrue();
  }

  @Test
  void aBusyPushServiceFailsTheCallWithRetryAfter() throws Exception {
    fx.pushAnswer = (body, write) -> Future.failedFuture("push outbox busy: 2000 rows wait for the store");
    HttpResponse<Buffer> r = post();
    assertThat(r.statusCode()).as(TestNode.status(r)).isEqualTo(503);
    assertThat(r.getHeader("Retry-After")).isEqualTo("1");
    JsonObject body = r.bodyAsJsonObject();
    assertThat(body.getInteger("status")).isEqualTo(503);
    assertThat(body.getString("error")).isEqualTo("Service Unavailable");
    assertThat(body.getString("message")).contains("busy");
    credentialsAre(passwords(), 404);
    assertThat(fx.count("SELECT COUNT(*) FROM door_calls WHERE state = 'failed'")).isEqualTo(1);
    assertThat(fx.count("SELECT COUNT(*) FROM door_call_legs WHERE state <> 'revoked'")).isZero();
    // whatever the push actor may still hold of this call is withdrawn
    awaitCancels(1);
    assertThat(cancels.get(0).getJsonArray("refs")).hasSize(2);
  }

  @Test
  void theUnsentPushesOfAnEndedCallAreWithdrawn() throws Exception {
    JsonObject answered = post().bodyAsJsonObject();
    List<String> exts = answered.getJsonArray("legs").stream().map(o -> ((JsonObject) o).getString("extension")).toList();
    String id = answered.getString("callId");
    assertThat(fx.integration(HttpMethod.POST, "/door-calls/" + id + "/legs/" + exts.get(0) + "/answered").statusCode()).isEqualTo(204);
    // the phone that picked up keeps its push; the other one must not start ringing now
    awaitCancels(1);
    assertThat(cancels.get(0).getJsonArray("refs").getList()).containsExactly(PushRoute.ref(id, exts.get(1)));

    JsonObject deleted = post().bodyAsJsonObject();
    String id2 = deleted.getString("callId");
    assertThat(fx.integration(HttpMethod.DELETE, "/door-calls/" + id2).statusCode()).isEqualTo(204);
    awaitCancels(2);
    assertThat(cancels.get(1).getJsonArray("refs").getList()).containsExactlyInAnyOrderElementsOf(
        deleted.getJsonArray("legs").stream().map(o -> PushRoute.ref(id2, ((JsonObject) o).getString("extension"))).toList());
  }
}
