package org.portier.push;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.List;
import org.portier.security.SecretBox;
import org.portier.store.Ids;

/**
 * The push_outbox table (and the token-dead flags in devices): every SQL statement push runs.
 *
 * <p>Unfinished rows belong to the node working on them ({@code owner}) for as long as it renews
 * their lease ({@code lease_until}); a node that restarts on the same data directory keeps its
 * identity and takes its rows back at once, and rows of a node that stopped renewing are claimed by
 * another. So nodes sharing one database never send the same unfinished row twice while all are alive.
 *
 * <p>The payload column is sealed with the node's {@link SecretBox} (AES-GCM, marked {@value #SEALED}):
 * a door call's push carries the leg's one-time SIP password, its snapshot hash and the TURN password,
 * and neither the table nor the database's own files and log may hold them in clear. Rows written
 * before payloads were sealed hold clear JSON and are still read.
 */
final class Outbox {
  private static final String PENDING_STATES = "('" + String.join("', '", PushState.PENDING) + "')";
  private static final String INSERT = "INSERT INTO push_outbox (id, created_at, updated_at, device_id, provider, token, token_kind,"
      + " sandbox, topic, push_type, priority, expires_at, payload, ref, state, attempts, next_attempt_at, owner, lease_until)"
      + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 0, ?, ?, ?)";
  private static final String RENEW = "UPDATE push_outbox SET lease_until = ? WHERE owner = ? AND state IN " + PENDING_STATES;
  private static final String CLAIM = "UPDATE push_outbox SET owner = ?, lease_until = ? WHERE state IN " + PENDING_STATES
      + " AND (owner IS NULL OR owner <> ?) AND lease_until < ?";
  static final String UPDATE_STATE = "UPDATE push_outbox SET state = ?, attempts = ?, updated_at = ?, next_attempt_at = ?,"
      + " last_error = ?, provider_id = ? WHERE id = ?";
  private static final String PENDING = "SELECT id, created_at, device_id, provider, token, token_kind, sandbox, topic, push_type,"
      + " priority, expires_at, payload, ref, state, attempts, next_attempt_at FROM push_outbox"
      + " WHERE owner = ? AND state IN " + PENDING_STATES + " AND id > ? ORDER BY id LIMIT ?";
  private static final String PARKED = "SELECT id, created_at, device_id, provider, token, token_kind, sandbox, topic, push_type,"
      + " priority, expires_at, payload, ref, state, attempts, next_attempt_at FROM push_outbox"
      + " WHERE owner = ? AND state = '" + PushState.NO_PROVIDER + "' AND provider = ? AND id > ? ORDER BY id LIMIT ?";
  private static final String PARKED_EXPIRED = "SELECT id, created_at, device_id, provider, token, token_kind, sandbox, topic, push_type,"
      + " priority, expires_at, payload, ref, state, attempts, next_attempt_at FROM push_outbox"
      + " WHERE owner = ? AND state = '" + PushState.NO_PROVIDER + "' AND expires_at <= ? ORDER BY id LIMIT ?";
  private static final String PARKED_COUNT = "SELECT provider, COUNT(*) FROM push_outbox WHERE owner = ? AND state = '"
      + PushState.NO_PROVIDER + "' GROUP BY provider";
  /** Unfinished rows with one of some refs that no live node holds in memory: this node's, or orphaned ones. */
  private static final String CANCELLABLE = "SELECT id, attempts, provider, device_id, ref FROM push_outbox WHERE ref IN (%s)"
      + " AND state IN " + PENDING_STATES + " AND (owner = ? OR owner IS NULL OR lease_until < ?) ORDER BY id LIMIT ?";
  private static final String EXPIRE_UNFINISHED = "UPDATE push_outbox SET state = '" + PushState.EXPIRED + "', last_error = ?,"
      + " updated_at = ?, next_attempt_at = ? WHERE id = ? AND state IN " + PENDING_STATES;
  /** Marks a sealed payload; a clear one (written before payloads were sealed) is a JSON object. */
  static final String SEALED = "sb1:";
  private static final String REJECT_SAME_TOKEN = "UPDATE push_outbox SET state = '" + PushState.REJECTED + "', last_error = ?, updated_at = ?"
      + " WHERE token = ? AND token_kind = ? AND created_at <= ? AND state IN " + PENDING_STATES;

  private final Vertx vertx;
  private final Pool pool;
  private final Ids ids;
  private final SecretBox box;
  private final String owner;
  private final long leaseMillis;

  Outbox(Vertx vertx, Pool pool, Ids ids, SecretBox box, String owner, long leaseMillis) {
    this.vertx = vertx;
    this.box = box;
    this.pool = pool;
    this.ids = ids;
    this.owner = owner;
    this.leaseMillis = leaseMillis;
  }

  /** This node's name as a row owner. */
  String owner() {
    return owner;
  }

  /** Ids for new rows, one per push. */
  Future<List<Long>> newIds(int count) {
    List<Future<Long>> idFutures = new ArrayList<>(count);
    for (int i = 0; i < count; i++) idFutures.add(ids.next("push_outbox"));
    return Future.all(idFutures).map(all -> {
      List<Long> out = new ArrayList<>(count);
      idFutures.forEach(f -> out.add(f.result()));
      return out;
    });
  }

  /** Writes the jobs as queued rows owned by this node, all in one transaction; each row created at its job's createdAt. */
  Future<Void> insert(List<PushJob> jobs, List<PushRequest> requests) {
    // Sealed on a worker: a group holds up to a few hundred payloads.
    return vertx.executeBlocking(() -> {
      List<String> sealed = new ArrayList<>(requests.size());
      for (PushRequest r : requests) sealed.add(seal(box, r.storedPayload()));
      return sealed;
    }, false).compose(sealed -> insertSealed(jobs, sealed));
  }

  private Future<Void> insertSealed(List<PushJob> jobs, List<String> payloads) {
    List<Tuple> rows = new ArrayList<>(jobs.size());
    for (int i = 0; i < jobs.size(); i++) {
      PushJob j = jobs.get(i);
      long now = j.createdAt;
      Tuple t = Tuple.of(j.id, now, now);
      t.addValue(j.deviceId);
      t.addValue(j.provider).addValue(j.token).addValue(j.tokenKind).addValue(j.sandbox);
      t.addValue(j.topic);
      t.addValue(j.pushType).addValue(j.priority).addValue(j.expiresAt).addValue(payloads.get(i));
      t.addValue(j.ref);
      t.addValue(PushState.QUEUED).addValue(now).addValue(owner).addValue(now + leaseMillis);
      rows.add(t);
    }
    return pool.withTransaction(c -> c.preparedQuery(INSERT).executeBatch(rows)).mapEmpty();
  }

  /** Gives up this node's unfinished rows (a clean stop), so another node may take them at once. */
  Future<Void> release() {
    return pool.preparedQuery(RENEW).execute(Tuple.of(0L, owner)).mapEmpty();
  }

  /** Extends the lease of every unfinished row this node owns. */
  Future<Void> renew(long now) {
    return pool.preparedQuery(RENEW).execute(Tuple.of(now + leaseMillis, owner)).mapEmpty();
  }

  /** Takes over the unfinished rows whose owner stopped renewing them; returns how many. */
  Future<Integer> claimOrphans(long now) {
    return pool.preparedQuery(CLAIM).execute(Tuple.of(owner, now + leaseMillis, owner, now)).map(rs -> rs.rowCount());
  }

  /** One page of this node's unfinished rows, in id order after {@code afterId}. */
  Future<List<PushJob>> pending(long afterId, int limit) {
    return jobs(PENDING, Tuple.of(owner, afterId, limit));
  }

  /** One page of this node's rows waiting for {@code provider}'s credentials, in id order after {@code afterId}. */
  Future<List<PushJob>> parked(String provider, long afterId, int limit) {
    return jobs(PARKED, Tuple.of(owner, provider, afterId, limit));
  }

  /** Up to {@code limit} of this node's rows that waited for credentials until their TTL passed. */
  Future<List<PushJob>> parkedExpired(long now, int limit) {
    return jobs(PARKED_EXPIRED, Tuple.of(owner, now, limit));
  }

  /** One unfinished row a cancel ends (what its state change and outcome event need). */
  record Cancellable(long id, int attempts, String provider, Long deviceId, String ref) {}

  /**
   * Up to {@code limit} unfinished rows with one of {@code refs} that this node owns or whose owner
   * stopped renewing them (rows of a live node are that node's to end: it gets the same cancel).
   */
  Future<List<Cancellable>> cancellable(List<String> refs, long now, int limit) {
    String sql = String.format(CANCELLABLE, String.join(", ", java.util.Collections.nCopies(refs.size(), "?")));
    Tuple args = Tuple.tuple();
    refs.forEach(args::addValue);
    args.addValue(owner).addValue(now).addValue(limit);
    return pool.preparedQuery(sql).execute(args).map(rs -> {
      List<Cancellable> out = new ArrayList<>(rs.size());
      for (Row r : rs) {
        Object device = r.getValue(3);
        out.add(new Cancellable(r.getLong(0), r.getInteger(1), r.getString(2), device == null ? null : ((Number) device).longValue(),
            r.getString(4)));
      }
      return out;
    });
  }

  /**
   * Ends the rows as expired with {@code reason} where they are still unfinished, in one transaction;
   * returns those it ended (a row another path finished meanwhile keeps its state).
   */
  Future<List<Cancellable>> expireUnfinished(List<Cancellable> rows, String reason, long now) {
    if (rows.isEmpty()) return Future.succeededFuture(List.of());
    return pool.withTransaction(c -> {
      List<Cancellable> ended = new ArrayList<>();
      Future<Void> chain = Future.succeededFuture();
      for (Cancellable r : rows) {
        chain = chain.compose(v -> c.preparedQuery(EXPIRE_UNFINISHED).execute(Tuple.of(reason, now, now, r.id())).map(rs -> {
          if (rs.rowCount() > 0) ended.add(r);
          return null;
        }));
      }
      return chain.map(v -> ended);
    });
  }

  /** How many of this node's rows wait for credentials, by provider. */
  Future<java.util.Map<String, Long>> parkedCounts() {
    return pool.preparedQuery(PARKED_COUNT).execute(Tuple.of(owner)).map(rs -> {
      java.util.Map<String, Long> out = new java.util.HashMap<>();
      for (Row r : rs) out.put(r.getString(0), r.getLong(1));
      return out;
    });
  }

  /** Rows read and their payloads opened on a worker (a page holds up to a thousand). */
  private Future<List<PushJob>> jobs(String sql, Tuple args) {
    return pool.preparedQuery(sql).execute(args).compose(rs -> {
      List<Row> rows = new ArrayList<>(rs.size());
      for (Row r : rs) rows.add(r);
      if (rows.isEmpty()) return Future.succeededFuture(List.of());
      return vertx.executeBlocking(() -> {
        List<PushJob> out = new ArrayList<>(rows.size());
        for (Row r : rows) out.add(job(r, box));
        return out;
      }, false);
    });
  }

  /** The payload column's text for a payload: sealed, marked {@value #SEALED}. */
  static String seal(SecretBox box, String payload) {
    return SEALED + box.encrypt(payload);
  }

  /** The payload of a column's text, sealed or (a row from before payloads were sealed) clear. */
  static JsonObject open(SecretBox box, String stored) {
    return new JsonObject(stored.startsWith(SEALED) ? box.decrypt(stored.substring(SEALED.length())) : stored);
  }

  private static PushJob job(Row r, SecretBox box) {
    Object device = r.getValue(2);
    JsonObject payload;
    boolean unreadable = false;
    try {
      payload = open(box, r.getString(11));
    } catch (RuntimeException e) {
      // Another key file than the one that sealed it: the row is ended, not sent with empty data.
      payload = new JsonObject();
      unreadable = true;
    }
    PushJob j = new PushJob(r.getLong(0), r.getLong(1), device == null ? null : ((Number) device).longValue(), r.getString(3),
        r.getString(4), r.getString(5), Boolean.TRUE.equals(r.getBoolean(6)), r.getString(7), r.getString(8), r.getInteger(9),
        r.getLong(10), payload.getJsonObject("data", new JsonObject()), payload.getString("title"), payload.getString("body"),
        r.getString(12), r.getString(13), r.getInteger(14));
    j.nextAttemptAt = r.getLong(15);
    j.apnsPayload = payload.getJsonObject("apnsPayload");
    j.unreadable = unreadable;
    return j;
  }

  /**
   * The provider says a token is dead: flag it on the devices that hold it, and reject the other
   * pending rows for it that were created before it died (a later row means the caller still chose it).
   */
  Future<Void> markTokenDead(String tokenKind, String token, String reason, long deadAt) {
    String devices = "voip".equals(tokenKind)
        ? "UPDATE devices SET voip_token_dead = TRUE WHERE voip_token = ?"
        : "UPDATE devices SET push_token_dead = TRUE WHERE push_token = ?";
    return pool.withTransaction(c -> c.preparedQuery(devices).execute(Tuple.of(token))
        .compose(x -> c.preparedQuery(REJECT_SAME_TOKEN).execute(Tuple.of(reason, deadAt, token, tokenKind, deadAt)))).mapEmpty();
  }
}
