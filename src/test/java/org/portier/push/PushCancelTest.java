package org.portier.push;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.portier.push.PushTestKit.await;
import static org.portier.push.PushTestKit.fcmCall;
import static org.portier.push.PushTestKit.row;
import static org.portier.push.PushTestKit.send;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.Message;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import io.vertx.sqlclient.SqlConnection;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.portier.bus.Addresses;
import org.portier.testing.CapturedLog;
import org.portier.testing.FakeFcm;
import org.portier.testing.PushOutcomes;
import org.portier.testing.TestNode;

/**
 * push.cancel (a door call ended): the call's pushes that no provider accepted yet end as expired,
 * the reason as their error, and never reach the provider, wherever they wait; other pushes go on.
 */
@ExtendWith(VertxExtension.class)
class PushCancelTest {
  private static final String ENDED = "call:X:1";
  private static final String OTHER = "call:Y:1";
  private TestNode node;
  private FakeFcm fcm;
  private HoldingFcm holding;

  @AfterEach
  void stop() {
    if (node != null) await(node.stop());
    if (fcm != null) await(fcm.close());
    if (holding != null) await(holding.close());
  }

  @Test
  void queuedBehindABlockedLaneTheyEndAtOnceAndNeverGoOut(Vertx vertx) {
    holding = await(HoldingFcm.start(vertx));
    node = TestNode.inTempDir();
    holding.configure(node);
    node.set("push.maxInFlight", 1);
    await(node.start(vertx));
    try (PushOutcomes outcomes = PushOutcomes.listen(vertx)) {
      // One attempt at a time, and the provider holds the first answer back: the others wait in the lane.
      String inFlight = send(vertx, fcmCall("x-in-flight").put("ref", ENDED)).get(0);
      holding.firstArrived();
      String queued = send(vertx, fcmCall("x-queued").put("ref", ENDED)).get(0);
      String other = send(vertx, fcmCall("y-queued").put("ref", OTHER)).get(0);

      cancel(vertx, ENDED, "door call ended");
      JsonObject expired = outcomes.await(queued, PushState.EXPIRED);
      assertThat(expired.getString("lastError")).isEqualTo("door call ended");
      assertThat(expired.getString("ref")).isEqualTo(ENDED);

      holding.release();
      // In flight when the cancel came: the provider took it, and that cannot be recalled.
      outcomes.await(inFlight, PushState.ACCEPTED);
      outcomes.await(other, PushState.ACCEPTED);
      assertThat(holding.tokens()).containsExactly("x-in-flight", "y-queued");
      assertThat(row(node, queued).getString("state")).isEqualTo(PushState.EXPIRED);
      assertThat(row(node, queued).getString("last_error")).isEqualTo("door call ended");
      assertThat(row(node, inFlight).getString("state")).isEqualTo(PushState.ACCEPTED);
    }
  }

  @Test
  void waitingOutARetryBackoffTheyEndAtOnceAndAreNotRetried(Vertx vertx) throws Exception {
    fcm = await(FakeFcm.start(vertx));
    fcm.unavailableThenOk("x-retry", 1);
    node = TestNode.inTempDir();
    FakeFcm.configure(node, fcm);
    node.set("push.retryBase", "2s").set("push.retryMax", "2s");
    await(node.start(vertx));
    try (PushOutcomes outcomes = PushOutcomes.listen(vertx)) {
      String id = send(vertx, fcmCall("x-retry").put("ref", ENDED)).get(0);
      outcomes.await(id, PushState.RETRYING);
      cancel(vertx, ENDED, "door call ended");
      // Well before the backoff (1 to 2 s) is over.
      JsonObject expired = outcomes.when(id, PushState.EXPIRED).get(900, TimeUnit.MILLISECONDS);
      assertThat(expired.getString("lastError")).isEqualTo("door call ended");
      // The retry would have come within 2 s of the failure.
      assertThatThrownBy(() -> outcomes.when(id, PushState.ACCEPTED).get(3, TimeUnit.SECONDS)).isInstanceOf(TimeoutException.class);
      assertThat(fcm.receivedFor("x-retry")).hasSize(1);
      assertThat(row(node, id).getString("state")).isEqualTo(PushState.EXPIRED);
    }
  }

  @Test
  void aCancelBeforeASlowOutboxWriteCommitsStillStopsThePush(Vertx vertx) throws Exception {
    fcm = await(FakeFcm.start(vertx));
    node = TestNode.inTempDir();
    FakeFcm.configure(node, fcm);
    node.set("store.poolSize", 1);
    await(node.start(vertx));
    try (PushOutcomes outcomes = PushOutcomes.listen(vertx); CapturedLog log = CapturedLog.start()) {
      // The store stalls: its only connection is taken, so the push.send cannot commit yet.
      SqlConnection held = await(node.portier().store().pool().getConnection());
      Future<Message<JsonObject>> slow;
      try {
        slow = vertx.eventBus().request(Addresses.PUSH_SEND, new JsonObject().put("pushes", new JsonArray().add(fcmCall("x-slow").put("ref", ENDED))));
        cancel(vertx, ENDED, "door call ended");
        waitFor(() -> log.text().contains("push.cancel for 1 ref(s) (door call ended)"));
        assertThat(slow.isComplete()).as("the push.send still waits for the store").isFalse();
      } finally {
        await(held.close());
      }
      String id = await(slow).body().getJsonArray("ids").getString(0);
      assertThat(outcomes.await(id, PushState.EXPIRED).getString("lastError")).isEqualTo("door call ended");

      // A push of another call still goes, and the cancelled one never followed it.
      String other = send(vertx, fcmCall("y-later").put("ref", OTHER)).get(0);
      outcomes.await(other, PushState.ACCEPTED);
      assertThat(fcm.received()).extracting(FakeFcm.Request::token).containsExactly("y-later");
      // A push.send arriving after the cancel is stopped by the remembered ref too.
      String late = send(vertx, fcmCall("x-late").put("ref", ENDED)).get(0);
      outcomes.await(late, PushState.EXPIRED);
      assertThat(fcm.receivedFor("x-late")).isEmpty();
      assertThat(row(node, id).getString("state")).isEqualTo(PushState.EXPIRED);
    }
  }

