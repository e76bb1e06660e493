package org.portier.mobile;

import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import org.portier.http.BadInput;
import org.portier.http.Faces;
import org.portier.security.Secrets;
import org.portier.store.Store;

/**
 * Bearer device tokens (contract §3.5). Both apps log out on any 401, so 401 is kept for a token
 * that is unknown (never issued, or rotated by a newer login); a missing header is 403 and an
 * empty bearer 422, as in the reference server. Tokens are looked up by their SHA-256 only.
 */
final class MobileAuth {
  private static final String DEVICE = "portier.mobile.deviceId";
  private static final String SUBSCRIBER = "portier.mobile.subscriberId";
  /** last_seen, ip, ua and version are written at most once a minute per device. */
  static final long TOUCH_INTERVAL_MS = 60_000;

  private MobileAuth() {}

  static Handler<RoutingContext> handler(Faces faces) {
    return ctx -> {
      String token;
      try {
        token = token(ctx.request().getHeader("Authorization"));
      } catch (BadInput e) {
        ctx.fail(e);
        return;
      }
      faces.pool().preparedQuery("SELECT id, subscriber_id, last_seen FROM devices WHERE token_hash = ?")
          .execute(Tuple.of(Secrets.sha256Hex(token)))
          .compose(rs -> {
            if (rs.size() == 0) {
              return Future.failedFuture(new BadInput(401, "Не авторизован: вход выполнен на другом устройстве или токен устарел"));
            }
            Row row = rs.iterator().next();
            ctx.put(DEVICE, row.getLong(0));
            ctx.put(SUBSCRIBER, row.getLong(1));
            return touch(faces, row.getLong(0), row.getLong(2), ClientInfo.of(ctx));
          })
          .onSuccess(v -> ctx.next())
          .onFailure(ctx::fail);
    };
  }

  /** The token of the header; 403 without a header, 422 when nothing follows "Bearer". */
  static String token(String header) {
    if (header == null) throw new BadInput(403, "Ошибка авторизации: нужен заголовок Authorization: Bearer <токен>");
    String h = header.trim();
    boolean bearer = h.regionMatches(true, 0, "Bearer", 0, 6) && (h.length() == 6 || Character.isWhitespace(h.charAt(6)));
    String token = bearer ? h.substring(6).trim() : "";
    if (token.isEmpty()) throw BadInput.unprocessable("Отсутствует токен авторизации (ожидается Authorization: Bearer <токен>)");
    return token;
  }

  /**
   * Records when and from where the device was last seen. The WHERE clause repeats the throttle so
   * that concurrent requests (or several nodes) write at most once per interval.
   */
  private static Future<Void> touch(Faces faces, long deviceId, long lastSeen, ClientInfo client) {
    long now = Store.now();
    if (now - lastSeen < TOUCH_INTERVAL_MS) return Future.succeededFuture();
    return faces.pool().preparedQuery("UPDATE devices SET last_seen = ?, ip = ?, ua = COALESCE(CAST(? AS VARCHAR(500)), ua),"
            + " app_version = COALESCE(CAST(? AS VARCHAR(64)), app_version) WHERE id = ? AND last_seen < ?")
        .execute(Tuple.of(now).addValue(client.ip()).addValue(client.ua()).addValue(client.appVersion())
            .addValue(deviceId).addValue(now - TOUCH_INTERVAL_MS))
        .mapEmpty();
  }

  static long deviceId(RoutingContext ctx) {
    return ctx.<Long>get(DEVICE);
  }

  static long subscriberId(RoutingContext ctx) {
    return ctx.<Long>get(SUBSCRIBER);
  }
}
