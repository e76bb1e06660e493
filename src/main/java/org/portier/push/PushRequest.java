package org.portier.push;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * One push as other actors ask for it on {@code push.send}:
 * <pre>
 * {"deviceId": "12", "provider": "apns"|"fcm", "token": "...", "tokenKind": "voip"|"push",
 *  "sandbox": false, "topic": "org.example.app.voip", "pushType": "voip"|"alert", "priority": 10,
 *  "ttlSeconds": 180, "data": {"k": "v"}, "title": "...", "body": "...", "ref": "call:&lt;id&gt;",
 *  "apnsPayload": {...}}
 * </pre>
 * {@code apnsPayload} (APNs VoIP pushes only) is sent as the whole body instead of {@code {"data": {...}}}:
 * for apps that read a fixed body, such as MX Proxy clients whose PushKit handler reads the event JSON itself.
 * Required: provider, token, tokenKind, pushType, and topic for APNs. Defaults: sandbox false,
 * priority 10, ttlSeconds 180, data {}. Everything is checked here so that a bad request is refused
 * before anything is written, instead of failing later at the provider.
 */
public record PushRequest(Long deviceId, String provider, String token, String tokenKind, boolean sandbox, String topic,
    String pushType, int priority, long ttlSeconds, JsonObject data, String title, String body, String ref, JsonObject apnsPayload) {

  public static final String APNS = "apns";
  public static final String FCM = "fcm";
  /** Largest batch one request may carry: a door call has a handful, a broadcast a few thousand. */
  public static final int MAX_BATCH = 10_000;
  /** FCM and APNs alerts take 4 KB; APNs VoIP 5 KB. The stored payload is held to the smaller one. */
  static final int MAX_PAYLOAD_BYTES = 4096;
  private static final long MAX_TTL_SECONDS = 28L * 24 * 3600;
  private static final Set<String> FIELDS = Set.of("deviceId", "provider", "token", "tokenKind", "sandbox", "topic",
      "pushType", "priority", "ttlSeconds", "data", "title", "body", "ref", "apnsPayload");
  /** Data keys FCM refuses (firebase-admin would throw at send time). */
  private static final Set<String> FCM_RESERVED = Set.of("from", "message_type", "notification", "collapse_key");

  /** A push.send body that cannot be accepted; the message names the push and the field. */
  public static final class Invalid extends RuntimeException {
    Invalid(String message) {
      super(message, null, false, false);
    }
  }

  /** Parses the whole {@code {"pushes": [...]}} body; throws {@link Invalid} at the first problem. */
  public static List<PushRequest> parseAll(Object body) {
    if (!(body instanceof JsonObject json)) throw new Invalid("body must be a JSON object {\"pushes\": [...]}");
    Object p = json.getValue("pushes");
    if (!(p instanceof JsonArray pushes)) throw new Invalid("pushes must be an array");
    if (pushes.isEmpty()) throw new Invalid("pushes must not be empty");
    if (pushes.size() > MAX_BATCH) throw new Invalid("pushes may hold at most " + MAX_BATCH + " entries");
    List<PushRequest> out = new ArrayList<>(pushes.size());
    for (int i = 0; i < pushes.size(); i++) {
      Object one = pushes.getValue(i);
      if (!(one instanceof JsonObject o)) throw new Invalid("pushes[" + i + "] must be an object");
      out.add(parse(o, "pushes[" + i + "]."));
    }
    return out;
  }

  static PushRequest parse(JsonObject o, String at) {
    TreeSet<String> unknown = new TreeSet<>(o.fieldNames());
    unknown.removeAll(FIELDS);
    if (!unknown.isEmpty()) throw new Invalid(at + String.join(", ", unknown) + ": unknown field");
    String provider = oneOf(o, at, "provider", APNS, FCM);
    String token = string(o, at, "token", 1024, true);
    if (token.chars().anyMatch(c -> c <= ' ')) throw new Invalid(at + "token must not contain spaces or control characters");
    String tokenKind = oneOf(o, at, "tokenKind", "voip", "push");
    String pushType = oneOf(o, at, "pushType", "voip", "alert");
    boolean sandbox = false;
    if (o.getValue("sandbox") != null) {
      if (!(o.getValue("sandbox") instanceof Boolean b)) throw new Invalid(at + "sandbox must be true or false");
      sandbox = b;
    }
    String topic = string(o, at, "topic", 256, APNS.equals(provider));
    if (topic != null && "voip".equals(pushType) && APNS.equals(provider) && !topic.endsWith(".voip")) {
      throw new Invalid(at + "topic of an APNs VoIP push must be the bundle id followed by .voip");
    }
    int priority = (int) integer(o, at, "priority", 1, 10, 10);
    long ttl = integer(o, at, "ttlSeconds", 1, MAX_TTL_SECONDS, 180);
    JsonObject data = data(o, at);
    if (APNS.equals(provider) && data.containsKey("aps")) throw new Invalid(at + "data.aps: reserved by APNs");
    if (FCM.equals(provider)) {
      for (String k : data.fieldNames()) {
        if (FCM_RESERVED.contains(k) || k.startsWith("google.") || k.startsWith("gcm.")) {
          throw new Invalid(at + "data." + k + ": reserved by FCM");
        }
      }
    }
    String title = string(o, at, "title", 1000, false);
    String body = string(o, at, "body", 4000, false);
    if ((title != null || body != null) && !"alert".equals(pushType)) throw new Invalid(at + "title and body are for alert pushes only");
    String ref = string(o, at, "ref", 64, false);
    Long deviceId = deviceId(o, at);
    JsonObject apnsPayload = null;
    if (o.getValue("apnsPayload") != null) {
      if (!(o.getValue("apnsPayload") instanceof JsonObject a)) throw new Invalid(at + "apnsPayload must be an object");
      if (!APNS.equals(provider) || !"voip".equals(pushType)) throw new Invalid(at + "apnsPayload is for APNs VoIP pushes only");
      apnsPayload = a.copy();
    }
    PushRequest r = new PushRequest(deviceId, provider, token, tokenKind, sandbox, topic, pushType, priority, ttl, data, title, body, ref,
        apnsPayload);
    if (r.storedPayload().getBytes(StandardCharsets.UTF_8).length > MAX_PAYLOAD_BYTES) {
      throw new Invalid(at + "data, title and body together exceed " + MAX_PAYLOAD_BYTES + " bytes");
    }
    return r;
  }

  /** The outbox's payload column: {data, title?, body?, apnsPayload?}. */
  public String storedPayload() {
    JsonObject p = new JsonObject().put("data", data);
    if (apnsPayload != null) p.put("apnsPayload", apnsPayload);
    if (title != null) p.put("title", title);
    if (body != null) p.put("body", body);
    return p.encode();
  }

  private static String string(JsonObject o, String at, String field, int max, boolean required) {
    Object v = o.getValue(field);
    if (v == null) {
      if (required) throw new Invalid(at + field + " is required");
      return null;
    }
    if (!(v instanceof String s)) throw new Invalid(at + field + " must be a string");
    if (s.isBlank()) {
      if (required) throw new Invalid(at + field + " must not be empty");
      return null;
    }
    if (s.length() > max) throw new Invalid(at + field + " must have at most " + max + " characters");
    return s;
  }

  private static String oneOf(JsonObject o, String at, String field, String... allowed) {
    String v = string(o, at, field, 64, true);
    for (String a : allowed) if (a.equals(v)) return v;
    throw new Invalid(at + field + " must be one of " + String.join(", ", allowed));
  }

  private static long integer(JsonObject o, String at, String field, long min, long max, long dflt) {
    Object v = o.getValue(field);
    if (v == null) return dflt;
    if (!(v instanceof Number n) || n.doubleValue() != Math.rint(n.doubleValue())) throw new Invalid(at + field + " must be a whole number");
    long x = n.longValue();
    // a BigInteger lies beyond a long: out of range, never wrapped into it
    if (v instanceof java.math.BigInteger || x < min || x > max) throw new Invalid(at + field + " must be between " + min + " and " + max);
    return x;
  }

  private static JsonObject data(JsonObject o, String at) {
    Object v = o.getValue("data");
    if (v == null) return new JsonObject();
    if (!(v instanceof JsonObject d)) throw new Invalid(at + "data must be an object");
    for (String k : d.fieldNames()) {
      if (k.isEmpty()) throw new Invalid(at + "data keys must not be empty");
      if (!(d.getValue(k) instanceof String)) throw new Invalid(at + "data." + k + " must be a string (push data values are all strings)");
    }
    return d.copy();
  }

  private static Long deviceId(JsonObject o, String at) {
    Object v = o.getValue("deviceId");
    if (v == null) return null;
    String s = v instanceof Integer || v instanceof Long ? v.toString() : v instanceof String x ? x : null;
    if (s == null || !s.matches("\\d{1,18}")) throw new Invalid(at + "deviceId must be a device id (digits)");
    return Long.parseLong(s);
  }
}
