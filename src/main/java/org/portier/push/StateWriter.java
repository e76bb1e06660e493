package org.portier.push;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes row state changes in batches: while one batch commits, the next one gathers, so a burst
 * of outcomes costs a few commits (each one a disk sync on HSQLDB) instead of one per push. A change
 * is announced (the listener, which publishes {@code push.outcome}) only once it is committed.
 * Used on the PushVerticle's context only.
 */
final class StateWriter {
  private static final Logger LOG = LoggerFactory.getLogger(StateWriter.class);
  private static final int MAX_BATCH = 500;
  private static final int MAX_TRIES = 3;

  /** One state change: the row's new columns plus what the outcome event carries. */
  record Change(long id, String state, int attempts, long updatedAt, long nextAttemptAt, String lastError, String providerId,
      String ref, Long deviceId, String provider) {
    Tuple tuple() {
      Tuple t = Tuple.of(state, attempts, updatedAt, nextAttemptAt);
      t.addValue(lastError);
      t.addValue(providerId);
      return t.addValue(id);
    }

    JsonObject event() {
      JsonObject e = new JsonObject().put("id", Long.toString(id)).put("state", state).put("attempts", attempts).put("provider", provider);
      if (lastError != null) e.put("lastError", lastError);
      if (providerId != null) e.put("providerId", providerId);
      if (ref != null) e.put("ref", ref);
      if (deviceId != null) e.put("deviceId", Long.toString(deviceId));
      return e;
    }
  }

  private final Vertx vertx;
  private final Pool pool;
  private final Consumer<Change> committed;
  private List<Change> pending = new ArrayList<>();
  private boolean writing;
  private int tries;
  private Promise<Void> drained;
  /** Changes handed in so far, and how many of them are committed or given up on (batches end in order). */
  private long handedIn;
  private long settled;
  private final java.util.ArrayDeque<Barrier> barriers = new java.util.ArrayDeque<>();

  private record Barrier(long upTo, Promise<Void> promise) {}

  StateWriter(Vertx vertx, Pool pool, Consumer<Change> committed) {
    this.vertx = vertx;
    this.pool = pool;
    this.committed = committed;
  }

  void write(Change c) {
    handedIn++;
    pending.add(c);
    if (!writing) flush();
  }

  /** Completes once everything handed in so far is committed (or given up on). */
  Future<Void> drain() {
    if (!writing && pending.isEmpty()) return Future.succeededFuture();
    if (drained == null) drained = Promise.promise();
    return drained.future();
  }

  /**
   * Completes once every change handed in before this call is committed (or given up on); unlike
   * {@link #drain} it does not wait for changes handed in later, so it ends under a steady load too.
   */
  Future<Void> barrier() {
    if (settled >= handedIn) return Future.succeededFuture();
    Barrier b = new Barrier(handedIn, Promise.promise());
    barriers.add(b);
    return b.promise().future();
  }

  private void settle(int count) {
    settled += count;
    while (!barriers.isEmpty() && barriers.peek().upTo() <= settled) barriers.poll().promise().complete();
  }

  private void flush() {
    if (pending.isEmpty()) {
      writing = false;
      if (drained != null) {
        Promise<Void> d = drained;
        drained = null;
        d.complete();
      }
      return;
    }
    writing = true;
    List<Change> batch;
    if (pending.size() <= MAX_BATCH) {
      batch = pending;
      pending = new ArrayList<>();
    } else {
      batch = new ArrayList<>(pending.subList(0, MAX_BATCH));
      pending = new ArrayList<>(pending.subList(MAX_BATCH, pending.size()));
    }
    List<Tuple> tuples = new ArrayList<>(batch.size());
    for (Change c : batch) tuples.add(c.tuple());
    pool.withTransaction(conn -> conn.preparedQuery(Outbox.UPDATE_STATE).executeBatch(tuples)).onComplete(ar -> {
      if (ar.succeeded()) {
        tries = 0;
        batch.forEach(committed);
        settle(batch.size());
        flush();
      } else if (++tries < MAX_TRIES) {
        LOG.warn("push state write failed ({} rows), trying again: {}", batch.size(), ar.cause().toString());
        batch.addAll(pending);
        pending = batch;
        vertx.setTimer(200L * tries, t -> flush());
      } else {
        // The rows keep their older state; a restart resumes them (a push may then go twice).
        LOG.error("push state write failed {} times, {} rows keep their previous state: {}", tries, batch.size(), ar.cause().toString());
        tries = 0;
        settle(batch.size());
        flush();
      }
    });
  }
}
