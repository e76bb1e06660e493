package org.portier.mobile;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.util.function.Function;
import org.portier.http.Faces;
import org.portier.store.Constraints;
import org.portier.security.Secrets;
import org.portier.store.Store;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a confirmed code creates (contract §3.4): the subscriber if the phone is new, and a device
 * with a fresh bearer token. A device is identified by its fingerprint; logging in again with the
 * same fingerprint rotates that device's token (the old one then gets 401) instead of adding a row.
 * The code is consumed in the same transaction, so a failed login can be retried with it.
 */
final class Logins {
  private static final Logger LOG = LoggerFactory.getLogger(Logins.class);
  /** A concurrent login or operator change got in the way; the code is still valid, so a retry works. */
  private static final MobileError RETRY = new MobileError(503, "Не удалось выполнить вход, повторите попытку");

  private Logins() {}

  /** A confirmed login; platform is "android"/"ios"/"web" or null when the app did not say. */
  record Request(String phone, String code, String fingerprint, String platform, ClientInfo client) {}

  /** Answers {accessToken, names{name, patronymic, last}}; the confirmed code is the proof of the phone. */
  static Future<JsonObject> login(Faces faces, Request req) {
    return login(faces, req, c -> OtpChallenges.consume(c, req.phone(), req.code()));
  }

  /**
   * As {@link #login(Faces, Request)} with another proof of the phone (a verification call),
   * consumed by {@code proof} inside the login transaction: a failed login leaves it unused.
   */
  static Future<JsonObject> login(Faces faces, Request req, Function<SqlConnection, Future<Void>> proof) {
    DeviceLimit limit = DeviceLimit.of(faces.config().get());
    String token = Secrets.newToken();
    // Ids are taken before the transaction: taking one may need a pool connection of its own.
    return faces.pool().preparedQuery("SELECT id FROM subscribers WHERE phone = ?").execute(Tuple.of(req.phone()))
        .compose(rs -> rs.size() > 0 ? Future.succeededFuture(0L) : faces.ids().next("subscribers"))
        .compose(newSubscriberId -> faces.ids().next("devices").compose(newDeviceId -> faces.pool().withTransaction(c ->
            proof.apply(c)
                .compose(v -> subscriber(c, req.phone(), newSubscriberId))
                .compose(sub -> device(c, sub.getLong(0), newDeviceId, Secrets.sha256Hex(token), req, limit)
                    .map(deviceId -> {
                      LOG.info("login of {} on device {}", Secrets.mask(req.phone()), deviceId);
                      return new JsonObject().put("accessToken", token).put("names", new JsonObject()
                          .put("name", sub.getString(1)).put("patronymic", sub.getString(2)).put("last", sub.getString(3)));
                    }))))
            .recover(e -> Future.failedFuture(Constraints.isUniqueViolation(e) ? RETRY : e)));
  }

  /** The subscriber row (id, name, patronymic, last_name), created when absent. */
  private static Future<Row> subscriber(SqlConnection c, String phone, long newId) {
    String select = "SELECT id, name, patronymic, last_name FROM subscribers WHERE phone = ?";
    return c.preparedQuery(select).execute(Tuple.of(phone)).compose(rs -> {
      if (rs.size() > 0) return Future.succeededFuture(rs.iterator().next());
      // A phone that no operator has put into a flat may still log in; it just has no addresses.
      // newId is 0 when the subscriber existed before the transaction and was deleted meanwhile.
      if (newId <= 0) return Future.failedFuture(RETRY);
      return c.preparedQuery("INSERT INTO subscribers (id, phone, created_at) VALUES (?, ?, ?)").execute(Tuple.of(newId, phone, Store.now()))
          .compose(v -> c.preparedQuery(select).execute(Tuple.of(phone))).map(r -> r.iterator().next());
    });
  }

  /** Rotates the token of the device with this fingerprint, or inserts a new device; returns its id. */
  private static Future<Long> device(SqlConnection c, long subscriberId, long newId, String tokenHash, Request req, DeviceLimit limit) {
    long now = Store.now();
    ClientInfo ci = req.client();
    return c.preparedQuery("SELECT id FROM devices WHERE subscriber_id = ? AND fingerprint = ?").execute(Tuple.of(subscriberId, req.fingerprint()))
        .compose(rs -> {
          if (rs.size() > 0) {
            long id = rs.iterator().next().getLong(0);
            return c.preparedQuery("UPDATE devices SET token_hash = ?, last_seen = ?, ip = ?, ua = ?,"
                    + " app_version = COALESCE(CAST(? AS VARCHAR(64)), app_version), platform = COALESCE(CAST(? AS VARCHAR(8)), platform) WHERE id = ?")
                .execute(Tuple.of(tokenHash, now).addValue(ci.ip()).addValue(ci.ua()).addValue(ci.appVersion()).addValue(req.platform()).addValue(id))
                .map(id);
          }
          return limit.makeRoom(c, subscriberId).compose(x -> c.preparedQuery("INSERT INTO devices (id, subscriber_id, token_hash, fingerprint, platform, ua, ip, app_version, last_seen, created_at)"
                  + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")
              .execute(Tuple.of(newId, subscriberId, tokenHash, req.fingerprint()).addValue(req.platform()).addValue(ci.ua())
                  .addValue(ci.ip()).addValue(ci.appVersion()).addValue(now).addValue(now)))
              .map(newId);
        });
  }
}
