package org.portier.inbox;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.List;
import org.portier.bus.BusFailure;
import org.portier.store.Store;

/**
 * The inbox SQL for one subscriber at a time.
 *
 * <p>Every write that changes a subscriber's unread count (a new message, a read) first locks that
 * subscriber's row ({@link #LOCK}). So sends and reads of one subscriber run one after the other,
 * and the badge counted in a send's transaction is exactly the unread count after it, even under
 * concurrent sends and reads (READ COMMITTED alone would let two concurrent sends count the same
 * badge). Broadcast batches take the same locks, in subscriber id order.
 */
final class InboxStore {
  /** A no-op update whose only effect is the row lock it holds until commit (HSQLDB MVCC and PostgreSQL alike). */
  static final String LOCK = "UPDATE subscribers SET created_at = created_at WHERE id = ?";
  static final String UNREAD = "SELECT COUNT(*) FROM inbox_messages WHERE subscriber_id = ? AND read_at IS NULL";
  private static final String INSERT = "INSERT INTO inbox_messages (id, subscriber_id, broadcast_id, title, body, action, ext, created_at)"
      + " VALUES (?, ?, ?, ?, ?, ?, ?, ?)";

  private final Pool pool;

  InboxStore(Pool pool) {
    this.pool = pool;
  }

  /** What a stored message needs to be pushed: its badge and the subscriber's devices. */
  record Stored(long messageId, long subscriberId, long badge, List<TextPush.Device> devices) {}

  /** The subscriber id of a phone; 404 when the phone is no subscriber. */
  Future<Long> subscriberByPhone(String phone) {
    return pool.preparedQuery("SELECT id FROM subscribers WHERE phone = ?").execute(Tuple.of(phone)).compose(rs -> rs.size() == 0
        ? Future.failedFuture(BusFailure.notFound("no subscriber with phone " + phone))
        : Future.succeededFuture(rs.iterator().next().getLong(0)));
  }

  /** Stores one message and, in the same transaction, counts the badge and reads the devices. */
  Future<Stored> store(long messageId, long subscriberId, MessageRequest m) {
    long now = Store.now();
    return pool.withTransaction(c -> c.preparedQuery(LOCK).execute(Tuple.of(subscriberId)).compose(rs -> rs.rowCount() == 0
            ? Future.failedFuture(BusFailure.notFound("no subscriber with id " + subscriberId))
            : c.preparedQuery(INSERT).execute(Tuple.of(messageId, subscriberId).addValue(null).addValue(m.title()).addValue(m.body())
                .addValue(m.action()).addValue(m.ext()).addValue(now)))
        .compose(v -> c.preparedQuery(UNREAD).execute(Tuple.of(subscriberId)))
        .compose(rs -> {
          long badge = rs.iterator().next().getLong(0);
          return devices(c, subscriberId).map(ds -> new Stored(messageId, subscriberId, badge, ds));
        }));
  }

  /** Takes back a message {@link #store} just stored, when its pushes could not be handed over (under the same lock). */
  Future<Void> unstore(long messageId, long subscriberId) {
    return pool.withTransaction(c -> c.preparedQuery(LOCK).execute(Tuple.of(subscriberId))
        .compose(v -> c.preparedQuery("DELETE FROM inbox_messages WHERE id = ?").execute(Tuple.of(messageId)))).mapEmpty();
  }

  private static Future<List<TextPush.Device>> devices(SqlConnection c, long subscriberId) {
    return c.preparedQuery("SELECT " + TextPush.SQL_COLUMNS + " FROM devices d WHERE d.subscriber_id = ? ORDER BY d.id")
        .execute(Tuple.of(subscriberId)).map(rs -> {
          List<TextPush.Device> out = new ArrayList<>();
          for (Row r : rs) out.add(TextPush.Device.of(r));
          return out;
        });
  }

  // --- the resident's side

  Future<Long> unread(long subscriberId) {
    return pool.preparedQuery(UNREAD).execute(Tuple.of(subscriberId)).map(rs -> rs.iterator().next().getLong(0));
  }

  /** A message the page shows. */
  record Line(long id, String title, String body, String action, long createdAt, boolean unread) {}

  /** The newest {@code limit} messages, then every message marked read (and delivered), in one transaction. */
  Future<List<Line>> pageAndReadAll(long subscriberId, int limit) {
    long now = Store.now();
    return pool.withTransaction(c -> c.preparedQuery(LOCK).execute(Tuple.of(subscriberId))
        .compose(v -> c.preparedQuery("SELECT id, title, body, action, created_at, read_at FROM inbox_messages WHERE subscriber_id = ?"
            + " ORDER BY created_at DESC, id DESC LIMIT ?").execute(Tuple.of(subscriberId, limit)))
        .compose(rs -> {
          List<Line> lines = new ArrayList<>();
          for (Row r : rs) {
            lines.add(new Line(r.getLong(0), r.getString(1), r.getString(2), r.getString(3), r.getLong(4), r.getValue(5) == null));
          }
          return readAll(c, subscriberId, now).map(lines);
        }));
  }

