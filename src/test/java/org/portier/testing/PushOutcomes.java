package org.portier.testing;

import io.vertx.core.Vertx;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.portier.push.PushVerticle;

/**
 * Listens to {@link PushVerticle#OUTCOMES} (published after each committed outbox state change) so a
 * test can wait for "row 12 became accepted" instead of polling or sleeping. Create it before the
 * pushes are sent; it keeps every event it saw.
 *
 * <pre>
 * PushOutcomes outcomes = PushOutcomes.listen(vertx);
 * JsonObject e = outcomes.await("12", "accepted");   // {"id","state","attempts","provider",...}
 * </pre>
 */
public final class PushOutcomes implements AutoCloseable {
  private static final long AWAIT_SECONDS = 15;
  private final MessageConsumer<JsonObject> consumer;
  private final List<JsonObject> seen = new ArrayList<>();
  private final Map<String, CompletableFuture<JsonObject>> waiters = new HashMap<>();

  private PushOutcomes(Vertx vertx) {
    consumer = vertx.eventBus().consumer(PushVerticle.OUTCOMES, m -> onEvent(m.body()));
  }

  public static PushOutcomes listen(Vertx vertx) {
    PushOutcomes o = new PushOutcomes(vertx);
    try {
      o.consumer.completion().toCompletionStage().toCompletableFuture().get(AWAIT_SECONDS, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
    return o;
  }

  private synchronized void onEvent(JsonObject e) {
    seen.add(e);
    CompletableFuture<JsonObject> w = waiters.remove(e.getString("id") + "/" + e.getString("state"));
    if (w != null) w.complete(e);
  }

  /** The first event that put row {@code id} in {@code state}, once it is committed. */
  public synchronized CompletableFuture<JsonObject> when(String id, String state) {
    for (JsonObject e : seen) if (e.getString("id").equals(id) && e.getString("state").equals(state)) return CompletableFuture.completedFuture(e);
    return waiters.computeIfAbsent(id + "/" + state, k -> new CompletableFuture<>());
  }

  /** Waits up to 15 s for row {@code id} to reach {@code state}. */
  public JsonObject await(String id, String state) {
    try {
      return when(id, state).get(AWAIT_SECONDS, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new AssertionError("push " + id + " did not become " + state + "; events for it: " + eventsFor(id), e);
    }
  }

  public synchronized List<JsonObject> eventsFor(String id) {
    return seen.stream().filter(e -> e.getString("id").equals(id)).toList();
  }

  public synchronized List<JsonObject> all() {
    return List.copyOf(seen);
  }

  @Override
  public void close() {
    consumer.unregister();
  }
}
