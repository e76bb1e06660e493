package org.portier.mx;

import io.vertx.core.eventbus.Message;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import org.portier.config.Durations;

/**
 * The event-bus face of one connection, "mx.user.&lt;login&gt;" (see
 * {@link org.portier.bus.Addresses#MX_USER_PREFIX}). Runs on the connection's context: the
 * consumer is registered by the connection verticle.
 */
final class MxUserAddress {
  private final MxConnection c;

  MxUserAddress(MxConnection c) {
    this.c = c;
  }

  void handle(Message<JsonObject> m) {
    JsonObject body = m.body() == null ? new JsonObject() : m.body();
    switch (body.getString("op", "")) {
      case "state" -> m.reply(state());
      case "send" -> send(m, body);
      case "addressbook" -> parts(m, MxMultipart.addressBook(c));
      case "calllog" -> callLog(m, body);
      case "conf" -> conf(m, body);
      case "call", "tell", "callinfo" -> new MxCallOps(c).handle(m, body);
      default -> m.fail(400, "unknown op: " + body.getString("op"));
    }
  }

  /** {"state","since","ext","jid","mx","softPhonePwd"} (the session fields once logged in; GET /auth shows them). */
  private JsonObject state() {
    JsonObject s = c.snapshot();
    JsonObject out = new JsonObject().put("state", s.getString("state")).put("since", s.getLong("since"));
    for (String k : new String[] {"ext", "jid", "mx", "softPhonePwd"}) if (s.containsKey(k)) out.put(k, s.getValue(k));
    return out;
  }

  private void callLog(Message<JsonObject> m, JsonObject body) {
    long timestamp;
    long idle;
    try {
      timestamp = body.getLong("timestamp", -1L);
      idle = body.getLong("idle", 500L);
    } catch (ClassCastException e) {
      m.fail(400, "bad request: timestamp and idle are numbers");
      return;
    }
    parts(m, MxMultipart.callLog(c, timestamp, Duration.ofMillis(Math.max(1, idle))));
  }

  /** {"parts":[xml, ...]}: the raw parts of a multi-part query, in order (the face decodes them). */
  private void parts(Message<JsonObject> m, io.vertx.core.Future<java.util.List<String>> query) {
    query.onComplete(ar -> {
      if (ar.succeeded()) m.reply(new JsonObject().put("parts", new io.vertx.core.json.JsonArray(ar.result())));
      else CstaFailure.fail(m, ar.cause());
    });
  }

  /** {"xml","event","confId"?,"ownerId"?,"confirm"? ms}: a conference command and its Conf*Event ({@link MxConfCommand}). */
  private void conf(Message<JsonObject> m, JsonObject body) {
    String xml = body.getValue("xml") instanceof String s ? s : null;
    String event = body.getValue("event") instanceof String s ? s : null;
    Object confirm = body.getValue("confirm");
    if (xml == null || event == null || confirm != null && !(confirm instanceof Number)) {
      m.fail(400, "bad request: xml and event are strings, confirm a number");
      return;
    }
    if (c.state() != MxConnection.State.READY) {
      m.fail(503, c.notReady().getMessage());
      return;
    }
    Duration wait = confirm == null ? c.settings().replyTimeout() : Duration.ofMillis(((Number) confirm).longValue());
    MxConfCommand.run(c, xml, event, body.getString("confId"), body.getString("ownerId"), wait).onComplete(ar -> {
      if (ar.succeeded()) m.reply(ar.result());
      else CstaFailure.fail(m, ar.cause());
    });
  }

  private void send(Message<JsonObject> m, JsonObject body) {
    String xml = body.getString("xml");
    Duration timeout;
    try {
      if (xml == null || xml.isBlank()) throw new IllegalArgumentException("xml is required");
      MxXml.parse(xml);
      Object t = body.getValue("timeout");
      timeout = t == null ? c.settings().replyTimeout() : t instanceof Number n ? Duration.ofMillis(n.longValue()) : Durations.parse(t.toString());
    } catch (IllegalArgumentException | ClassCastException e) {
      m.fail(400, "bad request: " + e.getMessage());
      return;
    }
    if (c.state() != MxConnection.State.READY) {
      m.fail(503, c.notReady().getMessage());
      return;
    }
    c.send(xml, timeout).onComplete(ar -> {
      if (ar.succeeded()) m.reply(new JsonObject().put("name", ar.result().name()).put("xml", ar.result().xml()));
      else CstaFailure.fail(m, ar.cause());
    });
  }
}
