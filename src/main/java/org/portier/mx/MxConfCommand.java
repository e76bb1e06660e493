package org.portier.mx;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * A conference command and its {@code Conf*Event} (mx-proxy.md §2.6, §6.2): the event subscription
 * is made before the command is written, so an event that beats the reply is not lost (MX Proxy
 * subscribed after the reply). Only events about this conference count: the same {@code confId}
 * (from the command, else from the reply), or for a create without one, the same owner. The reply
 * is the verdict; the event only confirms, and its absence within {@code confirm} is no failure.
 * Runs on the connection's context.
 */
final class MxConfCommand {
  private MxConfCommand() {}

  /** {"name","xml"} of the reply, plus "event" (its XML) when the confirmation came in time. */
  static Future<JsonObject> run(MxConnection c, String xml, String event, String confId, String ownerId, Duration confirm) {
    List<MxMessage> seen = new ArrayList<>();
    Promise<MxMessage> matched = Promise.promise();
    String[] wanted = {confId};
    MxSubscription sub = c.subscribe(Set.of(event), null, m -> {
      if (wanted[0] != null) {
        if (wanted[0].equals(text(m, "confId"))) matched.tryComplete(m);
      } else {
        seen.add(m);
      }
    });
    return c.send(xml, c.settings().replyTimeout()).compose(reply -> {
      if (wanted[0] == null) wanted[0] = text(reply, "confId");
      for (MxMessage m : seen) {
        boolean same = wanted[0] != null ? wanted[0].equals(text(m, "confId")) : ownerId == null || ownerId.equals(text(m, "ownerId"));
        if (same) matched.tryComplete(m);
      }
      seen.clear();
      if (wanted[0] == null) {
        // no confId to go by: the next event of this owner is the one
        String owner = ownerId;
        sub.cancel();
        MxSubscription late = c.subscribe(Set.of(event), null, m -> {
          if (owner == null || owner.equals(text(m, "ownerId"))) matched.tryComplete(m);
        });
        matched.future().onComplete(x -> late.cancel());
      }
      io.vertx.core.Vertx vertx = io.vertx.core.Vertx.currentContext().owner();
      long t = vertx.setTimer(Math.max(1, confirm.toMillis()), x -> matched.tryFail("unconfirmed"));
      return matched.future().transform(ar -> {
        vertx.cancelTimer(t);
        JsonObject out = new JsonObject().put("name", reply.name()).put("xml", reply.xml());
        if (ar.succeeded()) out.put("event", ar.result().xml());
        return Future.succeededFuture(out);
      });
    }).onComplete(x -> sub.cancel());
  }

  private static String text(MxMessage m, String name) {
    XmlNode n = m.root().find(name);
    String v = n == null ? null : n.text();
    return v == null || v.isBlank() ? null : v.trim();
  }
}
