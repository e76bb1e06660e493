package org.portier.push;

import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.List;

/**
 * Deletes finished push_outbox rows (accepted, rejected, failed, expired) once they are older than
 * push.keepFinished. Without it the outbox grew by one row per push for ever: on the embedded
 * store that was heap as well as disk (the MX benchmark filled 512 MB after 140,000 pushes). The
 * operator's views read a push's state while it matters (a door call lives minutes, an inbox
 * message's delivery is looked at within days), so a week is kept by default. Unfinished rows are
 * never touched. Deletes go in small batches so no transaction holds the table for long; several
 * nodes purging at once only delete the same rows twice, which is harmless.
 */
final class OutboxRetention {
  static final int BATCH = 1000;
  private static final String FINAL_STATES = "('" + String.join("', '", List.of(PushState.ACCEPTED, PushState.REJECTED,
      PushState.FAILED, PushState.EXPIRED)) + "')";
  private static final String OLDEST = "SELECT id FROM push_outbox WHERE updated_at < ? AND state IN " + FINAL_STATES
      + " ORDER BY updated_at LIMIT " + BATCH;
  private static final String DELETE = "DELETE FROM push_outbox WHERE id = ? AND state IN " + FINAL_STATES;

  private final Pool pool;

  OutboxRetention(Pool pool) {
    this.pool = pool;
  }

  /** Deletes up to {@link #BATCH} finished rows last updated before {@code before}; the count deleted. */
  Future<Integer> purgeBatch(long before) {
    return pool.preparedQuery(OLDEST).execute(Tuple.of(before)).compose(rows -> {
      if (rows.size() == 0) return Future.succeededFuture(0);
      List<Tuple> ids = new ArrayList<>(rows.size());
      for (Row r : rows) ids.add(Tuple.of(r.getLong(0)));
      // one transaction per batch: one commit (a disk sync on HSQLDB files), not one per row
      return pool.withTransaction(c -> c.preparedQuery(DELETE).executeBatch(ids)).map(ids.size());
    });
  }

  /** Purges batch after batch until a batch comes back short; the total deleted. */
  Future<Integer> purge(long before) {
    return purgeFrom(before, 0);
  }

  private Future<Integer> purgeFrom(long before, int sofar) {
    return purgeBatch(before).compose(n -> n < BATCH ? Future.succeededFuture(sofar + n) : purgeFrom(before, sofar + n));
  }
}
