package org.portier.inbox;

import static org.portier.http.OperatorApi.body;
import static org.portier.http.OperatorApi.respond;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import org.portier.bus.Addresses;
import org.portier.http.Faces;
import org.portier.http.Input;
import org.portier.http.OperatorApi;
import org.portier.push.PushBusy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The operator's messages API on the integration face:
 * POST /messages (one subscriber: 201 once stored and its pushes are in the outbox; a flat or house:
 * 202 once the broadcast is persisted, fanned out by the inbox actor), GET /messages/{id},
 * GET /messages/broadcasts/{id}.
 */
public final class MessageRoutes {
  private static final Logger LOG = LoggerFactory.getLogger(MessageRoutes.class);

  private MessageRoutes() {}

  public static void mount(Router r, Faces faces) {
    r.post("/messages").handler(ctx -> {
      MessageRequest m;
      try {
        m = MessageRequest.parse(body(ctx));
      } catch (RuntimeException e) {
        ctx.fail(e);
        return;
      }
      if (m.target().broadcast()) respond(ctx, 202, broadcast(faces, m));
      else respond(ctx, 201, DirectMessages.send(faces, m).recover(e -> {
        if (!(e instanceof DirectMessages.Busy)) return Future.failedFuture(e);
        ctx.response().putHeader("Retry-After", Long.toString(PushBusy.RETRY_AFTER_SECONDS));
        OperatorApi.error(ctx, 503, "the push service is busy, nothing was stored; try again later (" + e.getMessage() + ")");
        return Future.succeededFuture();
      }));
    });
    r.get("/messages/broadcasts/:id").handler(ctx -> respond(ctx, 200,
        new Broadcasts(faces.pool()).status(Input.id(ctx.pathParam("id"), "broadcast"))));
    r.get("/messages/:id").handler(ctx -> respond(ctx, 200,
        new InboxStore(faces.pool()).describe(Input.id(ctx.pathParam("id"), "message"))));
  }

  private static Future<JsonObject> broadcast(Faces faces, MessageRequest m) {
    return faces.ids().next("message_broadcasts").compose(id -> new Broadcasts(faces.pool()).create(id, m)).onSuccess(status -> {
      if (!"running".equals(status.getString("state"))) return;
      // Persisted already: if the actor cannot be told now, its sweep picks the broadcast up.
      faces.vertx().eventBus().request(Addresses.INBOX_BROADCAST, new JsonObject().put("broadcastId", status.getString("broadcastId")))
          .onFailure(e -> LOG.warn("broadcast {}: inbox actor not reached ({}); its sweep will resume it", status.getString("broadcastId"), e.toString()));
    });
  }
}
