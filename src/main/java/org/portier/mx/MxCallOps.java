package org.portier.mx;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.Message;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.Set;

/**
 * The call-control ops of mx.user.&lt;login&gt; (run on the connection's context):
 * <ul>
 *   <li>{"op":"call","xml","event"?,"callId"?,"eventTimeout"?(ms)}: sends the command; its direct
 *   reply (same invoke id) is the success or failure signal (a CSTA error fails 400, silence 504).
 *   If "event" is named, the confirming event (filtered by "callId" when given) is awaited after
 *   the reply for at most eventTimeout (default 2 s); it is optional: on expiry the answer simply
 *   has no "event". Answer {"name","xml","event"?:{"name","xml"}}.
 *   <li>{"op":"tell","xml"}: a write with no reply awaited (iq mode: MX answers it with nothing).
 *   <li>{"op":"callinfo","callId"}: the calls map entry {"name","xml","at"}; 404 when unknown.
 * </ul>
 * The event waiter is subscribed before the command is written, so a confirmation that overtakes
 * the reply is never lost (MX Proxy registered it afterwards).
 */
final class MxCallOps {
  static final long DEFAULT_EVENT_TIMEOUT_MS = 2000;

  private final MxConnection c;

  MxCallOps(MxConnection c) {
    this.c = c;
  }

  void handle(Message<JsonObject> m, JsonObject body) {
    String op = body.getString("op");
    if (op.equals("callinfo")) {
      Object id = body.getValue("callId");
      JsonObject e = id == null ? null : c.calls().get(id.toString());
      if (e == null) m.fail(404, "not found");
      else m.reply(e);
      return;
    }
    String xml = body.getValue("xml") instanceof String s ? s : null;
    try {
      if (xml == null || xml.isBlank()) throw new IllegalArgumentException("xml is required");
      MxXml.parse(xml);
    } catch (IllegalArgumentException e) {
      m.fail(400, "bad request: " + e.getMessage());
      return;
    }
    if (c.state() != MxConnection.State.READY) {
      m.fail(503, c.notReady().getMessage());
      return;
    }
    if (op.equals("tell")) {
      c.tell(xml).onSuccess(v -> m.reply(new JsonObject())).onFailure(e -> m.fail(MxException.statusOf(e), e.getMessage()));
      return;
    }
    call(xml, body).onComplete(ar -> {
      if (ar.succeeded()) m.reply(ar.result());
      else m.fail(MxException.statusOf(ar.cause()), ar.cause().getMessage());
    });
  }

  private Future<JsonObject> call(String xml, JsonObject body) {
    String event = body.getValue("event") instanceof String s ? s : null;
    Object callId = body.getValue("callId");
    long wait = body.getValue("eventTimeout") instanceof Number n ? n.longValue() : DEFAULT_EVENT_TIMEOUT_MS;
    Promise<MxMessage> seen = Promise.promise();
    MxSubscription sub = event == null ? null : c.subscribe(Set.of(event), callId == null ? null : callId.toString(), seen::tryComplete);
    return c.send(xml, c.settings().replyTimeout()).compose(reply -> {
      JsonObject out = new JsonObject().put("name", reply.name()).put("xml", reply.xml());
      if (sub == null) return Future.succeededFuture(out);
      Vertx vertx = Vertx.currentContext().owner(); // the connection's own context: ops run there
      long timer = vertx.setTimer(Math.max(1, wait), t -> seen.tryFail("no " + event));
      return seen.future().map(ev -> out.put("event", new JsonObject().put("name", ev.name()).put("xml", ev.xml())))
          .otherwise(out).onComplete(x -> vertx.cancelTimer(timer));
    }).onComplete(x -> {
      if (sub != null) sub.cancel();
    });
  }
}
