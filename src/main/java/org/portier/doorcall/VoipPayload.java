package org.portier.doorcall;

import io.vertx.core.json.JsonObject;
import org.portier.config.Config;
import org.portier.turn.TurnCredentials;

/**
 * The seed-000 call push data for one leg. Every value is a string (iOS is strict, Android parses
 * ttl and flatId as ints); the stun* and turn* keys are left out when not configured, every other
 * seed key is always present and non-empty. {@code hash} == {@code pass}: the Android app
 * registers with the hash and both apps build the snapshot links from it.
 */
final class VoipPayload {
  private VoipPayload() {}

  static JsonObject build(Config c, CallTarget t, String callerId, String extension, String password, TurnCredentials turn,
      String platform, long nowSeconds, long ttlSeconds) {
    String baseUrl = c.string("mobile.publicUrl");
    JsonObject d = new JsonObject()
        .put("server", c.string("sip.server"))
        .put("port", Long.toString(c.number("sip.port")))
        .put("transport", c.string("sip.transport").toLowerCase(java.util.Locale.ROOT))
        .put("extension", extension)
        .put("pass", password)
        .put("hash", password)
        .put("dtmf", t.dtmf() == null || t.dtmf().isBlank() ? "1" : t.dtmf())
        .put("image", baseUrl + "call/camshot/" + password)
        .put("live", baseUrl + "call/live/" + password)
        .put("timestamp", Long.toString(nowSeconds))
        .put("ttl", Long.toString(ttlSeconds))
        .put("callerId", callerId)
        .put("platform", platform)
        .put("flatId", Long.toString(t.flatId()))
        .put("flatNumber", t.flatNumber())
        .put("baseUrl", baseUrl);
    if (t.panelId() != null) d.put("domophoneId", Long.toString(t.panelId()));
    if (!c.string("sip.stun").isEmpty()) {
      d.put("stun", c.string("sip.stun")).put("stunTransport", c.string("sip.stunTransport"));
    }
    if (turn != null) {
      d.put("turn", c.string("turn.uri")).put("turnTransport", c.string("turn.transport"))
          .put("turnUsername", turn.username()).put("turnPassword", turn.password());
    }
    return d;
  }
}
