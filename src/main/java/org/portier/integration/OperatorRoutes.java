package org.portier.integration;

import static org.portier.http.OperatorApi.body;
import static org.portier.http.OperatorApi.respond;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.portier.door.DoorFields;
import org.portier.http.BadInput;
import org.portier.http.Faces;
import org.portier.http.Input;
import org.portier.store.Times;
import org.portier.phone.Phones;
import org.portier.store.Store;
import org.portier.store.Constraints;

/**
 * Operator data on the integration face: houses, their doors (panel outputs) and flats, and the
 * subscribers of each flat. Ids are strings in JSON; 422 invalid input, 404 unknown ids, 409 duplicates.
 */
final class OperatorRoutes {
  private static final int MAX_LIST = 1000;

  private OperatorRoutes() {}

  static void mount(Router r, Faces f) {
    Pool db = f.pool();
    r.post("/houses").handler(ctx -> respond(ctx, 201, createHouse(f, ctx)));
    r.get("/houses").handler(ctx -> respond(ctx, 200, list(db, ctx,
        "SELECT id, address, created_at FROM houses ORDER BY id", Tuple.tuple(), OperatorRoutes::house)));
    r.get("/houses/:houseId").handler(ctx -> respond(ctx, 200, one(db,
        "SELECT id, address, created_at FROM houses WHERE id = ?", Tuple.of(Input.id(ctx.pathParam("houseId"), "house")),
        OperatorRoutes::house, "house", ctx.pathParam("houseId"))));
    r.delete("/houses/:houseId").handler(ctx -> respond(ctx, 204, delete(db,
        "DELETE FROM houses WHERE id = ?", Tuple.of(Input.id(ctx.pathParam("houseId"), "house")), "house", ctx.pathParam("houseId"))));

    r.post("/houses/:houseId/doors").handler(ctx -> respond(ctx, 201, createDoor(f, ctx)));
    r.get("/houses/:houseId/doors").handler(ctx -> respond(ctx, 200, houseExists(db, ctx).compose(h -> list(db, ctx,
        "SELECT * FROM doors WHERE house_id = ? ORDER BY panel_id, door_id", Tuple.of(h), OperatorRoutes::door))));
    r.delete("/houses/:houseId/doors/:doorId").handler(ctx -> respond(ctx, 204, delete(db,
        "DELETE FROM doors WHERE id = ? AND house_id = ?", Tuple.of(Input.id(ctx.pathParam("doorId"), "door"),
            Input.id(ctx.pathParam("houseId"), "house")), "door", ctx.pathParam("doorId"))));

    r.post("/houses/:houseId/flats").handler(ctx -> respond(ctx, 201, createFlat(f, ctx)));
    r.get("/houses/:houseId/flats").handler(ctx -> respond(ctx, 200, houseExists(db, ctx).compose(h -> list(db, ctx,
        "SELECT id, house_id, number, door_code, blocked FROM flats WHERE house_id = ? ORDER BY id", Tuple.of(h), OperatorRoutes::flat))));
    r.get("/flats/:flatId").handler(ctx -> respond(ctx, 200, one(db,
        "SELECT id, house_id, number, door_code, blocked FROM flats WHERE id = ?", Tuple.of(Input.id(ctx.pathParam("flatId"), "flat")),
        OperatorRoutes::flat, "flat", ctx.pathParam("flatId"))));
    r.delete("/flats/:flatId").handler(ctx -> respond(ctx, 204, delete(db,
        "DELETE FROM flats WHERE id = ?", Tuple.of(Input.id(ctx.pathParam("flatId"), "flat")), "flat", ctx.pathParam("flatId"))));

    r.post("/flats/:flatId/subscribers").handler(ctx -> respond(ctx, 201, addSubscriber(f, ctx)));
    r.get("/flats/:flatId/subscribers").handler(ctx -> respond(ctx, 200, flatExists(db, ctx.pathParam("flatId")).compose(fl -> list(db, ctx,
        "SELECT s.id, s.phone, fs.role, fs.flat_id FROM flat_subscribers fs JOIN subscribers s ON s.id = fs.subscriber_id"
            + " WHERE fs.flat_id = ? ORDER BY s.id", Tuple.of(fl), OperatorRoutes::member))));
    r.delete("/flats/:flatId/subscribers/:subscriberId").handler(ctx -> respond(ctx, 204, delete(db,
        "DELETE FROM flat_subscribers WHERE flat_id = ? AND subscriber_id = ?",
        Tuple.of(Input.id(ctx.pathParam("flatId"), "flat"), Input.id(ctx.pathParam("subscriberId"), "subscriber")),
        "subscriber of this flat", ctx.pathParam("subscriberId"))));
  }

