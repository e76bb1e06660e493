package org.portier.push;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.Collection;

/**
 * Builds what other actors send on push.send: each push with {@link #push}, the request with
 * {@link #request}. The fields are those {@link PushRequest} parses (and checks: this builder only
 * spares callers from spelling the keys); a field left unset is left out, so the push actor's
 * defaults apply.
 */
public final class PushSend {
  private final JsonObject json = new JsonObject();

  private PushSend(String provider, String token, String tokenKind, String pushType) {
    json.put("provider", provider).put("token", token).put("tokenKind", tokenKind).put("pushType", pushType);
  }

  /** One push: {@code provider} apns|fcm, {@code tokenKind} voip|push, {@code pushType} voip|alert. */
  public static PushSend push(String provider, String token, String tokenKind, String pushType) {
    return new PushSend(provider, token, tokenKind, pushType);
  }

  /** The push.send request body: {"pushes": [...]} in the given order (the reply's ids follow it). */
  public static JsonObject request(Collection<JsonObject> pushes) {
    return new JsonObject().put("pushes", new JsonArray(new ArrayList<>(pushes)));
  }

  /** The same for pushes already gathered in a JSON array. */
  public static JsonObject request(JsonArray pushes) {
    return new JsonObject().put("pushes", pushes);
  }

  public PushSend deviceId(long deviceId) {
    json.put("deviceId", Long.toString(deviceId));
    return this;
  }

  /** APNs only: the sandbox gateway for development builds. */
  public PushSend sandbox(boolean sandbox) {
    json.put("sandbox", sandbox);
    return this;
  }

  /** APNs: the bundle id (with ".voip" for a VoIP push); left out when null. */
  public PushSend topic(String topic) {
    if (topic != null) json.put("topic", topic);
    return this;
  }

  /** 1-10; 10 (the default) delivers at once. */
  public PushSend priority(int priority) {
    json.put("priority", priority);
    return this;
  }

  public PushSend ttlSeconds(long ttlSeconds) {
    json.put("ttlSeconds", ttlSeconds);
    return this;
  }

  /** String values only (FCM's rule). */
  public PushSend data(JsonObject data) {
    json.put("data", data);
    return this;
  }

  /** Alert pushes only: the visible text. */
  public PushSend alert(String title, String body) {
    json.put("title", title).put("body", body);
    return this;
  }

  /** What the outbox row is found by (at most 64 characters). */
  public PushSend ref(String ref) {
    json.put("ref", ref);
    return this;
  }

  /** APNs VoIP only: the whole body, sent instead of {"data": {...}}. */
  public PushSend apnsPayload(JsonObject payload) {
    json.put("apnsPayload", payload);
    return this;
  }

  /** The push as push.send takes it. */
  public JsonObject json() {
    return json;
  }
}
