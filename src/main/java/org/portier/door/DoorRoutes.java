package org.portier.door;

import static org.portier.http.OperatorApi.respond;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.util.Map;
import org.portier.http.BadInput;
import org.portier.http.Faces;
import org.portier.http.Input;
import org.portier.http.OperatorApi;

/**
 * Doors on the integration face, beyond create/list/delete: PATCH /houses/{houseId}/doors/{id}
 * changes a door (its name, icon, DTMF, camera, caller id and open action) and
 * GET /houses/{houseId}/openings reads the door-openings journal, newest first; PATCH /flats/{flatId}
 * blocks a flat's door opening or lifts the block.
 */
public final class DoorRoutes {
  private static final int MAX_LIST = 1000;

  private DoorRoutes() {}

  public static void mount(Router r, Faces f) {
    r.patch("/houses/:houseId/doors/:doorId").handler(ctx -> respond(ctx, 200, patch(f, ctx)));
    r.get("/houses/:houseId/openings").handler(ctx -> respond(ctx, 200, openings(f, ctx)));
    r.patch("/flats/:flatId").handler(ctx -> respond(ctx, 200, patchFlat(f, ctx)));
  }

  /**
   * Blocks a flat ({"blocked": "reason shown to the residents"}) or lifts the block ({"blocked": null}).
   * A blocked flat's residents cannot open doors from the app (404 with the reason).
   */
  private static Future<JsonObject> patchFlat(Faces f, RoutingContext ctx) {
    String raw = ctx.pathParam("flatId");
    long flatId = Input.id(raw, "flat");
    Input in = Input.of(OperatorApi.body(ctx)).only("blocked");
    if (!in.json().containsKey("blocked")) throw BadInput.unprocessable("nothing to change: give blocked (a reason, or null to lift the block)");
    String blocked = in.optString("blocked", 1, 200);
    return f.pool().preparedQuery("UPDATE flats SET blocked = ? WHERE id = ?").execute(Tuple.tuple().addValue(blocked).addValue(flatId))
        .compose(rs -> rs.rowCount() == 0 ? Future.failedFuture(BadInput.notFound("no flat with id \"" + raw + "\""))
            : f.pool().preparedQuery("SELECT id, house_id, number, door_code, blocked FROM flats WHERE id = ?").execute(Tuple.of(flatId)))
        .map(rs -> {
          Row r = rs.iterator().next();
          return new JsonObject().put("id", r.getLong("ID").toString()).put("houseId", r.getLong("HOUSE_ID").toString())
              .put("number", r.getString("NUMBER")).put("doorCode", r.getString("DOOR_CODE")).put("blocked", r.getString("BLOCKED"));
        });
  }

  private static Future<JsonObject> patch(Faces f, RoutingContext ctx) {
    long houseId = Input.id(ctx.pathParam("houseId"), "house");
    String rawDoor = ctx.pathParam("doorId");
    long doorId = Input.id(rawDoor, "door");
    Input in = Input.of(OperatorApi.body(ctx)).only(DoorFields.CHANGEABLE.toArray(String[]::new));
    if (in.json().isEmpty()) throw BadInput.unprocessable("nothing to change: give at least one of " + String.join(", ", DoorFields.CHANGEABLE));
    Map<String, Object> cols = DoorFields.columns(in, f.secrets(), false);
    return house(f, houseId).compose(h -> f.pool().withTransaction(c -> c.preparedQuery("SELECT * FROM doors WHERE id = ? AND house_id = ?")
        .execute(Tuple.of(doorId, houseId)).compose(rs -> {
          if (rs.size() == 0) return Future.failedFuture(BadInput.notFound("no door with id \"" + rawDoor + "\" in house " + houseId));
          Row door = rs.iterator().next();
          DoorFields.checkCombination(
              cols.containsKey("open_method") ? (String) cols.get("open_method") : door.getString("OPEN_METHOD"),
              cols.containsKey("open_body") ? (String) cols.get("open_body") : door.getString("OPEN_BODY"));
          Tuple args = Tuple.tuple();
          cols.values().forEach(args::addValue);
          args.addValue(doorId);
          return c.preparedQuery("UPDATE doors SET " + DoorFields.setList(cols) + " WHERE id = ?").execute(args)
              .compose(v -> c.preparedQuery("SELECT * FROM doors WHERE id = ?").execute(Tuple.of(doorId)))
              .map(after -> DoorFields.json(after.iterator().next()));
        })));
  }

  private static Future<JsonArray> openings(Faces f, RoutingContext ctx) {
    long houseId = Input.id(ctx.pathParam("houseId"), "house");
    long limit = pageParam(ctx, "limit", 100, 1, MAX_LIST);
    long offset = pageParam(ctx, "offset", 0, 0, Long.MAX_VALUE / 2);
    return house(f, houseId).compose(h -> Openings.byHouse(f, houseId, limit, offset));
  }

  private static Future<Long> house(Faces f, long houseId) {
    return f.pool().preparedQuery("SELECT id FROM houses WHERE id = ?").execute(Tuple.of(houseId))
        .compose(rs -> rs.size() == 0 ? Future.failedFuture(BadInput.notFound("no house with id \"" + houseId + "\"")) : Future.succeededFuture(houseId));
  }

  private static long pageParam(RoutingContext ctx, String name, long dflt, long min, long max) {
    String v = ctx.queryParams().get(name);
    if (v == null) return dflt;
    if (!v.matches("\\d{1,12}") || Long.parseLong(v) < min || Long.parseLong(v) > max) {
      throw BadInput.unprocessable(name + " must be a number between " + min + " and " + max);
    }
    return Long.parseLong(v);
  }
}
