package org.portier.mobile;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.time.ZoneId;
import java.util.LinkedHashMap;
import java.util.Map;
import org.portier.http.Faces;
import org.portier.http.JsonBodies;
import org.portier.store.Store;

/**
 * address/getSettingsList (contract §4.2): one entry per flat of the subscriber with the other
 * members as roommates. Always 200 with data, also with no flats (data [], sent on purpose):
 * the iOS app fails on a 204 here.
 */
final class SettingsListRoutes {
  /** The reference's "no end" date of a permanent roommate. */
  static final String FOREVER = "3001-01-01 00:00:00";

  private SettingsListRoutes() {}

  static Future<Reply> getSettingsList(Faces faces, RoutingContext ctx) {
    JsonBodies.object(ctx, true);
    long me = MobileAuth.subscriberId(ctx);
    long now = Store.now();
    ZoneId zone = MobileTime.zone(faces.config().get());
    // My active flats joined with every active member of each (me included, to learn my role).
    return faces.pool().preparedQuery("SELECT f.id AS flat_id, f.number, f.door_code, h.id AS house_id, h.address, mine.role AS my_role,"
            + " s.id AS member_id, s.phone, fs.role, fs.expires_at"
            + " FROM flat_subscribers mine JOIN flats f ON f.id = mine.flat_id JOIN houses h ON h.id = f.house_id"
            + " JOIN flat_subscribers fs ON fs.flat_id = f.id JOIN subscribers s ON s.id = fs.subscriber_id"
            + " WHERE mine.subscriber_id = ? AND (mine.expires_at IS NULL OR mine.expires_at > ?) AND " + Memberships.ACTIVE
            + " ORDER BY h.id, f.id, s.id")
        .execute(Tuple.of(me, now, now))
        .map(rs -> {
          Map<Long, JsonObject> flats = new LinkedHashMap<>();
          for (Row r : rs) {
            JsonObject flat = flats.computeIfAbsent(r.getLong("FLAT_ID"), id -> settings(r));
            if (r.getLong("MEMBER_ID") == me) continue;
            Long expires = Memberships.expiresAt(r, "EXPIRES_AT");
            flat.getJsonArray("roommates").add(new JsonObject().put("phone", r.getString("PHONE"))
                .put("expire", expires == null ? FOREVER : MobileTime.format(expires, zone)).put("type", Memberships.type(r.getString("ROLE"))));
          }
          return new Reply(200, new KeepEmpty(new JsonArray(new java.util.ArrayList<>(flats.values()))));
        });
  }

  private static JsonObject settings(Row r) {
    JsonObject flat = new JsonObject()
        .put("address", r.getString("ADDRESS") + ", кв. " + r.getString("NUMBER"))
        .put("houseId", Long.toString(r.getLong("HOUSE_ID")))
        .put("flatId", Long.toString(r.getLong("FLAT_ID")))
        .put("flatNumber", r.getString("NUMBER"));
    if (DoorCodes.shown(r.getString("DOOR_CODE"))) flat.put("doorCode", r.getString("DOOR_CODE"));
    return flat.put("flatOwner", ProfileRoutes.flag("owner".equals(r.getString("MY_ROLE")))).put("hasGates", "f")
        .put("services", new JsonArray().add("domophone")).put("contractOwner", "f")
        .put("roommates", new JsonArray()).put("keys", new JsonArray());
  }
}
