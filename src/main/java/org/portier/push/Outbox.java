package org.portier.push;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.List;
import org.portier.store.Ids;

/** The push_outbox table (and the token-dead flags in devices): every SQL statement push runs. */
final class Outbox {
  private static final String INSERT = "INSERT INTO push_outbox (id, created_at, updated_at, device_id, provider, token, token_kind,"
      + " sandbox, topic, push_type, priority, expires_at, payload, ref, state, attempts, next_attempt_at)"
      + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 0, ?)";
  static final String UPDATE_STATE = "UPDATE push_outbox SET state = ?, attempts = ?, updated_at = ?, next_attempt_at = ?,"
      + " last_error = ?, provider_id = ? WHERE id = ?";
  private static final String PENDING = "SELECT id, created_at, device_id, provider, token, token_kind, sandbox, topic, push_type,"
      + " priority, expires_at, payload, ref, state, attempts, next_attempt_at FROM push_outbox"
      + " WHERE state IN ('" + String.join("', '", PushState.PENDING) + "') AND id > ? ORDER BY id LIMIT ?";
  private static final String REJECT_SAME_TOKEN = "UPDATE push_outbox SET state = '" + PushState.REJECTED + "', last_error = ?, updated_at = ?"
      + " WHERE token = ? AND token_kind = ? AND created_at <= ? AND state IN ('" + String.join("', '", PushState.PENDING) + "')";

  private final Pool pool;
  private final Ids ids;

  Outbox(Pool pool, Ids ids) {
    this.pool = pool;
    this.ids = ids;
  }

  Pool pool() {
    return pool;
  }

  /** Writes every request as a queued row in one transaction; the jobs come back in request order. */
  Future<List<PushJob>> insert(List<PushRequest> requests, long now) {
    List<Future<Long>> idFutures = new ArrayList<>(requests.size());
    for (int i = 0; i < requests.size(); i++) idFutures.add(ids.next("push_outbox"));
    return Future.all(idFutures).compose(all -> {
      List<PushJob> jobs = new ArrayList<>(requests.size());
      List<Tuple> rows = new ArrayList<>(requests.size());
      for (int i = 0; i < requests.size(); i++) {
        PushRequest r = requests.get(i);
        PushJob j = PushJob.fromRequest(idFutures.get(i).result(), now, r);
        jobs.add(j);
        Tuple t = Tuple.of(j.id, now, now);
        t.addValue(j.deviceId);
        t.addValue(j.provider).addValue(j.token).addValue(j.tokenKind).addValue(j.sandbox);
        t.addValue(j.topic);
        t.addValue(j.pushType).addValue(j.priority).addValue(j.expiresAt).addValue(r.storedPayload());
        t.addValue(j.ref);
        t.addValue(PushState.QUEUED).addValue(now);
        rows.add(t);
      }
      return pool.withTransaction(c -> c.preparedQuery(INSERT).executeBatch(rows)).map(jobs);
    });
  }

  /** One page of rows a restart must resume, in id order after {@code afterId}. */
  Future<List<PushJob>> pending(long afterId, int limit) {
    return pool.preparedQuery(PENDING).execute(Tuple.of(afterId, limit)).map(rs -> {
      List<PushJob> out = new ArrayList<>();
      for (Row r : rs) out.add(job(r));
      return out;
    });
  }

  private static PushJob job(Row r) {
    Object device = r.getValue(2);
    JsonObject payload = new JsonObject(r.getString(11));
    PushJob j = new PushJob(r.getLong(0), r.getLong(1), device == null ? null : ((Number) device).longValue(), r.getString(3),
        r.getString(4), r.getString(5), Boolean.TRUE.equals(r.getBoolean(6)), r.getString(7), r.getString(8), r.getInteger(9),
        r.getLong(10), payload.getJsonObject("data", new JsonObject()), payload.getString("title"), payload.getString("body"),
        r.getString(12), r.getString(13), r.getInteger(14));
    j.nextAttemptAt = r.getLong(15);
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
