package org.portier.door;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.util.Map;
import org.portier.config.Config;
import org.portier.http.BadInput;
import org.portier.http.Faces;
import org.portier.http.Input;
import org.portier.store.FlatAccess;
import org.portier.store.Store;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * address/openDoor (contract §4.2, §5.7): a resident opens a door of one of their houses from the
 * app. The door (panel domophoneId, output doorId) must belong to a house where the caller is a
 * subscriber of a flat that the operator has not blocked; Portier then sends the door's configured open request and answers once
 * the panel has. Every attempt on an existing door is journaled (ok, failed with the reason, or
 * refused for a non-resident or a blocked flat); a door that does not exist is refused with the same words, so the
 * answer does not tell a stranger which panels exist. Attempts are limited per device
 * (door.opensPerMinute) so a stuck button or a script cannot hammer the panel.
 */
public final class OpenDoor {
  private static final Logger LOG = LoggerFactory.getLogger(OpenDoor.class);
  /** Contract: 404 "service unavailable" when the door is not in the caller's flats. */
  static final String NOT_YOURS = "Сервис недоступен: эта дверь не относится к вашим адресам";
  /** Contract: 404 "Домофон недоступен" when the panel fails. */
  static final String PANEL_DOWN = "Домофон недоступен, попробуйте позже";
  /** Contract: 404 "service unavailable" when the flat is blocked; the operator's reason follows. */
  static final String BLOCKED = "Сервис недоступен: квартира заблокирована. ";
  static final String NOT_SET_UP = "Домофон недоступен: открытие из приложения для этой двери не настроено";
  private static final long WINDOW_MS = 60_000;

  private OpenDoor() {}

  /** Too many opens from one device: 429 with Retry-After on the mobile face. */
  public static final class TooManyOpens extends RuntimeException {
    private final long retryAfterSeconds;

    TooManyOpens(long retryAfterSeconds) {
      super("Слишком много открытий двери подряд, повторите через " + retryAfterSeconds + " с", null, false, false);
      this.retryAfterSeconds = retryAfterSeconds;
    }

    public long retryAfterSeconds() {
      return retryAfterSeconds;
    }
  }

  /** Opens the door for the subscriber's device; succeeds when the panel answered 2xx. Failures are {@link BadInput} or {@link TooManyOpens}. */
  public static Future<Void> open(Faces f, long subscriberId, long deviceId, JsonObject body) {
    Input in = Input.of(body);
    long panelId = in.integer("domophoneId", 1, Integer.MAX_VALUE);
    int doorId = (int) in.optInteger("doorId", 0, 255, 0);
    Config config = f.config().get();
    return f.pool().preparedQuery("SELECT * FROM doors WHERE panel_id = ? AND door_id = ?").execute(Tuple.of(panelId, doorId))
        .compose(rs -> {
          if (rs.size() == 0) return Future.failedFuture(BadInput.notFound(NOT_YOURS));
          Row door = rs.iterator().next();
          return limit(f, config, deviceId).compose(v -> residentFlat(f, subscriberId, door.getLong("HOUSE_ID")))
              .compose(flat -> flat == null ? refuse(f, door, subscriberId, deviceId)
                  : flat.blocked() != null ? blocked(f, door, flat, subscriberId, deviceId)
                  : send(f, config, door, flat, subscriberId, deviceId));
        });
  }

  private static Future<Void> limit(Faces f, Config config, long deviceId) {
    long max = config.number("door.opensPerMinute");
    if (max <= 0) return Future.succeededFuture();
    long now = Store.now();
    return Openings.recentByDevice(f, deviceId, now - WINDOW_MS).compose(recent -> {
      if (recent[0] < max) return Future.succeededFuture();
      long retry = Math.max(1, (recent[1] + WINDOW_MS - now + 999) / 1000);
      return Future.failedFuture(new TooManyOpens(retry));
    });
  }

  /** The caller's flat in the house (its number and the caller's phone fill the template; blocked: the operator's reason or null). */
  private record Flat(long id, String number, String phone, String blocked) {}

