package org.portier.doorcall;

import static org.portier.http.OperatorApi.body;
import static org.portier.http.OperatorApi.respond;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import org.portier.bus.Addresses;
import org.portier.bus.BusFailure;
import org.portier.http.BadInput;
import org.portier.http.Faces;
import org.portier.http.Input;
import org.portier.http.JsonBodies;

/**
 * Door calls on the integration face: POST /door-calls starts one (201), GET /door-calls/{id} shows
 * it with its legs and their push outcomes, DELETE /door-calls/{id} revokes its credentials (204).
 * Handlers validate strictly, then ask the door-call actor or read the store.
 */
public final class DoorCallRoutes {
  private static final String CALL_ID = "[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}";

  private DoorCallRoutes() {}

  public static void mount(Router r, Faces f) {
    // A 503 (the push service or the door-call actor cannot take a call now) carries Retry-After:
    // someone is waiting at the door, so a panel may try again at once.
    r.post("/door-calls").handler(ctx -> respond(ctx, 201, start(f, ctx)));
    r.get("/door-calls/:callId").handler(ctx -> respond(ctx, 200, status(f, callId(ctx))));
    r.delete("/door-calls/:callId").handler(ctx -> respond(ctx, 204, end(f, callId(ctx))));
    r.post("/door-calls/:callId/legs/:extension/answered").handler(ctx -> respond(ctx, 204, answered(f, ctx)));
  }

  private static Future<JsonObject> start(Faces f, RoutingContext ctx) {
    Input in = Input.of(body(ctx)).only("flatId", "panelId", "flatNumber", "doorId", "callerId");
    boolean byFlat = in.json().containsKey("flatId");
    boolean byPanel = in.json().containsKey("panelId");
    if (byFlat == byPanel) throw BadInput.unprocessable("give either flatId or panelId with flatNumber, not " + (byFlat ? "both" : "neither"));
    JsonObject req = new JsonObject();
    if (byFlat) {
      if (in.json().containsKey("flatNumber")) throw BadInput.unprocessable("flatNumber goes with panelId, not with flatId");
      req.put("flatId", in.integer("flatId", 1, Long.MAX_VALUE / 2));
    } else {
      req.put("panelId", in.integer("panelId", 1, Integer.MAX_VALUE)).put("flatNumber", flatNumber(in));
    }
    if (in.json().containsKey("doorId")) req.put("doorId", (int) in.integer("doorId", 0, 255));
    String callerId = in.json().containsKey("callerId") ? in.string("callerId", 1, 200) : null;
    if (callerId != null) req.put("callerId", callerId);
    return ask(f, Addresses.DOORCALL_START, req);
  }

  /** A flat number as the operator API takes it: a JSON number or a string like "11" or "11A". */
  private static String flatNumber(Input in) {
    if (!in.json().containsKey("flatNumber")) throw BadInput.unprocessable("flatNumber is required with panelId");
    if (in.json().getValue("flatNumber") instanceof Number) return Long.toString(in.integer("flatNumber", 1, 999_999));
    String n = in.string("flatNumber", 1, 16);
    if (!n.matches("[0-9A-Za-zА-Яа-я/\\-]{1,16}")) throw BadInput.unprocessable("flatNumber must be letters and digits, like \"11\" or \"11A\"");
    return n;
  }

  /** The SIP server reports the leg whose phone picked up; the body is empty (or {}). */
  private static Future<Void> answered(Faces f, RoutingContext ctx) {
    String callId = callId(ctx);
    String ext = ctx.pathParam("extension");
    if (ext == null || !ext.matches("\\d{2,16}")) {
      throw BadInput.notFound("door call " + callId + " has no leg with extension \"" + Input.truncate(ext == null ? "" : ext) + "\"");
    }
    Input.of(JsonBodies.object(ctx, true)).only();
    return ask(f, Addresses.DOORCALL_ANSWERED, new JsonObject().put("callId", callId).put("extension", ext)).mapEmpty();
  }

