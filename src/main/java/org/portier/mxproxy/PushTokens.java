package org.portier.mxproxy;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import org.portier.store.Constraints;

/**
 * The mx_push_tokens table: the device tokens MX users registered, keyed by (type, topic, token).
 * A token belongs to one login at a time: registering it again, by anyone, moves it.
 */
final class PushTokens {
  private PushTokens() {}

  /** Registers (or moves) a token; one transaction, so a token is never owned twice. */
  static Future<Void> put(Pool pool, String type, String topic, String token, String login, boolean sandbox) {
    Tuple key = Tuple.of(type, topic, token);
    return pool.withTransaction(c -> c.preparedQuery("UPDATE mx_push_tokens SET login = ?, sandbox = ?, created_at = ?"
            + " WHERE token_type = ? AND topic = ? AND token = ?")
        .execute(Tuple.of(login, sandbox, System.currentTimeMillis(), type, topic, token))
        .compose(r -> r.rowCount() > 0 ? Future.<Void>succeededFuture()
            : c.preparedQuery("INSERT INTO mx_push_tokens (token_type, topic, token, login, sandbox, created_at) VALUES (?, ?, ?, ?, ?, ?)")
                .execute(Tuple.of(type, topic, token, login, sandbox, System.currentTimeMillis())).<Void>mapEmpty()))
        .recover(e -> Constraints.lostRace(e)
            // a concurrent PUT of the same token inserted first: move it to us now that the row exists
            ? pool.preparedQuery("UPDATE mx_push_tokens SET login = ?, sandbox = ? WHERE token_type = ? AND topic = ? AND token = ?")
                .execute(Tuple.of(login, sandbox, key.getString(0), key.getString(1), key.getString(2))).<Void>mapEmpty()
            : Future.failedFuture(e));
  }

  /** Deletes the token if {@code login} owns it; false when there was no such token of this user. */
  static Future<Boolean> delete(Pool pool, String type, String topic, String token, String login) {
    return pool.preparedQuery("DELETE FROM mx_push_tokens WHERE token_type = ? AND topic = ? AND token = ? AND login = ?")
        .execute(Tuple.of(type, topic, token, login)).map(r -> r.rowCount() > 0);
  }

  static Future<Integer> deleteAllOf(Pool pool, String login) {
    return pool.preparedQuery("DELETE FROM mx_push_tokens WHERE login = ?").execute(Tuple.of(login)).map(r -> r.rowCount());
  }

  /** Every token, for the admin listener: [{type, topic, token, login, sandbox, createdAt}]. */
  static Future<JsonArray> all(Pool pool) {
    return pool.query("SELECT token_type, topic, token, login, sandbox, created_at FROM mx_push_tokens ORDER BY login, token_type, topic, token")
        .execute().map(rows -> {
          JsonArray out = new JsonArray();
          for (Row r : rows) out.add(json(r));
          return out;
        });
  }

  /** The tokens of one login (what the push increment will fan an MX event out to). */
  static Future<JsonArray> of(Pool pool, String login) {
    return pool.preparedQuery("SELECT token_type, topic, token, login, sandbox, created_at FROM mx_push_tokens WHERE login = ? ORDER BY token_type, topic, token")
        .execute(Tuple.of(login)).map(rows -> {
          JsonArray out = new JsonArray();
          for (Row r : rows) out.add(json(r));
          return out;
        });
  }

  private static JsonObject json(Row r) {
    return new JsonObject().put("type", r.getString("TOKEN_TYPE")).put("topic", r.getString("TOPIC")).put("token", r.getString("TOKEN"))
        .put("login", r.getString("LOGIN")).put("sandbox", r.getBoolean("SANDBOX")).put("createdAt", r.getLong("CREATED_AT"));
  }
}