  // --- houses

  private static Future<JsonObject> createHouse(Faces f, RoutingContext ctx) {
    Pool db = f.pool();
    Input in = Input.of(body(ctx)).only("address");
    String address = in.string("address", 1, 500);
    long now = Store.now();
    return insert(f, "houses", "INSERT INTO houses (id, address, created_at) VALUES (?, ?, ?)", Tuple.of(address, now))
        .map(id -> new JsonObject().put("id", Long.toString(id)).put("address", address).put("createdAt", Times.iso(now)));
  }

  private static JsonObject house(Row r) {
    return new JsonObject().put("id", r.getLong("ID").toString()).put("address", r.getString("ADDRESS")).put("createdAt", Times.iso(r.getLong("CREATED_AT")));
  }

  // --- doors

  private static Future<JsonObject> createDoor(Faces f, RoutingContext ctx) {
    Pool db = f.pool();
    List<String> allowed = new ArrayList<>(List.of("panelId", "doorId"));
    allowed.addAll(DoorFields.CHANGEABLE);
    Input in = Input.of(body(ctx)).only(allowed.toArray(String[]::new));
    long panelId = in.integer("panelId", 1, Integer.MAX_VALUE);
    long doorId = in.integer("doorId", 0, 255);
    // name, icon, dtmf, camera, caller id and the open action (its headers encrypted): shared with PATCH
    Map<String, Object> cols = DoorFields.columns(in, f.secrets(), true);
    DoorFields.checkCombination((String) cols.get("open_method"), (String) cols.get("open_body"));
    return houseExists(db, ctx).compose(houseId -> {
      Tuple args = Tuple.of(houseId, panelId, (int) doorId, Store.now());
      cols.values().forEach(args::addValue);
      return insert(f, "doors", "INSERT INTO doors (id, house_id, panel_id, door_id, created_at, " + String.join(", ", cols.keySet())
              + ") VALUES (?, ?, ?, ?, ?" + ", ?".repeat(cols.size()) + ")", args)
          .recover(e -> Future.failedFuture(Constraints.isUniqueViolation(e)
              ? BadInput.conflict("panel " + panelId + " already has a door on output " + doorId) : e))
          .compose(id -> one(db, "SELECT * FROM doors WHERE id = ?", Tuple.of(id), OperatorRoutes::door, "door", Long.toString(id)));
    });
  }

  private static JsonObject door(Row r) {
    return DoorFields.json(r);
  }

  // --- flats

  private static Future<JsonObject> createFlat(Faces f, RoutingContext ctx) {
    Pool db = f.pool();
    Input in = Input.of(body(ctx)).only("number", "doorCode");
    String number = flatNumber(in);
    String doorCode = in.optString("doorCode", 1, 16);
    if (doorCode != null && !doorCode.matches("\\d{4,8}")) throw BadInput.unprocessable("doorCode must be 4-8 digits");
    return houseExists(db, ctx).compose(houseId -> insert(f, "flats",
        "INSERT INTO flats (id, house_id, number, door_code, created_at) VALUES (?, ?, ?, ?, ?)",
        Tuple.of(houseId, number, doorCode, Store.now()))
        .recover(e -> Future.failedFuture(Constraints.isUniqueViolation(e)
            ? BadInput.conflict("house " + houseId + " already has flat " + number) : e))
        .map(id -> new JsonObject().put("id", Long.toString(id)).put("houseId", Long.toString(houseId))
            .put("number", number).put("doorCode", doorCode).putNull("blocked")));
  }

  /** Flat numbers: a JSON number or a string such as "11" or "11A". */
  static String flatNumber(Input in) {
    if (in.has("number") && in.json().getValue("number") instanceof Number) return Long.toString(in.integer("number", 1, 999_999));
    String n = in.string("number", 1, 16);
    if (!n.matches("[0-9A-Za-zА-Яа-я/\\-]{1,16}")) throw BadInput.unprocessable("number must be letters and digits, like \"11\" or \"11A\"");
    return n;
  }

  private static JsonObject flat(Row r) {
    return new JsonObject().put("id", r.getLong("ID").toString()).put("houseId", r.getLong("HOUSE_ID").toString())
        .put("number", r.getString("NUMBER")).put("doorCode", r.getString("DOOR_CODE")).put("blocked", r.getString("BLOCKED"));
  }

  // --- subscribers

