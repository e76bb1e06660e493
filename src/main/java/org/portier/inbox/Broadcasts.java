package org.portier.inbox;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.portier.bus.BusFailure;
import org.portier.store.Store;

/**
 * The broadcast SQL (table message_broadcasts, and inbox_messages rows of a broadcast). Recipients
 * are walked in subscriber id order from the live membership of the flat or house; the broadcast's
 * cursor says how far messages are stored, so a batch is never stored twice.
 */
final class Broadcasts {
  private final java.util.function.Supplier<String> apnsBundle;
  static final String RUNNING = "running";
  static final String DONE = "done";

  private final Pool pool;

  /** For status and creation only: computing deliveries needs the APNs bundle, see the other constructor. */
  Broadcasts(Pool pool) {
    this(pool, () -> "");
  }

  /** {@code apnsBundle}: push.apns.bundle, the topic of iOS devices that registered no bundle (read per batch). */
  Broadcasts(Pool pool, java.util.function.Supplier<String> apnsBundle) {
    this.apnsBundle = apnsBundle;
    this.pool = pool;
  }

  record Broadcast(long id, String kind, long targetId, String title, String body, String action, String ext, String state,
      long cursor, long pushedCursor) {
    static Broadcast of(Row r) {
      return new Broadcast(r.getLong("ID"), r.getString("TARGET_KIND"), r.getLong("TARGET_ID"), r.getString("TITLE"), r.getString("BODY"),
          r.getString("ACTION"), r.getString("EXT"), r.getString("STATE"), r.getLong("CURSOR_ID"), r.getLong("PUSHED_CURSOR_ID"));
    }
  }

  /** One push to make: a stored message, its badge and one of the subscriber's devices. */
  record Delivery(long messageId, long badge, TextPush.Device device) {}

  /** A stored batch: subscribers (from, to] of the id order, and what to push for it. */
  record Batch(long from, long to, int stored, List<Delivery> deliveries, List<TextPush.Device> skipped) {}

  private static String members(String kind, String select) {
    return "flat".equals(kind)
        ? "SELECT " + select + " FROM flat_subscribers fs WHERE fs.flat_id = ?"
        : "SELECT " + select + " FROM flat_subscribers fs JOIN flats f ON f.id = fs.flat_id WHERE f.house_id = ?";
  }

  /** Checks the target (404), counts its subscribers and persists the broadcast; resolves to its status. */
  Future<JsonObject> create(long id, MessageRequest m) {
    String kind = m.target().kind();
    long target = m.target().id();
    long now = Store.now();
    return pool.withTransaction(c -> c.preparedQuery("flat".equals(kind) ? "SELECT id FROM flats WHERE id = ?" : "SELECT id FROM houses WHERE id = ?")
        .execute(Tuple.of(target))
        .compose(rs -> rs.size() == 0 ? Future.failedFuture(BusFailure.notFound("no " + kind + " with id " + target))
            : c.preparedQuery(members(kind, "COUNT(DISTINCT fs.subscriber_id)")).execute(Tuple.of(target)))
        .compose(rs -> {
          int recipients = rs.iterator().next().getInteger(0);
          String state = recipients == 0 ? DONE : RUNNING;
          return c.preparedQuery("INSERT INTO message_broadcasts (id, target_kind, target_id, title, body, action, ext, state, recipients,"
                  + " created_at, updated_at, finished_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")
              .execute(Tuple.of(id, kind, target, m.title(), m.body(), m.action()).addValue(m.ext()).addValue(state).addValue(recipients)
                  .addValue(now).addValue(now).addValue(recipients == 0 ? now : null));
        }))
        .compose(v -> status(id));
  }

  /** GET /messages/broadcasts/{id}. */
  Future<JsonObject> status(long id) {
    return pool.preparedQuery("SELECT * FROM message_broadcasts WHERE id = ?").execute(Tuple.of(id)).compose(rs -> {
      if (rs.size() == 0) return Future.failedFuture(BusFailure.notFound("no broadcast with id " + id));
      Row r = rs.iterator().next();
      JsonObject o = new JsonObject().put("broadcastId", Long.toString(id))
          .put("flat".equals(r.getString("TARGET_KIND")) ? "flatId" : "houseId", Long.toString(r.getLong("TARGET_ID")))
          .put("title", r.getString("TITLE")).put("action", r.getString("ACTION"));
      if (r.getValue("EXT") != null) o.put("ext", r.getString("EXT"));
      o.put("state", r.getString("STATE")).put("recipients", r.getInteger("RECIPIENTS")).put("stored", r.getInteger("STORED"))
          .put("queued", r.getInteger("QUEUED")).put("createdAt", org.portier.store.Times.iso(r.getLong("CREATED_AT")));
      if (r.getValue("FINISHED_AT") != null) o.put("finishedAt", org.portier.store.Times.iso(r.getLong("FINISHED_AT")));
      return Future.succeededFuture(o);
    });
  }

  Future<Broadcast> load(long id) {
    return pool.preparedQuery("SELECT * FROM message_broadcasts WHERE id = ?").execute(Tuple.of(id))
        .map(rs -> rs.size() == 0 ? null : Broadcast.of(rs.iterator().next()));
  }

  /** Running broadcasts; with {@code idleMillis} > 0 only those nobody advanced for that long. */
  Future<List<Long>> running(long idleMillis) {
    return pool.preparedQuery("SELECT id FROM message_broadcasts WHERE state = ? AND updated_at <= ? ORDER BY id")
        .execute(Tuple.of(RUNNING, Store.now() - idleMillis)).map(rs -> {
          List<Long> ids = new ArrayList<>();
          for (Row r : rs) ids.add(r.getLong(0));
          return ids;
        });
  }