  /** Marks one of the subscriber's messages read, or all when {@code messageId} is null; 404 for another's message. */
  Future<Void> markRead(long subscriberId, Long messageId) {
    long now = Store.now();
    return pool.withTransaction(c -> c.preparedQuery(LOCK).execute(Tuple.of(subscriberId)).compose(v -> messageId == null
        ? readAll(c, subscriberId, now)
        : c.preparedQuery("UPDATE inbox_messages SET read_at = COALESCE(read_at, ?), delivered_at = COALESCE(delivered_at, ?)"
                + " WHERE id = ? AND subscriber_id = ?").execute(Tuple.of(now, now, messageId, subscriberId))
            .compose(rs -> rs.rowCount() == 0 ? Future.failedFuture(notYours(messageId)) : Future.succeededFuture())));
  }

  /** Marks one message (or, without an id, every undelivered one) delivered; 404 for another's message. */
  Future<Void> markDelivered(long subscriberId, Long messageId) {
    long now = Store.now();
    if (messageId == null) {
      return pool.preparedQuery("UPDATE inbox_messages SET delivered_at = ? WHERE subscriber_id = ? AND delivered_at IS NULL")
          .execute(Tuple.of(now, subscriberId)).mapEmpty();
    }
    return pool.preparedQuery("UPDATE inbox_messages SET delivered_at = COALESCE(delivered_at, ?) WHERE id = ? AND subscriber_id = ?")
        .execute(Tuple.of(now, messageId, subscriberId))
        .compose(rs -> rs.rowCount() == 0 ? Future.failedFuture(notYours(messageId)) : Future.succeededFuture());
  }

  private static Future<Void> readAll(SqlConnection c, long subscriberId, long now) {
    return c.preparedQuery("UPDATE inbox_messages SET read_at = ?, delivered_at = COALESCE(delivered_at, ?)"
        + " WHERE subscriber_id = ? AND read_at IS NULL").execute(Tuple.of(now, now, subscriberId)).mapEmpty();
  }

  private static BusFailure notYours(long messageId) {
    return BusFailure.notFound("Сообщение " + messageId + " не найдено");
  }

  // --- the operator's side

  /** GET /messages/{id}: the message, its times and the outcome of every push. */
  Future<JsonObject> describe(long messageId) {
    return pool.preparedQuery("SELECT m.id, m.subscriber_id, s.phone, m.title, m.body, m.action, m.ext, m.created_at, m.delivered_at,"
            + " m.read_at, m.broadcast_id FROM inbox_messages m JOIN subscribers s ON s.id = m.subscriber_id WHERE m.id = ?")
        .execute(Tuple.of(messageId)).compose(rs -> {
          if (rs.size() == 0) return Future.failedFuture(BusFailure.notFound("no message with id " + messageId));
          Row r = rs.iterator().next();
          JsonObject m = new JsonObject().put("id", Long.toString(r.getLong(0))).put("subscriberId", Long.toString(r.getLong(1)))
              .put("phone", r.getString(2)).put("title", r.getString(3)).put("body", r.getString(4)).put("action", r.getString(5));
          if (r.getValue(6) != null) m.put("ext", r.getString(6));
          m.put("createdAt", org.portier.store.Times.iso(r.getLong(7)));
          if (r.getValue(8) != null) m.put("deliveredAt", org.portier.store.Times.iso(r.getLong(8)));
          if (r.getValue(9) != null) m.put("readAt", org.portier.store.Times.iso(r.getLong(9)));
          if (r.getValue(10) != null) m.put("broadcastId", Long.toString(r.getLong(10)));
          return pool.preparedQuery("SELECT device_id, state, last_error, attempts FROM push_outbox WHERE ref = ? ORDER BY id")
              .execute(Tuple.of(TextPush.ref(messageId))).map(ps -> {
                JsonArray pushes = new JsonArray();
                for (Row p : ps) {
                  JsonObject o = new JsonObject().put("deviceId", p.getValue(0) == null ? null : Long.toString(p.getLong(0)))
                      .put("state", p.getString(1)).put("attempts", p.getInteger(3));
                  if (p.getValue(2) != null) o.put("reason", p.getString(2));
                  pushes.add(o);
                }
                return m.put("pushes", pushes);
              });
        });
  }
}
