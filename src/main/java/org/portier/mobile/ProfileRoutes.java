package org.portier.mobile;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import org.portier.config.Config;
import org.portier.http.BadInput;
import org.portier.http.Faces;
import org.portier.http.Input;
import org.portier.http.JsonBodies;

/**
 * The subscriber's own data (contract §4.1): user/appVersion, user/getName, user/sendName,
 * user/notification (per device) and user/pushTokens (of the calling device).
 */
final class ProfileRoutes {
  private static final int NAME_MAX = 100;

  private ProfileRoutes() {}

  /**
   * 204 unless mobile.appVersion sets a minimum for the platform and this build is below it: then
   * 200 with data "upgrade" (below min*) or "force_upgrade" (below force*). Versions compare by
   * their dot-separated numbers (Android sends its build code, iOS CFBundleVersion).
   */
  static Future<Reply> appVersion(Faces faces, RoutingContext ctx) {
    Input in = Input.of(JsonBodies.object(ctx, true));
    String version = text(in, "version");
    if (!version.matches("\\d{1,9}(\\.\\d{1,9}){0,3}")) throw BadInput.unprocessable("version must be a build number or a version like 1.0.64");
    String platform = in.oneOf("platform", null, "android", "ios", "web");
    Config c = faces.config().get();
    String suffix = "ios".equals(platform) ? "Ios" : "android".equals(platform) ? "Android" : null;
    if (suffix != null) {
      if (below(version, c.string("mobile.appVersion.force" + suffix))) return Future.succeededFuture(Reply.ok("force_upgrade"));
      if (below(version, c.string("mobile.appVersion.min" + suffix))) return Future.succeededFuture(Reply.ok("upgrade"));
    }
    return Future.succeededFuture(Reply.noContent());
  }

  /** A string field the apps may also send as a number (Android's build code). */
  private static String text(Input in, String field) {
    Object v = in.json().getValue(field);
    if (v instanceof Number) {
      // exactly as sent: 2^64 + 7 stays too long for a build number instead of becoming 7
      Long n = Input.wholeNumber(v, 0, Long.MAX_VALUE);
      if (n == null) throw BadInput.unprocessable(field + " must be a build number or a version like 1.0.64");
      return n.toString();
    }
    return in.string(field, 1, 32);
  }

  static boolean below(String version, String minimum) {
    if (minimum.isEmpty()) return false;
    String[] a = version.split("\\.");
    String[] b = minimum.split("\\.");
    for (int i = 0; i < Math.max(a.length, b.length); i++) {
      long x = i < a.length ? Long.parseLong(a[i]) : 0;
      long y = i < b.length ? Long.parseLong(b[i]) : 0;
      if (x != y) return x < y;
    }
    return false;
  }

  static Future<Reply> getName(Faces faces, RoutingContext ctx) {
    JsonBodies.object(ctx, true);
    return faces.pool().preparedQuery("SELECT name, patronymic, last_name FROM subscribers WHERE id = ?")
        .execute(Tuple.of(MobileAuth.subscriberId(ctx)))
        .compose(rs -> {
          Row r = rs.size() == 0 ? null : rs.iterator().next();
          if (r == null || r.getString(0).isEmpty()) return Future.failedFuture(BadInput.notFound("Имя не указано"));
          return Future.succeededFuture(Reply.ok(new JsonObject().put("name", r.getString(0)).put("patronymic", r.getString(1)).put("last", r.getString(2))));
        });
  }

  /** Stores the names as given (trimmed); whoever renders them into HTML escapes them there. A missing name is 400 as in the reference. */
  static Future<Reply> sendName(Faces faces, RoutingContext ctx) {
    Input in = Input.of(JsonBodies.object(ctx, true));
    if (!in.has("name") || in.json().getValue("name") instanceof String s && s.isBlank()) throw new BadInput(400, "Не указано имя (name)");
    String name = in.string("name", 1, NAME_MAX);
    String patronymic = in.has("patronymic") ? in.string("patronymic", 0, NAME_MAX) : "";
    String last = in.has("last") ? in.string("last", 0, NAME_MAX) : "";
    return faces.pool().preparedQuery("UPDATE subscribers SET name = ?, patronymic = ?, last_name = ? WHERE id = ?")
        .execute(Tuple.of(name, patronymic, last, MobileAuth.subscriberId(ctx)))
        .map(Reply.noContent());
  }

  /** Sets money and/or enable of this device ("t"/"f"); an empty request only reads them. Always 200 with data (iOS needs it). */
  static Future<Reply> notification(Faces faces, RoutingContext ctx) {
    Input in = Input.of(JsonBodies.object(ctx, true));
    Boolean money = in.optFlag("money");
    Boolean enable = in.optFlag("enable");
    long device = MobileAuth.deviceId(ctx);
    Future<?> write = money == null && enable == null ? Future.succeededFuture()
        : faces.pool().preparedQuery("UPDATE devices SET notify_money = COALESCE(CAST(? AS BOOLEAN), notify_money),"
            + " notify_enable = COALESCE(CAST(? AS BOOLEAN), notify_enable) WHERE id = ?")
            .execute(Tuple.tuple().addValue(money).addValue(enable).addValue(device));
    return write.compose(v -> faces.pool().preparedQuery("SELECT notify_money, notify_enable FROM devices WHERE id = ?").execute(Tuple.of(device)))
        .compose(rs -> {
          if (rs.size() == 0) return Future.failedFuture(new BadInput(401, "Не авторизован: устройство удалено"));
          Row r = rs.iterator().next();
          return Future.succeededFuture(Reply.ok(new JsonObject().put("money", flag(r.getBoolean(0))).put("enable", flag(r.getBoolean(1)))));
        });
  }

  /** The calling device's tokens as stored; "off" where there is none, as the reference stores an empty token. */
  static Future<Reply> pushTokens(Faces faces, RoutingContext ctx) {
    JsonBodies.object(ctx, true);
    return faces.pool().preparedQuery("SELECT push_token, voip_token FROM devices WHERE id = ?").execute(Tuple.of(MobileAuth.deviceId(ctx)))
        .compose(rs -> {
          if (rs.size() == 0) return Future.failedFuture(new BadInput(401, "Не авторизован: устройство удалено"));
          Row r = rs.iterator().next();
          return Future.succeededFuture(Reply.ok(new JsonObject().put("pushToken", orOff(r.getString(0))).put("voipToken", orOff(r.getString(1)))));
        });
  }

  private static String orOff(String token) {
    return token == null || token.isEmpty() ? "off" : token;
  }

  static String flag(boolean b) {
    return b ? "t" : "f";
  }
}
