package org.portier.mobile;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import org.portier.http.BadInput;
import org.portier.http.Faces;
import org.portier.http.Input;
import org.portier.http.JsonBodies;
import org.portier.store.Constraints;
import org.portier.security.Secrets;
import org.portier.store.Store;

/**
 * The flat's door code from the app (contract §4.2): address/resetCode draws a new one,
 * address/registerQR joins the flat whose code ends the scanned QR link.
 */
final class FlatCodeRoutes {
  static final String QR_BAD = "Неверный QR-код: квартира с таким кодом не найдена";
  static final String QR_ALREADY = "Этот адрес уже есть в вашем списке";
  static final String QR_ADDED = "Адрес добавлен: ";

  private FlatCodeRoutes() {}

  /** Owners and residents may reset; guests may not (403). 405 when the flat has no code, as the reference. */
  static Future<Reply> resetCode(Faces faces, RoutingContext ctx) {
    Input in = Input.of(JsonBodies.object(ctx, true));
    long flatId = in.integer("flatId", 1, Integer.MAX_VALUE);
    long me = MobileAuth.subscriberId(ctx);
    return faces.pool().withTransaction(c -> Memberships.role(c, flatId, me)
            .compose(role -> "guest".equals(role)
                ? Future.failedFuture(new BadInput(403, "Менять код двери может только владелец или жилец квартиры"))
                : c.preparedQuery("SELECT door_code FROM flats WHERE id = ?").execute(Tuple.of(flatId)))
            .compose(rs -> {
              String old = rs.iterator().next().getString(0);
              if (!DoorCodes.shown(old)) return Future.failedFuture(new BadInput(405, "У квартиры нет кода двери, его нельзя сменить"));
              int code;
              do {
                code = 11_000 + Secrets.randomInt(89_000);
              } while (Integer.toString(code).equals(old));
              int chosen = code;
              return c.preparedQuery("UPDATE flats SET door_code = ? WHERE id = ?").execute(Tuple.of(Integer.toString(chosen), flatId)).map(chosen);
            }))
        .map(code -> Reply.ok(new JsonObject().put("code", code)));
  }

  /**
   * The QR's tail (after the last /, = or _) is a flat's door code. A match makes the caller a
   * resident of that flat (not an owner: a printed code proves presence, not ownership); the
   * answer is always 200 with a message for the user. Limited per subscriber, since door codes
   * are short enough to guess.
   */
  static Future<Reply> registerQR(Faces faces, RoutingContext ctx) {
    Input in = Input.of(JsonBodies.object(ctx, true));
    String qr = in.optString("QR", 0, 2000);
    if (qr == null) throw BadInput.unprocessable("QR is required");
    if (qr.isEmpty()) throw BadInput.notFound("Пустой QR-код");
    long me = MobileAuth.subscriberId(ctx);
    RateLimits.of(faces.vertx()).hit(faces.config().get(), "registerQrPerSubscriber", Long.toString(me));
    int cut = Math.max(qr.lastIndexOf('/'), Math.max(qr.lastIndexOf('='), qr.lastIndexOf('_')));
    String code = qr.substring(cut + 1).trim();
    if (!code.matches("\\d{4,8}") || !DoorCodes.shown(code)) return Future.succeededFuture(Reply.ok(QR_BAD));
    long now = Store.now();
    return faces.pool().preparedQuery("SELECT f.id, f.number, h.address FROM flats f JOIN houses h ON h.id = f.house_id WHERE f.door_code = ?")
        .execute(Tuple.of(code))
        .compose(rs -> {
          // A code shared by several flats says nothing about which one is meant.
          if (rs.size() != 1) return Future.succeededFuture(QR_BAD);
          Row flat = rs.iterator().next();
          long flatId = flat.getLong(0);
          String address = flat.getString(2) + ", кв. " + flat.getString(1);
          return faces.pool().withTransaction(c -> c.preparedQuery("SELECT role, expires_at FROM flat_subscribers WHERE flat_id = ? AND subscriber_id = ?")
              .execute(Tuple.of(flatId, me))
              .compose(m -> {
                if (m.size() == 0) {
                  return c.preparedQuery("INSERT INTO flat_subscribers (flat_id, subscriber_id, role, created_at) VALUES (?, ?, 'resident', ?)")
                      .execute(Tuple.of(flatId, me, now)).map(QR_ADDED + address);
                }
                Row r = m.iterator().next();
                Long expires = r.getValue(1) == null ? null : r.getLong(1);
                if (expires == null) return Future.succeededFuture(QR_ALREADY);
                // A guest (or a former guest) with the code becomes a resident for good.
                return c.preparedQuery("UPDATE flat_subscribers SET role = 'resident', expires_at = NULL WHERE flat_id = ? AND subscriber_id = ?")
                    .execute(Tuple.of(flatId, me)).map(QR_ADDED + address);
              }))
              // the same QR scanned twice at once: the second insert meets the first one's row
              .recover(e -> Constraints.isUniqueViolation(e) ? Future.succeededFuture(QR_ALREADY) : Future.failedFuture(e));
        })
        .map(Reply::ok);
  }
}
