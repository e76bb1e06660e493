package org.portier.push;

import static org.assertj.core.api.Assertions.assertThat;
import static org.portier.push.PushTestKit.await;
import static org.portier.push.PushTestKit.fcmCall;
import static org.portier.push.PushTestKit.send;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import io.vertx.sqlclient.SqlConnection;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.portier.bus.Addresses;
import org.portier.testing.FakeFcm;
import org.portier.testing.PushOutcomes;
import org.portier.testing.TestNode;

/**
 * The push actor's queues are bounded: rows waiting for their outbox write past push.maxUnwritten
 * make push.send fail at once with 503 "push outbox busy", and pushes waiting for a provider's
 * credentials are kept in the outbox only, not in memory.
 */
@ExtendWith(VertxExtension.class)
class PushQueueBoundsTest {
  private TestNode node;
  private FakeFcm fcm;

  @AfterEach
  void stop() {
    if (node != null) await(node.stop());
    if (fcm != null) await(fcm.close());
  }

  @Test
  void aStalledStoreMakesPushSendAnswerBusyInsteadOfQueueing(Vertx vertx) throws Exception {
    node = TestNode.inTempDir();
    node.set("store.poolSize", 1).set("push.maxUnwritten", 2);
    await(node.start(vertx));
    // The store stalls: its only connection is taken.
    SqlConnection held = await(node.portier().store().pool().getConnection());
    Future<Message<JsonObject>> waiting;
    try {
      waiting = vertx.eventBus().request(Addresses.PUSH_SEND, pushes(fcmCall("stall-1")));
      // Another two would pass the limit: refused at once, not queued behind the stalled write.
      ReplyException busy = failure(vertx.eventBus().request(Addresses.PUSH_SEND, pushes(fcmCall("stall-2"), fcmCall("stall-3")),
          new DeliveryOptions().setSendTimeout(5_000)));
      assertThat(busy.failureCode()).isEqualTo(503);
      assertThat(busy.getMessage()).startsWith("push outbox busy: ").contains("push.maxUnwritten");
      assertThat(PushBusy.is(busy)).isTrue();
      assertThat(waiting.isComplete()).as("the first request still waits for the store").isFalse();
    } finally {
      await(held.close());
    }
    // The store is back: the waiting request is persisted, and new ones are taken again.
    assertThat(await(waiting).body().getJsonArray("ids")).hasSize(1);
    assertThat(send(vertx, fcmCall("after-1"), fcmCall("after-2"))).hasSize(2);
    assertThat(status(vertx).getLong("unwritten")).isZero();
  }

  @Test
  void parkedPushesWaitInTheOutboxOnlyAndGoOutAfterARestartWithCredentials(Vertx vertx) {
    node = TestNode.inTempDir();
    await(node.start(vertx));
    try (PushOutcomes outcomes = PushOutcomes.listen(vertx)) {
      List<String> ids = send(vertx, fcmCall("park-1"), fcmCall("park-2"), fcmCall("park-3"));
      ids.forEach(id -> outcomes.await(id, PushState.NO_PROVIDER));
      JsonObject status = status(vertx);
      assertThat(status.getJsonObject("fcm").getLong("parked")).as(status.encode()).isEqualTo(3);
      assertThat(status.getInteger("live")).as("parked pushes are not held in memory: " + status.encode()).isZero();
      assertThat(status.getJsonObject("fcm").getInteger("waiting")).isZero();

      // a parked push whose TTL passes is expired from the outbox
      String short1 = send(vertx, fcmCall("park-short").put("ttlSeconds", 1)).get(0);
      outcomes.await(short1, PushState.NO_PROVIDER);
      assertThat(outcomes.when(short1, PushState.EXPIRED).orTimeout(15, TimeUnit.SECONDS).join().getString("lastError"))
          .contains("no provider");
    }
    await(node.stop());

    fcm = await(FakeFcm.start(vertx));
    FakeFcm.configure(node, fcm);
    await(node.start(vertx));
    fcm.await(3);
    assertThat(fcm.received()).extracting(FakeFcm.Request::token).containsExactlyInAnyOrder("park-1", "park-2", "park-3");
  }

  private static JsonObject pushes(JsonObject... p) {
    return new JsonObject().put("pushes", new JsonArray(List.of((Object[]) p)));
  }

  private static JsonObject status(Vertx vertx) {
    return await(vertx.eventBus().<JsonObject>request(PushVerticle.STATUS, new JsonObject())).body();
  }

  private static ReplyException failure(Future<?> f) throws Exception {
    try {
      f.toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof ReplyException r) return r;
      throw e;
    }
    throw new AssertionError("push.send was accepted");
  }
}
