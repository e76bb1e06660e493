package org.portier.mxpush;

import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.List;

/**
 * The SQL of MX pushes: read a login's rows of mx_push_tokens (written by the REST face's
 * PUT /tokens), find which token an outbox row went to, and drop a token a provider called dead.
 */
final class MxTokenRows {
  private MxTokenRows() {}

  /** One registered token: type apn|fcm, topic as registered (APNs: bundle or bundle.voip; FCM: app name). */
  record Token(String type, String topic, String token, boolean sandbox) {
    boolean voip() {
      return "apn".equals(type) && topic.endsWith(".voip");
    }
  }

  /** The outbox row a push.outcome names: enough to find the mx_push_tokens row again. */
  record Sent(String provider, String topic, String token) {}

  static Future<List<Token>> of(Pool pool, String login) {
    return pool.preparedQuery("SELECT token_type, topic, token, sandbox FROM mx_push_tokens WHERE login = ? ORDER BY token_type, topic, token")
        .execute(Tuple.of(login)).map(rows -> {
          List<Token> out = new ArrayList<>();
          for (Row r : rows) out.add(new Token(r.getString("TOKEN_TYPE"), r.getString("TOPIC"), r.getString("TOKEN"), Boolean.TRUE.equals(r.getBoolean("SANDBOX"))));
          return out;
        });
  }

  /** The outbox row, or null once it is gone. */
  static Future<Sent> sent(Pool pool, long outboxId) {
    return pool.preparedQuery("SELECT provider, topic, token FROM push_outbox WHERE id = ?").execute(Tuple.of(outboxId)).map(rows -> {
      if (rows.size() == 0) return null;
      Row r = rows.iterator().next();
      return new Sent(r.getString("PROVIDER"), r.getString("TOPIC"), r.getString("TOKEN"));
    });
  }

  /**
   * Deletes the dead token: APNs by (topic, token), since DeviceTokenNotForTopic kills only that pairing;
   * FCM by token, whatever app name it was registered under. The count of rows removed.
   */
  static Future<Integer> deleteDead(Pool pool, Sent s) {
    if ("apns".equals(s.provider())) {
      return pool.preparedQuery("DELETE FROM mx_push_tokens WHERE token_type = 'apn' AND topic = ? AND token = ?")
          .execute(Tuple.of(s.topic(), s.token())).map(r -> r.rowCount());
    }
    return pool.preparedQuery("DELETE FROM mx_push_tokens WHERE token_type = 'fcm' AND token = ?")
        .execute(Tuple.of(s.token())).map(r -> r.rowCount());
  }
}