  /**
   * Stores the next batch in one transaction: claims the cursor (compare-and-set: null when another
   * worker moved it), locks the recipients' rows (as every unread-count change does), inserts one
   * message each and counts their badges. Resolves to a batch with no messages when the broadcast is done.
   */
  Future<Batch> storeNext(Broadcast b, int batchSize) {
    long now = Store.now();
    return pool.withTransaction(c -> c.preparedQuery("UPDATE message_broadcasts SET updated_at = ? WHERE id = ? AND cursor_id = ? AND state = ?")
        .execute(Tuple.of(now, b.id(), b.cursor(), RUNNING)).compose(claim -> {
          if (claim.rowCount() == 0) return Future.succeededFuture((Batch) null);
          return c.preparedQuery(members(b.kind(), "DISTINCT fs.subscriber_id") + " AND fs.subscriber_id > ? ORDER BY fs.subscriber_id LIMIT ?")
              .execute(Tuple.of(b.targetId(), b.cursor(), batchSize)).compose(rs -> {
                List<Long> subscribers = new ArrayList<>();
                for (Row r : rs) subscribers.add(r.getLong(0));
                if (subscribers.isEmpty()) {
                  return c.preparedQuery("UPDATE message_broadcasts SET state = ?, finished_at = ?, updated_at = ? WHERE id = ?")
                      .execute(Tuple.of(DONE, now, now, b.id())).map(v -> new Batch(b.cursor(), b.cursor(), 0, List.of(), List.of()));
                }
                long last = subscribers.get(subscribers.size() - 1);
                return reserveIds(c, subscribers.size()).compose(firstId -> {
                  List<Tuple> locks = new ArrayList<>();
                  List<Tuple> rows = new ArrayList<>();
                  for (int i = 0; i < subscribers.size(); i++) {
                    locks.add(Tuple.of(subscribers.get(i)));
                    rows.add(Tuple.of(firstId + i, subscribers.get(i), b.id(), b.title(), b.body(), b.action()).addValue(b.ext()).addValue(now));
                  }
                  return c.preparedQuery(InboxStore.LOCK).executeBatch(locks)
                      .compose(v -> c.preparedQuery("INSERT INTO inbox_messages (id, subscriber_id, broadcast_id, title, body, action, ext,"
                          + " created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)").executeBatch(rows))
                      .compose(v -> c.preparedQuery("UPDATE message_broadcasts SET cursor_id = ?, stored = stored + ?, updated_at = ? WHERE id = ?")
                          .execute(Tuple.of(last, subscribers.size(), now, b.id())))
                      .compose(v -> deliveries(c, b.id(), b.action(), b.cursor(), last, subscribers.size()));
                });
              });
        }));
  }

  /** Reserves {@code n} consecutive inbox_messages ids (the same row lock Store.ids takes); resolves to the first. */
  private static Future<Long> reserveIds(SqlClient c, int n) {
    return c.preparedQuery("UPDATE id_sequences SET next_value = next_value + ? WHERE name = 'inbox_messages'").execute(Tuple.of(n))
        .compose(v -> c.preparedQuery("SELECT next_value FROM id_sequences WHERE name = 'inbox_messages'").execute())
        .map(rs -> rs.iterator().next().getLong(0) - n);
  }

  /** The pushes of the broadcast's messages for subscribers (from, to], with each subscriber's unread count as badge. */
  Future<Batch> deliveries(SqlClient c, long broadcastId, String action, long from, long to, int stored) {
    String mine = "SELECT subscriber_id FROM inbox_messages WHERE broadcast_id = ? AND subscriber_id > ? AND subscriber_id <= ?";
    Tuple range = Tuple.of(broadcastId, from, to);
    Map<Long, Long> messageOf = new HashMap<>();
    Map<Long, Long> badgeOf = new HashMap<>();
    return c.preparedQuery("SELECT id, subscriber_id FROM inbox_messages WHERE broadcast_id = ? AND subscriber_id > ? AND subscriber_id <= ?")
        .execute(range).compose(rs -> {
          for (Row r : rs) messageOf.put(r.getLong(1), r.getLong(0));
          return c.preparedQuery("SELECT subscriber_id, COUNT(*) FROM inbox_messages WHERE read_at IS NULL AND subscriber_id IN (" + mine + ")"
              + " GROUP BY subscriber_id").execute(range);
        }).compose(rs -> {
          for (Row r : rs) badgeOf.put(r.getLong(0), r.getLong(1));
          return c.preparedQuery("SELECT " + TextPush.SQL_COLUMNS + " FROM devices d WHERE d.subscriber_id IN (" + mine + ") ORDER BY d.id")
              .execute(range);
        }).map(rs -> {
          List<Delivery> out = new ArrayList<>();
          List<TextPush.Device> skipped = new ArrayList<>();
          for (Row r : rs) {
            TextPush.Device d = TextPush.Device.of(r);
            Long message = messageOf.get(d.subscriberId());
            if (message == null) continue;
            if (d.skipReason(action, apnsBundle.get()) != null) skipped.add(d);
            else out.add(new Delivery(message, badgeOf.getOrDefault(d.subscriberId(), 0L), d));
          }
          return new Batch(from, to, stored, out, skipped);
        });
  }

  Future<Batch> deliveries(Broadcast b) {
    return deliveries(pool, b.id(), b.action(), b.pushedCursor(), b.cursor(), 0);
  }

  /** Records that the pushes of subscribers up to {@code to} are in the outbox. */
  Future<Void> markPushed(long id, long to, int queued) {
    return pool.preparedQuery("UPDATE message_broadcasts SET pushed_cursor_id = ?, queued = queued + ?, updated_at = ?"
        + " WHERE id = ? AND pushed_cursor_id < ?").execute(Tuple.of(to, queued, Store.now(), id, to)).mapEmpty();
  }
}