  @Test
  void parkedInTheOutboxForAProviderWithoutCredentialsTheyEndThereAndNeverGoOut(Vertx vertx) {
    node = TestNode.inTempDir();
    await(node.start(vertx));
    String parked;
    String other;
    try (PushOutcomes outcomes = PushOutcomes.listen(vertx)) {
      parked = send(vertx, fcmCall("x-parked").put("ref", ENDED)).get(0);
      other = send(vertx, fcmCall("y-parked").put("ref", OTHER)).get(0);
      outcomes.await(parked, PushState.NO_PROVIDER);
      outcomes.await(other, PushState.NO_PROVIDER);
      cancel(vertx, ENDED, null);
      JsonObject expired = outcomes.await(parked, PushState.EXPIRED);
      assertThat(expired.getString("lastError")).as("the default reason").isEqualTo("call ended");
      assertThat(expired.getString("ref")).isEqualTo(ENDED);
      assertThat(expired.getString("provider")).isEqualTo("fcm");
    }
    await(node.stop());

    // Credentials arrive: only the push of the call still live goes out.
    fcm = await(FakeFcm.start(vertx));
    FakeFcm.configure(node, fcm);
    try (PushOutcomes outcomes = PushOutcomes.listen(vertx)) {
      await(node.start(vertx));
      outcomes.await(other, PushState.ACCEPTED);
    }
    assertThat(fcm.received()).extracting(FakeFcm.Request::token).containsExactly("y-parked");
    assertThat(row(node, parked).getString("state")).isEqualTo(PushState.EXPIRED);
    assertThat(row(node, parked).getString("last_error")).isEqualTo("call ended");
  }

  private static void cancel(Vertx vertx, String ref, String reason) {
    JsonObject body = new JsonObject().put("refs", new JsonArray().add(ref));
    if (reason != null) body.put("reason", reason);
    vertx.eventBus().publish(Addresses.PUSH_CANCEL, body);
  }

  private static void waitFor(java.util.function.BooleanSupplier condition) throws InterruptedException {
    long until = System.currentTimeMillis() + 10_000;
    while (!condition.getAsBoolean()) {
      if (System.currentTimeMillis() > until) throw new AssertionError("condition not met within 10 s");
      Thread.sleep(10);
    }
  }

  /** An FCM stand-in that holds every answer back until {@link #release}, then answers 200 (and answers later ones at once). */
  private static final class HoldingFcm {
    private final HttpServer server;
    private final List<String> tokens = new ArrayList<>();
    private final List<HttpServerRequest> parked = new ArrayList<>();
    private final CompletableFuture<Void> first = new CompletableFuture<>();
    private boolean holding = true;

    private HoldingFcm(Vertx vertx) {
      server = vertx.createHttpServer().requestHandler(this::handle);
    }

    static Future<HoldingFcm> start(Vertx vertx) {
      HoldingFcm h = new HoldingFcm(vertx);
      return h.server.listen(0, "127.0.0.1").map(s -> h);
    }

    void configure(TestNode node) {
      Path file = node.dir.resolve("fcm-holding-service-account.json");
      try {
        Files.createDirectories(node.dir);
        Files.writeString(file, new JsonObject().put("type", "service_account").put("project_id", FakeFcm.PROJECT)
            .put("client_email", "portier-test@" + FakeFcm.PROJECT + ".iam.gserviceaccount.com").encode());
      } catch (java.io.IOException e) {
        throw new java.io.UncheckedIOException(e);
      }
      node.set("push.fcm.serviceAccount", file.toString()).set("push.fcm.projectId", FakeFcm.PROJECT)
          .set("push.fcm.endpoint", "http://127.0.0.1:" + server.actualPort());
    }

    private void handle(HttpServerRequest req) {
      req.body().onSuccess(buf -> {
        String token = buf.toJsonObject().getJsonObject("message", new JsonObject()).getString("token");
        synchronized (this) {
          tokens.add(token);
          first.complete(null);
          if (holding) {
            parked.add(req);
            return;
          }
        }
        answer(req);
      });
    }

    private static void answer(HttpServerRequest req) {
      req.response().setStatusCode(200).putHeader("content-type", "application/json; charset=UTF-8")
          .end(new JsonObject().put("name", "projects/" + FakeFcm.PROJECT + "/messages/" + System.nanoTime()).encode());
    }

    /** Waits until the first request arrived. */
    void firstArrived() {
      await(Future.fromCompletionStage(first));
    }

    void release() {
      List<HttpServerRequest> waiting;
      synchronized (this) {
        holding = false;
        waiting = new ArrayList<>(parked);
        parked.clear();
      }
      waiting.forEach(HoldingFcm::answer);
    }

    synchronized List<String> tokens() {
      return new ArrayList<>(tokens);
    }

    Future<Void> close() {
      release();
      return server.close();
    }
  }
}