  private static Future<Void> end(Faces f, String callId) {
    return ask(f, Addresses.DOORCALL_END, new JsonObject().put("callId", callId)).mapEmpty();
  }

  private static Future<JsonObject> status(Faces f, String callId) {
    return f.pool().preparedQuery("SELECT * FROM door_calls WHERE id = ?").execute(Tuple.of(callId)).compose(rs -> {
      if (rs.size() == 0) return Future.failedFuture(BadInput.notFound("no door call with id \"" + callId + "\""));
      Row c = rs.iterator().next();
      JsonObject call = new JsonObject().put("callId", callId).put("state", c.getString("STATE"))
          .put("flatId", c.getLong("FLAT_ID").toString())
          .put("createdAt", DoorCallVerticle.iso(c.getLong("CREATED_AT"))).put("expiresAt", DoorCallVerticle.iso(c.getLong("EXPIRES_AT")));
      if (c.getValue("ANSWERED_AT") != null) {
        call.put("answeredAt", DoorCallVerticle.iso(c.getLong("ANSWERED_AT"))).put("answeredExtension", c.getString("ANSWERED_EXTENSION"));
      }
      if (c.getValue("ENDED_AT") != null) call.put("endedAt", DoorCallVerticle.iso(c.getLong("ENDED_AT")));
      if (c.getValue("PANEL_ID") != null) call.put("panelId", c.getLong("PANEL_ID").toString()).put("doorId", c.getInteger("DOOR_ID"));
      if (c.getString("CALLER_ID") != null) call.put("callerId", c.getString("CALLER_ID"));
      call.put("skipped", c.getString("NOTES") == null ? new JsonArray() : new JsonArray(c.getString("NOTES")));
      // a leg's push is the outbox row with ref "call:<callId>:<extension>" (PushRoute.ref)
      return f.pool().preparedQuery("SELECT l.device_id, l.platform, l.extension, l.state, l.fetched_at, p.id AS push_id,"
              + " p.state AS push_state, p.last_error, p.attempts"
              + " FROM door_call_legs l LEFT JOIN push_outbox p ON p.ref = CONCAT(CONCAT(CONCAT('call:', l.call_id), ':'), l.extension)"
              + " WHERE l.call_id = ? ORDER BY l.device_id, l.extension")
          .execute(Tuple.of(callId)).map(legs -> {
            JsonArray out = new JsonArray();
            for (Row l : legs) out.add(leg(l));
            return call.put("legs", out);
          });
    });
  }

  private static JsonObject leg(Row l) {
    JsonObject push;
    if (l.getValue("PUSH_ID") == null) {
      push = new JsonObject().put("state", "not_sent").put("attempts", 0);
    } else {
      push = new JsonObject().put("state", l.getString("PUSH_STATE")).put("attempts", l.getInteger("ATTEMPTS"));
      if (l.getString("LAST_ERROR") != null) push.put("reason", l.getString("LAST_ERROR"));
    }
    return new JsonObject().put("deviceId", l.getLong("DEVICE_ID").toString()).put("platform", l.getString("PLATFORM"))
        .put("extension", l.getString("EXTENSION")).put("state", l.getString("STATE"))
        .put("credentialsFetched", l.getValue("FETCHED_AT") != null).put("push", push);
  }

  private static String callId(RoutingContext ctx) {
    String raw = ctx.pathParam("callId");
    if (raw == null || !raw.matches(CALL_ID)) throw BadInput.notFound("no door call with id \"" + Input.truncate(raw == null ? "" : raw) + "\"");
    return raw;
  }

  /** Asks the door-call actor; its failure codes become this face's errors. */
  static Future<JsonObject> ask(Faces f, String address, JsonObject body) {
    return f.vertx().eventBus().<JsonObject>request(address, body).map(m -> m.body()).recover(e -> Future.failedFuture(fromBus(e)));
  }

  static Throwable fromBus(Throwable e) {
    return BusFailure.of(e, "door calls are not available right now");
  }

}
