package org.portier.mobile;

import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import org.portier.http.BadInput;
import org.portier.store.Constraints;
import org.portier.security.Secrets;
import org.portier.store.Store;

/**
 * One-time codes in otp_challenges: one outstanding code per phone, stored only as
 * sha256(phone + ":" + code), compared in constant time, burned after too many wrong tries.
 */
final class OtpChallenges {
  static final String WRONG = "Код введён неверно";
  static final String BURNED = "Превышено максимальное число попыток ввода кода, запросите новый код";
  static final String NONE = "Код не запрашивался или его срок истёк, запросите новый код";

  private OtpChallenges() {}

  static String newCode() {
    return String.format("%04d", Secrets.randomInt(10_000));
  }

  static String hash(String phone, String code) {
    return Secrets.sha256Hex(phone + ":" + code);
  }

  /**
   * Stores a new challenge, unless one is still live for this phone (429 with the seconds it still
   * lives). An expired leftover is replaced. The primary key settles concurrent requests.
   */
  static Future<Void> open(Pool pool, String phone, String code, long ttlMillis) {
    long now = Store.now();
    return pool.withTransaction(c -> liveUntil(c, phone, now).compose(until -> until > 0
            ? Future.<Void>failedFuture(tooSoon(until, now))
            : c.preparedQuery("DELETE FROM otp_challenges WHERE phone = ?").execute(Tuple.of(phone))
                .compose(d -> c.preparedQuery("INSERT INTO otp_challenges (phone, code_hash, expires_at, attempts, created_at) VALUES (?, ?, ?, 0, ?)")
                    .execute(Tuple.of(phone, hash(phone, code), now + ttlMillis, now)))
                .<Void>mapEmpty()))
        .recover(e -> Constraints.isUniqueViolation(e)
            ? pool.withConnection(c -> liveUntil(c, phone, now)).compose(until -> Future.failedFuture(tooSoon(Math.max(until, now + 1000), now)))
            : Future.failedFuture(e));
  }

  /** Removes this code again (the SMS could not be sent); a newer code of the same phone stays. */
  static Future<Void> withdraw(Pool pool, String phone, String code) {
    return pool.preparedQuery("DELETE FROM otp_challenges WHERE phone = ? AND code_hash = ?")
        .execute(Tuple.of(phone, hash(phone, code))).mapEmpty();
  }

  /**
   * Checks a code without consuming it: 404 when there is no live code, 403 when it is wrong (the
   * try is counted) and 403 "burned" once maxAttempts wrong tries were made (the code is deleted).
   * A right code is consumed by the login transaction ({@link #consume}).
   *
   * <p>A wrong try is judged only if it wins one of the maxAttempts increments: the counter is
   * raised by one conditional update ({@code attempts < max}), so concurrent wrong codes cannot all
   * read the same count and each get a try of their own.
   */
  static Future<Void> check(Pool pool, String phone, String code, long maxAttempts) {
    long now = Store.now();
    return pool.preparedQuery("SELECT code_hash, expires_at, attempts FROM otp_challenges WHERE phone = ?").execute(Tuple.of(phone))
        .compose(rs -> {
          if (rs.size() == 0) return Future.failedFuture(BadInput.notFound(NONE));
          Row row = rs.iterator().next();
          String stored = row.getString(0);
          if (row.getLong(1) <= now) return delete(pool, phone, stored).compose(v -> Future.failedFuture(BadInput.notFound(NONE)));
          if (row.getInteger(2) >= maxAttempts) return burn(pool, phone, stored);
          if (Secrets.constantTimeEquals(stored, hash(phone, code))) return Future.succeededFuture();
          return pool.preparedQuery("UPDATE otp_challenges SET attempts = attempts + 1 WHERE phone = ? AND code_hash = ? AND attempts < ?")
              .execute(Tuple.of(phone, stored, maxAttempts))
              .compose(u -> {
                // no row: concurrent wrong tries used the last attempts (or burned the code) first
                if (u.rowCount() == 0) return burn(pool, phone, stored);
                return pool.preparedQuery("SELECT attempts FROM otp_challenges WHERE phone = ? AND code_hash = ?").execute(Tuple.of(phone, stored))
                    .compose(a -> {
                      long used = a.size() == 0 ? maxAttempts : a.iterator().next().getLong(0);
                      return Future.failedFuture(new BadInput(403, WRONG + left(maxAttempts - used)));
                    });
              });
        });
  }

  /** Deletes the checked code inside the login transaction; fails with 404 if another request used it first. */
  static Future<Void> consume(SqlConnection c, String phone, String code) {
    return c.preparedQuery("DELETE FROM otp_challenges WHERE phone = ? AND code_hash = ? AND expires_at > ?")
        .execute(Tuple.of(phone, hash(phone, code), Store.now()))
        .compose(rs -> rs.rowCount() == 1 ? Future.<Void>succeededFuture() : Future.failedFuture(BadInput.notFound(NONE)));
  }

  /** When the live challenge of this phone expires, or 0 when there is none. */
  private static Future<Long> liveUntil(SqlConnection c, String phone, long now) {
    return c.preparedQuery("SELECT expires_at FROM otp_challenges WHERE phone = ?").execute(Tuple.of(phone))
        .map(rs -> {
          long until = rs.size() == 0 ? 0L : rs.iterator().next().getLong(0);
          return until > now ? until : 0L;
        });
  }

  private static Future<Void> burn(Pool pool, String phone, String codeHash) {
    return delete(pool, phone, codeHash).compose(v -> Future.failedFuture(new BadInput(403, BURNED)));
  }

  private static Future<Void> delete(Pool pool, String phone, String codeHash) {
    return pool.preparedQuery("DELETE FROM otp_challenges WHERE phone = ? AND code_hash = ?").execute(Tuple.of(phone, codeHash)).mapEmpty();
  }

  private static MobileError tooSoon(long until, long now) {
    long seconds = Math.max(1, (until - now + 999) / 1000);
    return new MobileError(429, "Код уже отправлен, новый можно запросить через " + seconds + " с", seconds);
  }

  private static String left(long n) {
    return n <= 0 ? "" : ", осталось попыток: " + n;
  }
}