  private static Future<JsonObject> addSubscriber(Faces f, RoutingContext ctx) {
    Pool db = f.pool();
    Input in = Input.of(body(ctx)).only("phone", "role");
    String phone = Phones.normalize(in.string("phone", 1, 32));
    if (phone == null) throw BadInput.unprocessable("phone must be 11 digits, like 79001234567");
    String role = in.oneOf("role", "resident", "owner", "resident");
    return flatExists(db, ctx.pathParam("flatId")).compose(flatId -> db.withTransaction(c -> {
      long now = Store.now();
      return c.preparedQuery("SELECT id FROM subscribers WHERE phone = ?").execute(Tuple.of(phone))
          .compose(rs -> rs.size() > 0 ? Future.succeededFuture(rs.iterator().next().getLong(0))
              : f.ids().next("subscribers").compose(id -> c.preparedQuery("INSERT INTO subscribers (id, phone, created_at) VALUES (?, ?, ?)")
                  .execute(Tuple.of(id, phone, now)).map(id)))
          .compose(subId -> c.preparedQuery("INSERT INTO flat_subscribers (flat_id, subscriber_id, role, created_at) VALUES (?, ?, ?, ?)")
              .execute(Tuple.of(flatId, subId, role, now)).map(subId));
    }).recover(e -> Future.failedFuture(Constraints.isUniqueViolation(e)
        ? BadInput.conflict(phone + " is already a subscriber of flat " + flatId) : e))
        .map(subId -> new JsonObject().put("id", Long.toString(subId)).put("flatId", Long.toString(flatId))
            .put("phone", phone).put("role", role)));
  }

  private static JsonObject member(Row r) {
    return new JsonObject().put("id", r.getLong("ID").toString()).put("flatId", r.getLong("FLAT_ID").toString())
        .put("phone", r.getString("PHONE")).put("role", r.getString("ROLE"));
  }

  // --- helpers

  private static Future<Long> houseExists(Pool db, RoutingContext ctx) {
    String raw = ctx.pathParam("houseId");
    long id = Input.id(raw, "house");
    return db.preparedQuery("SELECT id FROM houses WHERE id = ?").execute(Tuple.of(id))
        .compose(rs -> rs.size() == 0 ? Future.failedFuture(BadInput.notFound("no house with id \"" + raw + "\"")) : Future.succeededFuture(id));
  }

  private static Future<Long> flatExists(Pool db, String raw) {
    long id = Input.id(raw, "flat");
    return db.preparedQuery("SELECT id FROM flats WHERE id = ?").execute(Tuple.of(id))
        .compose(rs -> rs.size() == 0 ? Future.failedFuture(BadInput.notFound("no flat with id \"" + raw + "\"")) : Future.succeededFuture(id));
  }

  /** Inserts with a fresh id from the table's sequence as the first parameter; returns the id. */
  private static Future<Long> insert(Faces f, String table, String sql, Tuple args) {
    return f.ids().next(table).compose(id -> {
      Tuple t = Tuple.of(id);
      for (int i = 0; i < args.size(); i++) t.addValue(args.getValue(i));
      return f.pool().preparedQuery(sql).execute(t).map(id);
    });
  }

  private static Future<JsonArray> list(Pool db, RoutingContext ctx, String sql, Tuple args, Function<Row, JsonObject> map) {
    long limit = pageParam(ctx, "limit", 100, 1, MAX_LIST);
    long offset = pageParam(ctx, "offset", 0, 0, Long.MAX_VALUE / 2);
    return db.preparedQuery(sql + " LIMIT " + limit + " OFFSET " + offset).execute(args).map(rs -> {
      JsonArray out = new JsonArray();
      for (Row row : rs) out.add(map.apply(row));
      return out;
    });
  }

  private static long pageParam(RoutingContext ctx, String name, long dflt, long min, long max) {
    String v = ctx.queryParams().get(name);
    if (v == null) return dflt;
    if (!v.matches("\\d{1,12}") || Long.parseLong(v) < min || Long.parseLong(v) > max) {
      throw BadInput.unprocessable(name + " must be a number between " + min + " and " + max);
    }
    return Long.parseLong(v);
  }

  private static Future<JsonObject> one(Pool db, String sql, Tuple args, Function<Row, JsonObject> map, String what, String raw) {
    return db.preparedQuery(sql).execute(args).compose(rs -> rs.size() == 0
        ? Future.failedFuture(BadInput.notFound("no " + what + " with id \"" + raw + "\""))
        : Future.succeededFuture(map.apply(rs.iterator().next())));
  }

  private static Future<Void> delete(Pool db, String sql, Tuple args, String what, String raw) {
    return db.preparedQuery(sql).execute(args).compose((RowSet<Row> rs) -> rs.rowCount() == 0
        ? Future.failedFuture(BadInput.notFound("no " + what + " with id \"" + raw + "\""))
        : Future.<Void>succeededFuture());
  }
}
