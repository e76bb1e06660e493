package org.portier.door;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import org.portier.http.Faces;
import org.portier.store.Times;

/** The door-openings journal (table door_openings): one row per attempt, read newest first by the operator. */
final class Openings {
  static final String OK = "ok";
  static final String FAILED = "failed";
  static final String REFUSED = "refused";

  private Openings() {}

  /** One attempt: who, which door, how, with what result. {@code flatId}/{@code reason}/{@code latencyMs} may be null. */
  record Entry(long houseId, long doorRowId, long panelId, int doorId, Long flatId, long subscriberId, long deviceId,
      String via, String result, String reason, Long latencyMs, long at) {}

  static Future<Void> add(Faces f, Entry e) {
    return f.ids().next("door_openings").compose(id -> f.pool().preparedQuery("INSERT INTO door_openings (id, house_id, door_row_id,"
            + " panel_id, door_id, flat_id, subscriber_id, device_id, via, result, reason, latency_ms, created_at)"
            + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")
        .execute(Tuple.of(id, e.houseId(), e.doorRowId(), e.panelId(), e.doorId()).addValue(e.flatId()).addValue(e.subscriberId())
            .addValue(e.deviceId()).addValue(e.via()).addValue(e.result()).addValue(e.reason()).addValue(e.latencyMs()).addValue(e.at())))
        .mapEmpty();
  }

  /** Attempts by the device since {@code since} (for the per-device rate limit), and the oldest of them. */
  static Future<long[]> recentByDevice(Faces f, long deviceId, long since) {
    return f.pool().preparedQuery("SELECT COUNT(*), MIN(created_at) FROM door_openings WHERE device_id = ? AND created_at > ?")
        .execute(Tuple.of(deviceId, since)).map(rs -> {
          Row r = rs.iterator().next();
          return new long[] {r.getLong(0), r.getValue(1) == null ? since : r.getLong(1)};
        });
  }

  static Future<JsonArray> byHouse(Faces f, long houseId, long limit, long offset) {
    return f.pool().preparedQuery("SELECT * FROM door_openings WHERE house_id = ? ORDER BY created_at DESC, id DESC"
            + " LIMIT " + limit + " OFFSET " + offset)
        .execute(Tuple.of(houseId)).map(rs -> {
          JsonArray out = new JsonArray();
          for (Row r : rs) out.add(json(r));
          return out;
        });
  }

  private static JsonObject json(Row r) {
    JsonObject o = new JsonObject().put("id", r.getLong("ID").toString()).put("houseId", r.getLong("HOUSE_ID").toString())
        .put("panelId", r.getLong("PANEL_ID").toString()).put("doorId", r.getInteger("DOOR_ID"));
    if (r.getValue("FLAT_ID") != null) o.put("flatId", r.getLong("FLAT_ID").toString());
    o.put("subscriberId", r.getLong("SUBSCRIBER_ID").toString()).put("deviceId", r.getLong("DEVICE_ID").toString())
        .put("via", r.getString("VIA")).put("result", r.getString("RESULT"));
    if (r.getString("REASON") != null) o.put("reason", r.getString("REASON"));
    if (r.getValue("LATENCY_MS") != null) o.put("latencyMs", r.getLong("LATENCY_MS"));
    return o.put("createdAt", Times.iso(r.getLong("CREATED_AT")));
  }
}
