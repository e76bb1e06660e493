package org.portier.mobile;

import io.vertx.core.Future;
import io.vertx.ext.web.RoutingContext;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.time.ZoneId;
import org.portier.http.BadInput;
import org.portier.http.Faces;
import org.portier.http.Input;
import org.portier.http.JsonBodies;
import org.portier.store.Constraints;
import org.portier.phone.Phones;
import org.portier.store.Store;

/**
 * address/access (contract §4.2): an owner or resident grants someone access to the flat, until
 * {@code expire} ("Y-m-d H:i:s" in mobile.timeZone) or for good when it is absent; an expire in the
 * past revokes. {@code type} "outer" (or any expire) makes a guest, "inner" without expire a
 * resident. The person is created as a subscriber if new and gets a newAddress push on each device.
 * Revoking: anyone may remove themselves; only an owner may remove others (never another owner),
 * otherwise 200 with data "Нет прав для удаления" as in the reference.
 */
final class GuestAccessRoutes {
  static final String NO_RIGHTS = "Нет прав для удаления";

  private GuestAccessRoutes() {}

  private record Grant(long flatId, String guestPhone, String type, Long expire) {}

  static Future<Reply> access(Faces faces, RoutingContext ctx) {
    Input in = Input.of(JsonBodies.object(ctx, true));
    long flatId = in.integer("flatId", 1, Integer.MAX_VALUE);
    String guestPhone = null;
    if (in.has("guestPhone")) {
      guestPhone = Phones.normalize(in.string("guestPhone", 1, 32));
      if (guestPhone == null) throw BadInput.unprocessable("Неверный номер телефона (guestPhone): нужно 11 цифр, например 79001234567");
    }
    String type = in.has("type") ? in.oneOf("type", null, "inner", "outer") : null;
    ZoneId zone = MobileTime.zone(faces.config().get());
    Long expire = null;
    String text = in.optString("expire", 1, 32);
    if (text != null) {
      expire = MobileTime.parse(text, zone);
      if (expire == null) throw BadInput.unprocessable("expire must be a date and time like \"2026-12-31 23:59:59\"");
    }
    in.optString("clientId", 0, 64);
    Grant g = new Grant(flatId, guestPhone, type, expire);
    long me = MobileAuth.subscriberId(ctx);
    if (expire != null && expire <= Store.now()) return revoke(faces, me, g);
    if (guestPhone == null) throw BadInput.unprocessable("guestPhone is required to grant access");
    return grant(faces, me, g, zone);
  }

  private static Future<Reply> revoke(Faces faces, long me, Grant g) {
    return faces.pool().withTransaction(c -> Memberships.role(c, g.flatId(), me).compose(myRole -> target(c, g, me).compose(target -> {
      if (target == null) return Future.failedFuture(BadInput.notFound("Телефон " + g.guestPhone() + " не найден среди жильцов этой квартиры"));
      long targetId = target.getLong(0);
      boolean allowed = targetId == me || "owner".equals(myRole) && !"owner".equals(target.getString(1));
      if (!allowed) return Future.succeededFuture(Reply.ok(NO_RIGHTS));
      return c.preparedQuery("DELETE FROM flat_subscribers WHERE flat_id = ? AND subscriber_id = ?").execute(Tuple.of(g.flatId(), targetId))
          .map(Reply.noContent());
    })));
  }

  /** The member to remove (id, role): guestPhone's, or the caller's own when no phone was given. */
  private static Future<Row> target(SqlConnection c, Grant g, long me) {
    String sql = "SELECT s.id, fs.role FROM flat_subscribers fs JOIN subscribers s ON s.id = fs.subscriber_id WHERE fs.flat_id = ? AND ";
    Tuple args = Tuple.of(g.flatId());
    if (g.guestPhone() == null) {
      sql += "s.id = ?";
      args.addValue(me);
    } else {
      sql += "s.phone = ?";
      args.addValue(g.guestPhone());
    }
    return c.preparedQuery(sql).execute(args).map(rs -> rs.size() == 0 ? null : rs.iterator().next());
  }

  private static Future<Reply> grant(Faces faces, long me, Grant g, ZoneId zone) {
    String role = g.expire() != null || "outer".equals(g.type()) ? "guest" : "resident";
    long now = Store.now();
    // An id is taken before the transaction in case the guest is new (taking one may need a connection of its own).
    return faces.ids().next("subscribers").compose(newId -> faces.pool().withTransaction(c -> Memberships.role(c, g.flatId(), me)
            .compose(myRole -> "guest".equals(myRole)
                ? Future.failedFuture(new BadInput(403, "Давать доступ к квартире может только владелец или жилец"))
                : subscriber(c, g.guestPhone(), newId, now))
            .compose(guestId -> c.preparedQuery("SELECT fs.role, fs.expires_at FROM flat_subscribers fs WHERE fs.flat_id = ? AND fs.subscriber_id = ?")
                .execute(Tuple.of(g.flatId(), guestId))
                .compose(rs -> {
                  if (rs.size() == 0) {
                    return c.preparedQuery("INSERT INTO flat_subscribers (flat_id, subscriber_id, role, created_at, expires_at) VALUES (?, ?, ?, ?, ?)")
                        .execute(Tuple.of(g.flatId(), guestId, role, now).addValue(g.expire())).map(guestId);
                  }
                  Row m = rs.iterator().next();
                  Long until = m.getValue(1) == null ? null : m.getLong(1);
                  // A lasting membership is never shortened by a guest grant; a temporary one is replaced.
                  if (until == null) return Future.succeededFuture((Long) null);
                  boolean wasActive = until > now;
                  return c.preparedQuery("UPDATE flat_subscribers SET role = ?, expires_at = ? WHERE flat_id = ? AND subscriber_id = ?")
                      .execute(Tuple.of(role).addValue(g.expire()).addValue(g.flatId()).addValue(guestId))
                      .map(wasActive ? null : guestId);
                }))))
        // a concurrent grant to the same phone or flat got in first; repeating the request is safe
        .recover(e -> Future.failedFuture(Constraints.isUniqueViolation(e) ? new MobileError(503, "Не удалось дать доступ, повторите попытку") : e))
        .compose(notify -> notify == null ? Future.succeededFuture() : NewAddressPush.send(faces, notify, g.flatId()))
        .map(Reply.noContent());
  }

  private static Future<Long> subscriber(SqlConnection c, String phone, long newId, long now) {
    return c.preparedQuery("SELECT id FROM subscribers WHERE phone = ?").execute(Tuple.of(phone))
        .compose(rs -> rs.size() > 0 ? Future.succeededFuture(rs.iterator().next().getLong(0))
            : c.preparedQuery("INSERT INTO subscribers (id, phone, created_at) VALUES (?, ?, ?)").execute(Tuple.of(newId, phone, now)).map(newId));
  }

}
