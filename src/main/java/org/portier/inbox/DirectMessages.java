package org.portier.inbox;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import org.portier.http.Faces;
import org.portier.push.PushBusy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A message to one subscriber: stored with its badge in one transaction, then its pushes persisted
 * by the push actor before the operator gets the 201. Stateless, so the HTTP handlers call it directly.
 */
final class DirectMessages {
  private static final Logger LOG = LoggerFactory.getLogger(DirectMessages.class);

  private DirectMessages() {}

  /** The push actor refused the message's pushes as busy; the message was not kept. */
  static final class Busy extends RuntimeException {
    Busy(String message) {
      super(message, null, false, false);
    }
  }

  /** The 201 body: {id, subscriberId, badge, queued, skipped: [{deviceId, reason}]}. */
  static Future<JsonObject> send(Faces faces, MessageRequest m) {
    InboxStore store = new InboxStore(faces.pool());
    long ttl = faces.config().get().duration("inbox.pushTtl").toSeconds();
    String bundle = faces.config().get().string("push.apns.bundle");
    Future<Long> subscriber = m.target().phone() != null ? store.subscriberByPhone(m.target().phone())
        : Future.succeededFuture(m.target().id());
    return subscriber.compose(sid -> faces.ids().next("inbox_messages").compose(id -> store.store(id, sid, m)))
        .compose(s -> {
          List<JsonObject> pushes = new ArrayList<>();
          JsonArray skipped = new JsonArray();
          for (TextPush.Device d : s.devices()) {
            String why = d.skipReason(m.action(), bundle);
            if (why != null) skipped.add(new JsonObject().put("deviceId", Long.toString(d.id())).put("reason", why));
            else pushes.add(TextPush.request(d, s.messageId(), m.title(), m.body(), m.action(), m.ext(), s.badge(), ttl, bundle));
          }
          JsonObject reply = new JsonObject().put("id", Long.toString(s.messageId())).put("subscriberId", Long.toString(s.subscriberId()))
              .put("badge", s.badge());
          return PushHandOff.send(faces.vertx(), pushes)
              // The push actor is busy (its outbox write is backed up): nothing of the pushes was stored, so
              // the message is taken back and the operator told to try again (503 with Retry-After).
              .recover(e -> !PushBusy.is(e) ? Future.failedFuture(e) : store.unstore(s.messageId(), s.subscriberId())
                  .transform(x -> Future.failedFuture(new Busy(e.getMessage()))))
              // Otherwise the message is stored whatever happens to its pushes; the inbox page is the source of truth.
              .recover(e -> {
                if (e instanceof Busy) return Future.failedFuture(e);
                LOG.warn("message {}: push.send failed: {}", s.messageId(), e.toString());
                pushes.forEach(p -> skipped.add(new JsonObject().put("deviceId", p.getString("deviceId"))
                    .put("reason", "push actor unavailable: " + e.getMessage())));
                return Future.succeededFuture(0);
              })
              .map(queued -> reply.put("queued", queued).put("skipped", skipped));
        });
  }
}
