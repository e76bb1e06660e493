package org.portier.push;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.portier.config.ConfigValidator;
import org.portier.testing.TestNode;

/** Finished outbox rows go after push.keepFinished; unfinished ones and recent ones stay. */
@ExtendWith(VertxExtension.class)
class OutboxRetentionTest {
  private static final long CUTOFF = 1_000_000L;
  private TestNode node;
  private Pool pool;

  private static <T> T get(Future<T> f) throws Exception {
    return f.toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
  }

  @BeforeEach
  void start(Vertx vertx) throws Exception {
    node = TestNode.inTempDir();
    get(node.start(vertx));
    pool = node.portier().store().pool();
  }

  @AfterEach
  void stop() throws Exception {
    get(node.stop());
  }

  private void rows(long firstId, int count, String state, long updatedAt) throws Exception {
    List<Tuple> batch = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      batch.add(Tuple.of(firstId + i, updatedAt, updatedAt, "apns", "tok" + (firstId + i), "voip", "{}", state)
          .addValue(Long.MAX_VALUE));
    }
    get(pool.preparedQuery("INSERT INTO push_outbox (id, created_at, updated_at, provider, token, token_kind, push_type, priority,"
        + " expires_at, payload, state, next_attempt_at) VALUES (?, ?, ?, ?, ?, ?, 'voip', 10, 0, ?, ?, ?)").executeBatch(batch));
  }

  private List<String> left() throws Exception {
    List<String> out = new ArrayList<>();
    for (Row r : get(pool.query("SELECT state, COUNT(*) FROM push_outbox WHERE id >= 900000000 GROUP BY state ORDER BY state").execute())) {
      out.add(r.getString(0) + "=" + r.getLong(1));
    }
    return out;
  }

  @Test
  void onlyFinishedRowsOlderThanTheCutoffGo(Vertx vertx) throws Exception {
    // The running actor's own purge keeps rows back to 1970 here, so only this test's purge deletes
    // (on a loaded machine the actor's first round could otherwise take some of the rows first).
    get(node.stop());
    node.set("push.keepFinished", "500000h");
    get(node.start(vertx));
    pool = node.portier().store().pool();
    long id = 900_000_000L;
    // old and finished, more than one batch of them
    rows(id, OutboxRetention.BATCH + 7, PushState.ACCEPTED, CUTOFF - 10);
    rows(id += 2000, 3, PushState.REJECTED, CUTOFF - 1);
    rows(id += 100, 3, PushState.FAILED, 5);
    rows(id += 100, 3, PushState.EXPIRED, CUTOFF - 500);
    // old but unfinished: never purged, whatever their age
    rows(id += 100, 2, PushState.QUEUED, 1);
    rows(id += 100, 2, PushState.RETRYING, 1);
    rows(id += 100, 2, PushState.NO_PROVIDER, 1);
    // finished but recent
    rows(id += 100, 4, PushState.ACCEPTED, CUTOFF);

    int purged = get(new OutboxRetention(pool).purge(CUTOFF));

    assertThat(purged).isEqualTo(OutboxRetention.BATCH + 7 + 9);
    assertThat(left()).containsExactly("accepted=4", "no_provider=2", "queued=2", "retrying=2");
    assertThat(get(new OutboxRetention(pool).purge(CUTOFF))).as("nothing left to purge").isZero();
  }

  @Test
  void theRunningPushActorPurgesSoonAfterItStarts(Vertx vertx) throws Exception {
    rows(900_000_000L, 5, PushState.ACCEPTED, 1);
    // unfinished and old: resumed at the start (expired there, as its TTL has passed), never purged
    rows(900_000_100L, 2, PushState.QUEUED, 1);
    get(node.stop());
    get(node.start(vertx));
    pool = node.portier().store().pool();
    long deadline = System.currentTimeMillis() + 10_000;
    while (left().contains("accepted=5") && System.currentTimeMillis() < deadline) Thread.sleep(50);
    assertThat(left()).containsExactly("expired=2");
  }

  @Test
  void keepFinishedIsADurationOfAtLeastAMinute() {
    assertThat(ConfigValidator.check(new io.vertx.core.json.JsonObject().put("push", new io.vertx.core.json.JsonObject()
        .put("keepFinished", "30s")))).containsExactly("push.keepFinished: must be at least 1m");
    assertThat(ConfigValidator.check(new io.vertx.core.json.JsonObject().put("push", new io.vertx.core.json.JsonObject()
        .put("keepFinished", "7d")))).singleElement().asString().startsWith("push.keepFinished: ");
    assertThat(ConfigValidator.check(new io.vertx.core.json.JsonObject().put("push", new io.vertx.core.json.JsonObject()
        .put("keepFinished", "720h")))).isEmpty();
  }
}
