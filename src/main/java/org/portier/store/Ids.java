package org.portier.store;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;

/**
 * Numeric ids from the id_sequences table, reserved in blocks so an insert rarely waits for one.
 * Blocks are taken with a row-locking UPDATE, so several nodes on one database never collide; a
 * restart only leaves a gap. Ids stay small (the apps parse flat ids as 32-bit ints). Thread-safe.
 *
 * <p>Verticles on several event loops share one instance. A caller that waits for a refill is
 * completed on its own context (the one it called from), not on whichever thread finished the
 * refill: a verticle's continuation must never run on another verticle's event loop.
 */
public final class Ids {
  private static final int BLOCK = 100;
  private final Pool pool;
  private final Map<String, Block> blocks = new HashMap<>();

  private static final class Block {
    long next;
    long end;
    // A flag set before reserve() is called, not the future it returns: that future's callback can run
    // before reserve() returns (a fast database), and assigning the finished future afterwards left a
    // stale "refill in progress" that stopped every later next() for good.
    boolean refilling;
    final ArrayDeque<Waiter> waiting = new ArrayDeque<>();
  }

  /** A parked caller and the context it asked from (null when it asked from no Vert.x thread). */
  private record Waiter(Promise<Long> promise, Context context) {
    void complete(Long id, Throwable failure) {
      Runnable done = () -> {
        if (failure == null) promise.complete(id);
        else promise.fail(failure);
      };
      if (context == null) done.run();
      else context.runOnContext(v -> done.run());
    }
  }

  public Ids(Pool pool) {
    this.pool = pool;
  }

  /** The next id of a sequence (a table name listed in id_sequences). */
  public Future<Long> next(String sequence) {
    Promise<Long> p = Promise.promise();
    synchronized (this) {
      Block b = blocks.computeIfAbsent(sequence, k -> new Block());
      if (b.next < b.end) return Future.succeededFuture(b.next++);
      b.waiting.add(new Waiter(p, Vertx.currentContext()));
      if (!b.refilling) {
        b.refilling = true;
        reserve(sequence, b);
      }
    }
    return p.future();
  }

  private Future<Void> reserve(String sequence, Block b) {
    return pool.withTransaction(c -> c.preparedQuery("UPDATE id_sequences SET next_value = next_value + ? WHERE name = ?")
            .execute(Tuple.of(BLOCK, sequence))
            .compose(u -> u.rowCount() == 1 ? c.preparedQuery("SELECT next_value FROM id_sequences WHERE name = ?").execute(Tuple.of(sequence))
                : Future.failedFuture("unknown id sequence " + sequence))
            .map(rs -> rs.iterator().next().getLong(0)))
        .transform(ar -> {
          java.util.List<Waiter> fail = new java.util.ArrayList<>();
          java.util.List<Map.Entry<Waiter, Long>> ok = new java.util.ArrayList<>();
          synchronized (this) {
            b.refilling = false;
            if (ar.succeeded()) {
              b.end = ar.result();
              b.next = b.end - BLOCK;
              while (!b.waiting.isEmpty() && b.next < b.end) ok.add(Map.entry(b.waiting.poll(), b.next++));
              if (!b.waiting.isEmpty()) {
                b.refilling = true;
                reserve(sequence, b);
              }
            } else {
              fail.addAll(b.waiting);
              b.waiting.clear();
            }
          }
          ok.forEach(e -> e.getKey().complete(e.getValue(), null));
          fail.forEach(w -> w.complete(null, ar.cause()));
          return Future.succeededFuture();
        });
  }
}
