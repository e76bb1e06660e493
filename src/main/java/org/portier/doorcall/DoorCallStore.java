package org.portier.doorcall;

import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.portier.bus.BusFailure;

/**
 * The door-call SQL (tables door_calls and door_call_legs; reads of flats, doors and devices).
 * Standard SQL for HSQLDB and PostgreSQL; column labels read in upper case as HSQLDB returns them.
 */
final class DoorCallStore {
  /** Call states while credentials are valid. */
  static final String LIVE_STATES = "('created', 'pushed', 'registered', 'answered')";
  static final String LEG_LIVE = "live";
  /** The leg whose phone picked up: its credentials stay valid while the call lives (and the state stays afterwards). */
  static final String LEG_ANSWERED = "answered";

  private final Pool pool;

  DoorCallStore(Pool pool) {
    this.pool = pool;
  }

  // --- resolving where a call rings

  /** The flat by id; its door is the house's door with output {@code doorId} (or its first door). */
  Future<CallTarget> byFlat(long flatId, Integer doorId) {
    return pool.preparedQuery("SELECT id, number, house_id FROM flats WHERE id = ?").execute(Tuple.of(flatId)).compose(rs -> {
      if (rs.size() == 0) return Future.failedFuture(BusFailure.notFound("no flat with id \"" + flatId + "\""));
      Row f = rs.iterator().next();
      long houseId = f.getLong("HOUSE_ID");
      return pool.preparedQuery("SELECT * FROM doors WHERE house_id = ? ORDER BY panel_id, door_id").execute(Tuple.of(houseId))
          .compose(doors -> {
            Row door = pickDoor(doors, doorId);
            if (door == null && doorId != null) {
              return Future.failedFuture(BusFailure.notFound("the house of flat " + flatId + " has no door on output " + doorId));
            }
            return Future.succeededFuture(target(flatId, f.getString("NUMBER"), houseId, door));
          });
    });
  }

  /** The flat with {@code flatNumber} in the house of panel {@code panelId}; the door is the panel's output {@code doorId} or its lowest. */
  Future<CallTarget> byPanel(long panelId, String flatNumber, Integer doorId) {
    return pool.preparedQuery("SELECT * FROM doors WHERE panel_id = ? ORDER BY door_id").execute(Tuple.of(panelId)).compose(doors -> {
      if (doors.size() == 0) return Future.failedFuture(BusFailure.notFound("no panel with id \"" + panelId + "\""));
      Row door = pickDoor(doors, doorId);
      if (door == null) return Future.failedFuture(BusFailure.notFound("panel " + panelId + " has no door on output " + doorId));
      long houseId = door.getLong("HOUSE_ID");
      return pool.preparedQuery("SELECT id, number FROM flats WHERE house_id = ? AND number = ?").execute(Tuple.of(houseId, flatNumber))
          .compose(rs -> rs.size() == 0
              ? Future.failedFuture(BusFailure.notFound("panel " + panelId + " has no flat number \"" + flatNumber + "\""))
              : Future.succeededFuture(target(rs.iterator().next().getLong("ID"), flatNumber, houseId, door)));
    });
  }

  private static Row pickDoor(RowSet<Row> doors, Integer doorId) {
    for (Row d : doors) {
      if (doorId == null || d.getInteger("DOOR_ID").intValue() == doorId) return d;
    }
    return null;
  }

  private static CallTarget target(long flatId, String number, long houseId, Row door) {
    if (door == null) return new CallTarget(flatId, number, houseId, null, null, null, "1", null, null);
    return new CallTarget(flatId, number, houseId, door.getLong("ID"), door.getLong("PANEL_ID"), door.getInteger("DOOR_ID"),
        door.getString("DTMF"), door.getString("SNAPSHOT_URL"), door.getString("CALLER_ID"));
  }