  /** The caller's flat in the house, an unblocked one first (one open flat of several is enough); null when none. */
  private static Future<Flat> residentFlat(Faces f, long subscriberId, long houseId) {
    return f.pool().preparedQuery("SELECT f.id, f.number, f.blocked, s.phone FROM flat_subscribers fs JOIN flats f ON f.id = fs.flat_id"
            + " JOIN subscribers s ON s.id = fs.subscriber_id WHERE fs.subscriber_id = ? AND f.house_id = ?"
            // a guest whose access has expired opens nothing
            + " AND " + FlatAccess.ACTIVE
            + " ORDER BY CASE WHEN f.blocked IS NULL THEN 0 ELSE 1 END, f.id")
        .execute(Tuple.of(subscriberId, houseId, Store.now()))
        .map(rs -> {
          if (rs.size() == 0) return null;
          Row r = rs.iterator().next();
          return new Flat(r.getLong("ID"), r.getString("NUMBER"), r.getString("PHONE"), r.getString("BLOCKED"));
        });
  }

  private static Future<Void> refuse(Faces f, Row door, long subscriberId, long deviceId) {
    return journal(f, door, null, subscriberId, deviceId, Openings.REFUSED, "not a resident of this house", null)
        .transform(ar -> Future.failedFuture(BadInput.notFound(NOT_YOURS)));
  }

  private static Future<Void> blocked(Faces f, Row door, Flat flat, long subscriberId, long deviceId) {
    return journal(f, door, flat.id(), subscriberId, deviceId, Openings.REFUSED, "flat blocked: " + flat.blocked(), null)
        .transform(ar -> Future.failedFuture(BadInput.notFound(BLOCKED + flat.blocked())));
  }

  private static Future<Void> send(Faces f, Config config, Row door, Flat flat, long subscriberId, long deviceId) {
    OpenAction action;
    try {
      action = OpenAction.of(door, f.secrets(), config.duration("door.openTimeout").toMillis());
    } catch (IllegalStateException e) {
      LOG.error("door {}: its open headers cannot be decrypted (key file replaced?)", door.getLong("ID"));
      return failed(f, door, flat, subscriberId, deviceId, "the open headers cannot be decrypted", null, PANEL_DOWN);
    }
    if (action == null) return failed(f, door, flat, subscriberId, deviceId, "no open action configured", null, NOT_SET_UP);
    Map<String, String> values = Map.of("panelId", door.getLong("PANEL_ID").toString(), "doorId", door.getInteger("DOOR_ID").toString(),
        "flatNumber", flat.number(), "subscriberPhone", flat.phone());
    long start = System.nanoTime();
    return action.send(f.web(), values).compose(reason -> {
      long latency = (System.nanoTime() - start) / 1_000_000;
      if (reason != null) {
        LOG.warn("door {} (panel {} output {}) did not open: {}", door.getLong("ID"), door.getLong("PANEL_ID"), door.getInteger("DOOR_ID"), reason);
        return failed(f, door, flat, subscriberId, deviceId, reason, latency, PANEL_DOWN);
      }
      // the door is open whatever happens to the journal row; a lost row is logged, not the resident's problem
      return journal(f, door, flat.id(), subscriberId, deviceId, Openings.OK, null, latency)
          .recover(e -> {
            LOG.error("door {} opened but the journal row was not written", door.getLong("ID"), e);
            return Future.succeededFuture();
          });
    });
  }

  private static Future<Void> failed(Faces f, Row door, Flat flat, long subscriberId, long deviceId, String reason, Long latency,
      String message) {
    return journal(f, door, flat.id(), subscriberId, deviceId, Openings.FAILED, reason, latency)
        .transform(ar -> Future.failedFuture(BadInput.notFound(message)));
  }

  private static Future<Void> journal(Faces f, Row door, Long flatId, long subscriberId, long deviceId, String result, String reason,
      Long latency) {
    return Openings.add(f, new Openings.Entry(door.getLong("HOUSE_ID"), door.getLong("ID"), door.getLong("PANEL_ID"), door.getInteger("DOOR_ID"),
        flatId, subscriberId, deviceId, "app", result, reason, latency, Store.now()))
        .onFailure(e -> LOG.error("door-opening journal row not written", e));
  }
}
