package org.portier.mx;

import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.List;
import org.portier.security.SecretBox;
import org.portier.store.Store;

/** The mx_users table: who is logged in to MX and how to log them in again. Passwords sealed at rest. */
final class MxUsers {
  static final String READY = "READY";
  static final String RECONNECTING = "RECONNECTING";
  static final String FAILED = "FAILED";

  record StoredUser(String login, MxCredentials creds, String state, String lastError) {}

  private final Pool pool;
  private final SecretBox box;

  MxUsers(Pool pool, SecretBox box) {
    this.pool = pool;
    this.box = box;
  }

  /** Every stored user, passwords decrypted (AES-GCM of short strings: cheap enough for the event loop). */
  Future<List<StoredUser>> all() {
    return pool.query("SELECT login, host, port, mx_login, mx_password_enc, state, last_error FROM mx_users ORDER BY login").execute()
        .map(rows -> {
          List<StoredUser> out = new ArrayList<>();
          for (Row r : rows) {
            MxCredentials c = new MxCredentials(r.getString("HOST"), r.getInteger("PORT"), r.getString("MX_LOGIN"),
                box.decrypt(r.getString("MX_PASSWORD_ENC")));
            out.add(new StoredUser(r.getString("LOGIN"), c, r.getString("STATE"), r.getString("LAST_ERROR")));
          }
          return out;
        });
  }

  /** Inserts or refreshes a user after a successful login, in one transaction. */
  Future<Void> save(String login, MxCredentials c, String ext, String jid) {
    long now = Store.now();
    String sealed = box.encrypt(c.mxPassword());
    return pool.withTransaction(conn -> conn.preparedQuery(
            "UPDATE mx_users SET host = ?, port = ?, mx_login = ?, mx_password_enc = ?, state = ?, ext = ?, jid = ?, updated_at = ?, "
                + "last_error = NULL WHERE login = ?")
        .execute(Tuple.from(new Object[] {c.host(), c.port(), c.mxLogin(), sealed, READY, ext, jid, now, login}))
        .compose(r -> r.rowCount() > 0 ? Future.succeededFuture() : conn.preparedQuery(
                "INSERT INTO mx_users (login, host, port, mx_login, mx_password_enc, state, ext, jid, created_at, updated_at) "
                    + "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")
            .execute(Tuple.from(new Object[] {login, c.host(), c.port(), c.mxLogin(), sealed, READY, ext, jid, now, now})))
        .mapEmpty());
  }

  Future<Void> state(String login, String state, String ext, String jid, String lastError) {
    String err = lastError == null ? null : lastError.length() > 1000 ? lastError.substring(0, 1000) : lastError;
    return pool.preparedQuery("UPDATE mx_users SET state = ?, ext = COALESCE(?, ext), jid = COALESCE(?, jid), updated_at = ?, last_error = ? "
            + "WHERE login = ?")
        .execute(Tuple.from(new Object[] {state, ext, jid, Store.now(), err, login})).mapEmpty();
  }

  Future<Void> delete(String login) {
    return pool.preparedQuery("DELETE FROM mx_users WHERE login = ?").execute(Tuple.of(login)).mapEmpty();
  }
}