  /** Devices of every subscriber of the flat with a platform and VoIP on for the device and for this flat. */
  Future<List<DeviceRow>> eligibleDevices(long flatId) {
    return pool.preparedQuery("SELECT d.id, d.platform, d.push_service, d.push_token, d.push_token_dead, d.voip_token,"
            + " d.voip_token_dead, d.production, d.bundle"
            + " FROM flat_subscribers fs JOIN devices d ON d.subscriber_id = fs.subscriber_id"
            + " LEFT JOIN device_flat_settings s ON s.device_id = d.id AND s.flat_id = fs.flat_id"
            + " WHERE fs.flat_id = ? AND d.platform IS NOT NULL AND d.voip_enabled = TRUE"
            + " AND (s.voip_enabled IS NULL OR s.voip_enabled = TRUE)"
            // a guest whose access (address/access) has ended is no longer rung
            + " AND (fs.expires_at IS NULL OR fs.expires_at > ?) ORDER BY d.id")
        .execute(Tuple.of(flatId, System.currentTimeMillis())).map(rs -> {
          List<DeviceRow> out = new ArrayList<>();
          for (Row r : rs) {
            out.add(new DeviceRow(r.getLong("ID"), r.getString("PLATFORM"), r.getString("PUSH_SERVICE"), r.getString("PUSH_TOKEN"),
                Boolean.TRUE.equals(r.getBoolean("PUSH_TOKEN_DEAD")), r.getString("VOIP_TOKEN"),
                Boolean.TRUE.equals(r.getBoolean("VOIP_TOKEN_DEAD")), Boolean.TRUE.equals(r.getBoolean("PRODUCTION")), r.getString("BUNDLE")));
          }
          return out;
        });
  }

  // --- writes

  /** A leg as stored: the secret only encrypted and as a digest. */
  record StoredLeg(String extension, long deviceId, String platform, String secretEnc, String secretDigest) {}

  /** The call row and all its legs, in one transaction. */
  Future<Void> insertCall(String callId, CallTarget t, String callerId, String state, String notes, long now, long expiresAt,
      List<StoredLeg> legs) {
    return pool.withTransaction(c -> c.preparedQuery("INSERT INTO door_calls (id, flat_id, door_row_id, panel_id, door_id, caller_id,"
                + " state, created_at, expires_at, ended_at, notes) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")
            .execute(Tuple.of(callId, t.flatId()).addValue(t.doorRowId()).addValue(t.panelId()).addValue(t.doorId())
                .addValue(callerId).addValue(state).addValue(now).addValue(expiresAt)
                .addValue(LIVE_STATES.contains("'" + state + "'") ? null : now).addValue(notes))
            .compose(v -> legs.isEmpty() ? Future.succeededFuture() : c.preparedQuery("INSERT INTO door_call_legs (call_id, extension,"
                    + " device_id, platform, secret_enc, secret_digest, state, fetched_at, expires_at)"
                    + " VALUES (?, ?, ?, ?, ?, ?, ?, NULL, ?)")
                .executeBatch(legs.stream().map(l -> Tuple.of(callId, l.extension(), l.deviceId(), l.platform(), l.secretEnc(),
                    l.secretDigest(), LEG_LIVE, expiresAt)).toList()))
            .mapEmpty());
  }

  /** First credential fetch of a leg: its fetched_at, and the call "registered". */
  Future<Void> markFetched(String callId, String extension, long now) {
    return pool.withTransaction(c -> c.preparedQuery("UPDATE door_call_legs SET fetched_at = ? WHERE call_id = ? AND extension = ? AND fetched_at IS NULL")
        .execute(Tuple.of(now, callId, extension))
        .compose(v -> c.preparedQuery("UPDATE door_calls SET state = 'registered' WHERE id = ? AND state IN ('created', 'pushed')")
            .execute(Tuple.of(callId)))
        .mapEmpty());
  }

  /** Ends a call: live legs get {@code legState}, the call {@code callState} (only if it was live). */
  Future<Void> finish(String callId, String callState, String legState, long now) {
    return pool.withTransaction(c -> c.preparedQuery("UPDATE door_call_legs SET state = ? WHERE call_id = ? AND state = ?")
        .execute(Tuple.of(legState, callId, LEG_LIVE))
        .compose(v -> c.preparedQuery("UPDATE door_calls SET state = ?, ended_at = ? WHERE id = ? AND state IN " + LIVE_STATES)
            .execute(Tuple.of(callState, now, callId)))
        .mapEmpty());
  }

  /** The answer of one leg: it becomes answered, every other live leg revoked, the call answered (if still live). */
  Future<Void> answer(String callId, String extension, long now) {
    return pool.withTransaction(c -> c.preparedQuery("UPDATE door_call_legs SET state = ? WHERE call_id = ? AND extension = ? AND state = ?")
        .execute(Tuple.of(LEG_ANSWERED, callId, extension, LEG_LIVE))
        .compose(v -> c.preparedQuery("UPDATE door_call_legs SET state = 'revoked' WHERE call_id = ? AND state = ?")
            .execute(Tuple.of(callId, LEG_LIVE)))
        .compose(v -> c.preparedQuery("UPDATE door_calls SET state = 'answered', answered_at = ?, answered_extension = ?"
            + " WHERE id = ? AND state IN " + LIVE_STATES).execute(Tuple.of(now, extension, callId)))
        .mapEmpty());
  }

