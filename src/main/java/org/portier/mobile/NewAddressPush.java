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
 * ring (contract §6). The push is not stored in an inbox (that module is not part of this one);
 * a failure to queue it is logged and never fails the grant, except the push actor's busy refusal,
 * which the face answers with 503 and Retry-After.
 */
final class NewAddressPush {
  private static final Logger LOG = LoggerFactory.getLogger(NewAddressPush.class);
  static final String TITLE = "Новый адрес";

  private NewAddressPush() {}

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
          if (pushes.isEmpty()) return Future.succeededFuture();
          return faces.vertx().eventBus().request(Addresses.PUSH_SEND, PushSend.request(pushes)).mapEmpty();
        })
        .recover(e -> {
          if (PushBusy.is(e)) {
            // The push actor's outbox is backed up: say so (503, Retry-After) rather than answer as if the
            // resident were told.
            LOG.warn("newAddress push to subscriber {} for flat {} refused: {}", subscriberId, flatId, e.getMessage());
            return Future.failedFuture(new MobileError(503, "Сервис уведомлений перегружен, повторите попытку позже", PushBusy.RETRY_AFTER_SECONDS));
          }
          LOG.warn("newAddress push to subscriber {} for flat {} not queued: {}", subscriberId, flatId, e.getMessage());
          return Future.succeededFuture();
        })
        .mapEmpty();
  }
}
