package org.portier.mobile;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.portier.http.Faces;
import org.portier.http.JsonBodies;

/**
 * address/getAddressList (contract §4.2): the houses of the subscriber's flats with their doors.
 * JSON types as the iOS decoders demand: houseId and domophoneId strings, doorId and cctv numbers.
 */
final class AddressRoutes {
  /** Icon order of the door list; the apps know no other icons. */
  private static final List<String> ICONS = List.of("entrance", "wicket", "gate", "barrier");

  private AddressRoutes() {}

  private record Door(long panelId, int doorId, String icon, String name) {}

  private static final class House {
    final long id;
    final String address;
    String doorCode;
    final Map<String, Door> doors = new LinkedHashMap<>();

    House(long id, String address) {
      this.id = id;
      this.address = address;
    }
  }

  static Future<Reply> getAddressList(Faces faces, RoutingContext ctx) {
    JsonBodies.object(ctx, true);
    return faces.pool().preparedQuery("SELECT h.id, h.address, f.door_code, d.panel_id, d.door_id, d.icon, d.name"
            + " FROM flat_subscribers fs JOIN flats f ON f.id = fs.flat_id JOIN houses h ON h.id = f.house_id"
            + " LEFT JOIN doors d ON d.house_id = h.id WHERE fs.subscriber_id = ? AND " + Memberships.ACTIVE + " ORDER BY h.id, f.id")
        .execute(Tuple.of(MobileAuth.subscriberId(ctx), org.portier.store.Store.now()))
        .map(rs -> {
          Map<Long, House> houses = new LinkedHashMap<>();
          for (Row r : rs) {
            House h = houses.computeIfAbsent(r.getLong(0), id -> new House(id, r.getString(1)));
            // Several flats of one house share its doors; the first flat with a code gives doorCode.
            if (h.doorCode == null && DoorCodes.shown(r.getString(2))) h.doorCode = r.getString(2);
            if (r.getValue(3) != null) {
              Door d = new Door(r.getLong(3), r.getInteger(4), r.getString(5), r.getString(6));
              h.doors.putIfAbsent(d.panelId() + "/" + d.doorId(), d);
            }
          }
          JsonArray out = new JsonArray();
          for (House h : houses.values()) out.add(json(h));
          return out.isEmpty() ? Reply.noContent() : Reply.ok(out);
        });
  }

  private static JsonObject json(House h) {
    List<Door> doors = new ArrayList<>(h.doors.values());
    doors.sort(Comparator.comparingInt((Door d) -> iconOrder(d.icon())).thenComparing(Door::name));
    JsonArray list = new JsonArray();
    for (Door d : doors) {
      JsonObject door = new JsonObject().put("domophoneId", Long.toString(d.panelId())).put("doorId", d.doorId())
          .put("icon", ICONS.contains(d.icon()) ? d.icon() : "entrance").put("name", d.name());
      if (h.doorCode != null) door.put("doorCode", h.doorCode);
      list.add(door);
    }
    return new JsonObject().put("houseId", Long.toString(h.id)).put("address", h.address).put("doors", list).put("cctv", 0);
  }

  private static int iconOrder(String icon) {
    int i = ICONS.indexOf(icon);
    return i < 0 ? 0 : i;
  }
}