  /** What the store knows of a call and one of its legs (for answers about calls no longer live). */
  record CallLeg(String callState, String answeredExtension, String legState) {}

  /** The call's state and the leg's (legState null when the call has no such leg); null when there is no such call. */
  Future<CallLeg> callLeg(String callId, String extension) {
    return pool.preparedQuery("SELECT c.state, c.answered_extension, l.state AS leg_state FROM door_calls c"
            + " LEFT JOIN door_call_legs l ON l.call_id = c.id AND l.extension = ? WHERE c.id = ?")
        .execute(Tuple.of(extension, callId))
        .map(rs -> {
          if (rs.size() == 0) return null;
          Row r = rs.iterator().next();
          return new CallLeg(r.getString("STATE"), r.getString("ANSWERED_EXTENSION"), r.getString("LEG_STATE"));
        });
  }

  /** The state of a call, or null when there is no such call. */
  Future<String> state(String callId) {
    return pool.preparedQuery("SELECT state FROM door_calls WHERE id = ?").execute(Tuple.of(callId))
        .map(rs -> rs.size() == 0 ? null : rs.iterator().next().getString("STATE"));
  }

  // --- restart

  /** Marks every live call (and leg) already past its expiry as expired. */
  Future<Void> expirePastDue(long now) {
    return pool.withTransaction(c -> c.preparedQuery("UPDATE door_call_legs SET state = 'expired' WHERE state = ? AND expires_at <= ?")
        .execute(Tuple.of(LEG_LIVE, now))
        .compose(v -> c.preparedQuery("UPDATE door_calls SET state = 'expired', ended_at = ? WHERE state IN " + LIVE_STATES
            + " AND expires_at <= ?").execute(Tuple.of(now, now)))
        .mapEmpty());
  }

  /** A live leg with its call's data, as reloaded after a restart. */
  record LiveRow(String callId, String callState, long expiresAt, String snapshotUrl, String extension, long deviceId,
      String platform, String secretEnc, String secretDigest, boolean fetched, boolean answered) {}

  private static final String LIVE_LEGS = "SELECT c.id AS call_id, c.state AS call_state, c.expires_at AS call_expires, d.snapshot_url,"
      + " l.extension, l.device_id, l.platform, l.secret_enc, l.secret_digest, l.fetched_at, l.state AS leg_state"
      + " FROM door_calls c JOIN door_call_legs l ON l.call_id = c.id LEFT JOIN doors d ON d.id = c.door_row_id"
      + " WHERE c.state IN " + LIVE_STATES + " AND l.state IN (?, ?) AND c.expires_at > ?";

  /** Every leg whose credentials are valid at {@code now}. */
  Future<List<LiveRow>> liveLegs(long now) {
    return pool.preparedQuery(LIVE_LEGS + " ORDER BY c.id, l.extension").execute(Tuple.of(LEG_LIVE, LEG_ANSWERED, now)).map(DoorCallStore::liveRows);
  }

  /** The leg holding {@code extension} while its credentials are valid at {@code now}, or null. */
  Future<LiveRow> liveLeg(String extension, long now) {
    return pool.preparedQuery(LIVE_LEGS + " AND l.extension = ?").execute(Tuple.of(LEG_LIVE, LEG_ANSWERED, now, extension))
        .map(rs -> {
          List<LiveRow> rows = liveRows(rs);
          return rows.isEmpty() ? null : rows.get(0);
        });
  }

  /** Extensions held by legs whose credentials are valid at {@code now}: a new leg must not take one. */
  Future<Set<String>> liveExtensions(long now) {
    return pool.preparedQuery("SELECT extension FROM door_call_legs WHERE state IN (?, ?) AND expires_at > ?")
        .execute(Tuple.of(LEG_LIVE, LEG_ANSWERED, now)).map(rs -> {
          Set<String> out = new HashSet<>();
          for (Row r : rs) out.add(r.getString("EXTENSION"));
          return out;
        });
  }

  private static List<LiveRow> liveRows(RowSet<Row> rs) {
    List<LiveRow> out = new ArrayList<>();
    for (Row r : rs) {
      out.add(new LiveRow(r.getString("CALL_ID"), r.getString("CALL_STATE"), r.getLong("CALL_EXPIRES"), r.getString("SNAPSHOT_URL"),
          r.getString("EXTENSION"), r.getLong("DEVICE_ID"), r.getString("PLATFORM"), r.getString("SECRET_ENC"),
          r.getString("SECRET_DIGEST"), r.getValue("FETCHED_AT") != null, LEG_ANSWERED.equals(r.getString("LEG_STATE"))));
    }
    return out;
  }
}
