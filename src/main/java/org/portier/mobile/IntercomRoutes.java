package org.portier.mobile;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import org.portier.http.BadInput;
import org.portier.http.Faces;
import org.portier.http.Input;
import org.portier.http.JsonBodies;

/**
 * address/intercom (contract §4.2): reads and changes one flat's settings. CMS, autoOpen and
 * whiteRabbit belong to the flat; VoIP belongs to this device in this flat. The answer always
 * carries data (the apps fail on a 204 here).
 */
final class IntercomRoutes {
  private IntercomRoutes() {}

  static Future<Reply> intercom(Faces faces, RoutingContext ctx) {
    Input in = Input.of(JsonBodies.object(ctx, true));
    long flatId = in.integer("flatId", 1, Integer.MAX_VALUE);
    ZoneId zone = MobileTime.zone(faces.config().get());
    IntercomSettings s = IntercomSettings.parse(in, zone);
    long deviceId = MobileAuth.deviceId(ctx);
    long subscriberId = MobileAuth.subscriberId(ctx);
    return faces.pool().withTransaction(c -> Memberships.role(c, flatId, subscriberId)
            .compose(role -> updateFlat(c, flatId, s))
            .compose(v -> updateVoip(c, deviceId, flatId, s.voip()))
            .compose(v -> read(c, deviceId, flatId, zone)))
        .map(Reply::ok);
  }

  private static Future<Void> updateFlat(SqlConnection c, long flatId, IntercomSettings s) {
    if (!s.changesFlat()) return Future.succeededFuture();
    List<String> set = new ArrayList<>();
    Tuple args = Tuple.tuple();
    if (s.cms() != null) {
      set.add("cms_enabled = ?");
      args.addValue(s.cms());
    }
    if (s.autoOpen() != null) {
      set.add("auto_open = ?");
      args.addValue(s.autoOpen());
    }
    if (s.whiteRabbit() != null) {
      set.add("white_rabbit = ?");
      args.addValue(s.whiteRabbit());
    }
    args.addValue(flatId);
    return c.preparedQuery("UPDATE flats SET " + String.join(", ", set) + " WHERE id = ?").execute(args).mapEmpty();
  }

  /** Upsert that runs on HSQLDB and PostgreSQL alike: UPDATE, then INSERT when no row was there. */
  private static Future<Void> updateVoip(SqlConnection c, long deviceId, long flatId, Boolean voip) {
    if (voip == null) return Future.succeededFuture();
    return c.preparedQuery("UPDATE device_flat_settings SET voip_enabled = ? WHERE device_id = ? AND flat_id = ?")
        .execute(Tuple.of(voip, deviceId, flatId))
        .compose(rs -> rs.rowCount() > 0 ? Future.succeededFuture()
            : c.preparedQuery("INSERT INTO device_flat_settings (device_id, flat_id, voip_enabled) VALUES (?, ?, ?)")
                .execute(Tuple.of(deviceId, flatId, voip)))
        .mapEmpty();
  }

  private static Future<JsonObject> read(SqlConnection c, long deviceId, long flatId, ZoneId zone) {
    return c.preparedQuery("SELECT f.door_code, f.cms_enabled, f.auto_open, f.white_rabbit, d.voip_enabled, s.voip_enabled"
            + " FROM flats f JOIN devices d ON d.id = ? LEFT JOIN device_flat_settings s ON s.device_id = d.id AND s.flat_id = f.id"
            + " WHERE f.id = ?")
        .execute(Tuple.of(deviceId, flatId))
        .compose(rs -> {
          if (rs.size() == 0) return Future.failedFuture(BadInput.notFound("Квартира " + flatId + " не найдена среди ваших адресов"));
          Row r = rs.iterator().next();
          boolean voip = r.getBoolean(4) && (r.getValue(5) == null || r.getBoolean(5));
          JsonObject out = new JsonObject().put("allowDoorCode", "t");
          if (DoorCodes.shown(r.getString(0))) out.put("doorCode", r.getString(0));
          return Future.succeededFuture(out.put("CMS", flag(r.getBoolean(1))).put("VoIP", flag(voip))
              .put("autoOpen", MobileTime.format(r.getLong(2), zone)).put("whiteRabbit", Integer.toString(r.getInteger(3))));
        });
  }

  private static String flag(boolean b) {
    return b ? "t" : "f";
  }
}
