package org.portier.mobile;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import org.portier.bus.Addresses;
import org.portier.http.Faces;
import org.portier.push.PushBusy;
import org.portier.push.PushRequest;
import org.portier.push.PushSend;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The "newAddress" text push to a subscriber's devices when they get access to a flat: a visible
 * alert with title and body, data {action: "newAddress", badge: "0"} (all strings; both apps
 * reload their address list on it). Texts always go through FCM, also to iOS: a VoIP push must
 * ring (contract §6). The push is not stored in an inbox (that module is not part of this one).
 * The grant is committed before the push is offered, so a failure to queue it never fails the grant
 * (answering 503 then would invite a retry that finds the grant made and sends nothing): the push
 * actor's busy refusal is met by offering the push again a few times, other failures are logged.
 */
final class NewAddressPush {
  private static final Logger LOG = LoggerFactory.getLogger(NewAddressPush.class);
  static final String TITLE = "Новый адрес";

  private NewAddressPush() {}

  /** Offers of one push at most: the first and two more, {@link PushBusy#RETRY_AFTER_SECONDS} apart. */
  static final int BUSY_ATTEMPTS = 3;

  static Future<Void> send(Faces faces, long subscriberId, long flatId) {
    return faces.pool().preparedQuery("SELECT d.id, d.push_token, h.address, f.number FROM devices d JOIN flats f ON f.id = ? JOIN houses h ON h.id = f.house_id"
            + " WHERE d.subscriber_id = ? AND d.platform IS NOT NULL AND d.push_token IS NOT NULL AND d.push_token_dead = FALSE"
            + " AND (d.push_service IS NULL OR d.push_service IN ('fcm', 'apns'))")
        .execute(Tuple.of(flatId, subscriberId))
        .compose(rs -> {
          JsonArray pushes = new JsonArray();
          for (Row r : rs) {
            pushes.add(PushSend.push(PushRequest.FCM, r.getString(1), "push", "alert").deviceId(r.getLong(0)).ttlSeconds(24 * 3600)
                .alert(TITLE, "Вам открыт доступ к адресу " + r.getString(2) + ", кв. " + r.getString(3))
                .data(new JsonObject().put("action", "newAddress").put("badge", "0"))
                .ref("newAddress:" + flatId).json());
          }
          if (!pushes.isEmpty()) offer(faces, PushSend.request(pushes), subscriberId, flatId, 1);
          return Future.<Void>succeededFuture();
        })
        .recover(e -> {
          LOG.warn("newAddress push to subscriber {} for flat {} not queued: {}", subscriberId, flatId, e.getMessage());
          return Future.succeededFuture();
        });
  }

  /** Hands the pushes to the push actor; while it is busy (its outbox backed up), again a little later. */
  private static void offer(Faces faces, JsonObject request, long subscriberId, long flatId, int attempt) {
    faces.vertx().eventBus().request(Addresses.PUSH_SEND, request).onFailure(e -> {
      if (PushBusy.is(e) && attempt < BUSY_ATTEMPTS) {
        LOG.info("newAddress push to subscriber {} for flat {}: push actor busy, offered again in {} s", subscriberId, flatId, PushBusy.RETRY_AFTER_SECONDS);
        faces.vertx().setTimer(PushBusy.RETRY_AFTER_SECONDS * 1000, t -> offer(faces, request, subscriberId, flatId, attempt + 1));
      } else {
        LOG.warn("newAddress push to subscriber {} for flat {} not queued: {}", subscriberId, flatId, e.getMessage());
      }
    });
  }
}
