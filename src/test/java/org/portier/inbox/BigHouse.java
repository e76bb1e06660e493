package org.portier.inbox;

import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.List;

/**
 * A house of many subscribers written straight into the database (the operator API would take a
 * request per subscriber): 10 subscribers per flat, and an Android device with an FCM token for
 * every {@code deviceEvery}-th subscriber. Ids start at {@code base}, far above what the id
 * sequences hand out in a test, so nothing collides.
 */
public final class BigHouse {
  private static final int PER_FLAT = 10;
  private static final int CHUNK = 1000;

  private BigHouse() {}

  /** The FCM token of the device of subscriber {@code i} (0-based). */
  public static String token(long base, int i) {
    return "big-house-fcm-token-" + base + "-" + i + ":APA91b-test";
  }

  /** Inserts the house and resolves to its id. */
  public static Future<Long> insert(Pool pool, long base, int subscribers, int deviceEvery) {
    long house = base;
    List<Tuple> flats = new ArrayList<>();
    List<Tuple> subs = new ArrayList<>();
    List<Tuple> members = new ArrayList<>();
    List<Tuple> devices = new ArrayList<>();
    for (int i = 0; i < subscribers; i++) {
      long flat = base + i / PER_FLAT;
      if (i % PER_FLAT == 0) flats.add(Tuple.of(flat, house, Integer.toString(i / PER_FLAT + 1), 0L));
      long sub = base + i;
      subs.add(Tuple.of(sub, String.format("7%03d%07d", base % 1000, i), 0L));
      members.add(Tuple.of(flat, sub, i % PER_FLAT == 0 ? "owner" : "resident", 0L));
      if (deviceEvery > 0 && i % deviceEvery == 0) {
        devices.add(Tuple.of(sub, sub, "big-house-token-hash-" + sub, "fp" + sub, token(base, i)));
      }
    }
    return pool.preparedQuery("INSERT INTO houses (id, address, created_at) VALUES (?, ?, 0)").execute(Tuple.of(house, "Big house " + base))
        .compose(v -> chunks(pool, "INSERT INTO flats (id, house_id, number, created_at) VALUES (?, ?, ?, ?)", flats))
        .compose(v -> chunks(pool, "INSERT INTO subscribers (id, phone, created_at) VALUES (?, ?, ?)", subs))
        .compose(v -> chunks(pool, "INSERT INTO flat_subscribers (flat_id, subscriber_id, role, created_at) VALUES (?, ?, ?, ?)", members))
        .compose(v -> chunks(pool, "INSERT INTO devices (id, subscriber_id, token_hash, fingerprint, platform, push_service, push_token,"
            + " last_seen, created_at) VALUES (?, ?, ?, ?, 'android', 'fcm', ?, 0, 0)", devices))
        .map(house);
  }

  private static Future<Void> chunks(Pool pool, String sql, List<Tuple> rows) {
    Future<Void> chain = Future.succeededFuture();
    for (int from = 0; from < rows.size(); from += CHUNK) {
      List<Tuple> part = rows.subList(from, Math.min(rows.size(), from + CHUNK));
      chain = chain.compose(v -> pool.withTransaction(c -> c.preparedQuery(sql).executeBatch(part)).mapEmpty());
    }
    return chain;
  }
}
