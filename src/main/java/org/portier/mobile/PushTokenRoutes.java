package org.portier.mobile;

import io.vertx.core.Future;
import io.vertx.ext.web.RoutingContext;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.util.Objects;
import org.portier.http.BadInput;
import org.portier.http.Faces;
import org.portier.http.Input;
import org.portier.http.JsonBodies;

/**
 * user/registerPushToken (contract §3.6). Stored per device: platform ("ios"/"android"/"web"),
 * push_service (the service of pushToken: "apns" when an iOS app says type 1/2, else "fcm", "hms" or "rustore"),
 * push_token, voip_token (NULL when absent or empty), production (false = APNs sandbox) and bundle.
 */
final class PushTokenRoutes {
  static final int MIN_TOKEN = 16;
  static final int MAX_TOKEN = 1023;

  private PushTokenRoutes() {}

  record Tokens(String platform, String service, String push, String voip, boolean production, String bundle) {}

  static Future<Reply> register(Faces faces, RoutingContext ctx) {
    Tokens t = parse(Input.of(JsonBodies.object(ctx, true)));
    long deviceId = MobileAuth.deviceId(ctx);
    return faces.pool().withTransaction(c -> store(c, deviceId, t)).map(Reply.noContent());
  }

  static Tokens parse(Input in) {
    if (!in.has("platform")) throw BadInput.unprocessable("platform is required: ios, android or web");
    String platform = in.oneOf("platform", null, "ios", "android", "web");
    String push = token(in, "pushToken");
    String voip = token(in, "voipToken");
    Boolean production = in.optFlag("production");
    String service = in.has("pushService") ? in.oneOf("pushService", null, "fcm", "hms", "rustore") : "fcm";
    boolean sandbox = production != null && !production;
    if ("ios".equals(platform)) {
      // push_service is the service of pushToken (the VoIP token is always APNs). The iOS app says
      // which it sent in "type": 1 (APNs release) or 2 (APNs debug) is an APNs device token for
      // visible notifications; 0 and 3 (or no type) an FCM token (contract §3.6).
      long type = in.optInteger("type", 0, 3, 0);
      service = type == 1 || type == 2 ? "apns" : "fcm";
      sandbox |= type == 2;
    }
    String bundle = in.optString("bundle", 1, 200);
    return new Tokens(platform, service, push, voip, !sandbox, bundle);
  }

  /** A token field: absent or "" is NULL; otherwise 16-1023 characters or 406 as in the reference. */
  private static String token(Input in, String field) {
    if (!in.has(field)) return null;
    if (!(in.json().getValue(field) instanceof String s)) throw BadInput.unprocessable(field + " must be a string");
    if (s.isEmpty()) return null;
    if (s.length() < MIN_TOKEN || s.length() > MAX_TOKEN) {
      throw new BadInput(406, field + " must have " + MIN_TOKEN + " to " + MAX_TOKEN + " characters, got " + s.length());
    }
    if (s.chars().anyMatch(ch -> ch <= 0x20 || ch == 0x7f)) throw BadInput.unprocessable(field + " must not contain spaces or control characters");
    return s;
  }

  /**
   * Writes the tokens; a changed token starts out alive again. Rows of other devices holding the
   * same token are deleted: that phone was reinstalled or re-logged in, and the stale rows would
   * get every push twice.
   */
  private static Future<Void> store(SqlConnection c, long deviceId, Tokens t) {
    return c.preparedQuery("SELECT push_token, voip_token, push_token_dead, voip_token_dead FROM devices WHERE id = ?").execute(Tuple.of(deviceId))
        .compose(rs -> {
          if (rs.size() == 0) return Future.failedFuture(new BadInput(401, "Не авторизован: устройство удалено"));
          Row old = rs.iterator().next();
          boolean pushDead = Objects.equals(old.getString(0), t.push()) && Boolean.TRUE.equals(old.getBoolean(2));
          boolean voipDead = Objects.equals(old.getString(1), t.voip()) && Boolean.TRUE.equals(old.getBoolean(3));
          return c.preparedQuery("UPDATE devices SET platform = ?, push_service = ?, push_token = ?, voip_token = ?, production = ?,"
                  + " bundle = ?, push_token_dead = ?, voip_token_dead = ? WHERE id = ?")
              .execute(Tuple.of(t.platform(), t.service()).addValue(t.push()).addValue(t.voip()).addValue(t.production())
                  .addValue(t.bundle()).addValue(pushDead).addValue(voipDead).addValue(deviceId));
        })
        .compose(v -> t.push() == null ? Future.succeededFuture()
            : c.preparedQuery("DELETE FROM devices WHERE push_token = ? AND id <> ?").execute(Tuple.of(t.push(), deviceId)))
        .compose(v -> t.voip() == null ? Future.succeededFuture()
            : c.preparedQuery("DELETE FROM devices WHERE voip_token = ? AND id <> ?").execute(Tuple.of(t.voip(), deviceId)))
        .mapEmpty();
  }
}
