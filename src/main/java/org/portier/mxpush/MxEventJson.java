package org.portier.mxpush;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.Map;
import org.portier.mx.MxXml;
import org.portier.mx.XmlNode;

/**
 * The MX events MX Proxy 2.1 pushed, as the JSON its clients read (mx-proxy.md §2.7 and §3): the
 * same field names and "type" words (HeldEvent and RetrievedEvent keep their suffix), numbers
 * where MX Proxy had numbers, and "timestamp" = receive time in Unix seconds. monitorCrossRefID
 * is never sent. Any other event gives null: MX Proxy did not push it.
 */
public final class MxEventJson {
  private MxEventJson() {}

  /** Root element → [type, element holding callID/deviceID]. */
  private static final Map<String, String[]> EVENTS = Map.of(
      "DeliveredEvent", new String[] {"Delivered", "connection"},
      "EstablishedEvent", new String[] {"Established", "establishedConnection"},
      "OriginatedEvent", new String[] {"Originated", "originatedConnection"},
      "ConnectionClearedEvent", new String[] {"ConnectionCleared", "droppedConnection"},
      "HeldEvent", new String[] {"HeldEvent", "heldConnection"},
      "RetrievedEvent", new String[] {"RetrievedEvent", "retrievedConnection"},
      "MailIncomingReadyEvent", new String[] {"MailIncoming", null});

  private static final String[] DEVICES = {"callingDevice", "calledDevice", "alertingDevice", "answeringDevice",
      "lastRedirectionDevice", "releasingDevice"};
  private static final String[] TEXTS = {"localConnectionInfo", "cause", "callingDisplayName", "alertingDisplayName",
      "answeringDisplayName", "cmdsAllowed"};

  static boolean pushed(String name) {
    return EVENTS.containsKey(name);
  }

  /** The event's JSON, or null when it is not one MX Proxy pushed. */
  public static JsonObject of(String name, String xml, long nowSeconds) {
    String[] spec = EVENTS.get(name);
    if (spec == null) return null;
    XmlNode root = MxXml.parse(xml);
    JsonObject o = new JsonObject().put("type", spec[0]);
    if (spec[1] == null) return mail(root, o.put("timestamp", nowSeconds));
    XmlNode conn = root.child(spec[1]);
    if (conn != null) {
      number(o, "callId", conn.textAt("callID"));
      text(o, "deviceId", conn.textAt("deviceID"));
      text(o, "globalCallId", conn.textAt("globalCallID"));
    }
    for (String d : DEVICES) text(o, d, root.textAt(d + ">deviceIdentifier"));
    // Held/Retrieved: MX Proxy put the holding/retrieving device under "releasingDevice"
    if ("HeldEvent".equals(name)) text(o, "releasingDevice", root.textAt("holdingDevice>deviceIdentifier"));
    if ("RetrievedEvent".equals(name)) text(o, "releasingDevice", root.textAt("retrievingDevice>deviceIdentifier"));
    for (String t : TEXTS) text(o, t, root.textAt(t));
    number(o, "callTypeFlags", root.textAt("callTypeFlags"));
    JsonArray cads = new JsonArray();
    for (XmlNode c : root.children()) {
      if (c.name().equals("cad")) cads.add(new JsonObject().put("name", c.attr("name")).put("type", c.attr("type")).put("value", c.text().trim()));
    }
    if (!cads.isEmpty()) o.put("cads", cads);
    return o.put("timestamp", nowSeconds);
  }

  /** MailIncomingReadyEvent: attributes and children; null when the mail is already read (not pushed, §2.7). */
  private static JsonObject mail(XmlNode root, JsonObject o) {
    if ("true".equalsIgnoreCase(trim(root.textAt("read")))) return null;
    for (String a : new String[] {"from", "fromName", "callerName", "to", "ownerType", "ownerId"}) text(o, a, root.attr(a));
    text(o, "mailId", root.textAt("mailId"));
    text(o, "gcid", root.textAt("gcid"));
    number(o, "received", root.textAt("received"));
    number(o, "duration", root.textAt("duration"));
    o.put("read", false);
    text(o, "note", root.textAt("note"));
    text(o, "mediaType", root.textAt("mediaType"));
    return o;
  }

  /** Push data values are all strings (FCM's rule, kept for APNs so both carry the same thing); nested values as JSON. */
  static JsonObject strings(JsonObject event) {
    JsonObject out = new JsonObject();
    event.forEach(e -> out.put(e.getKey(), e.getValue() instanceof String s ? s
        : e.getValue() instanceof JsonArray a ? a.encode() : String.valueOf(e.getValue())));
    return out;
  }

  private static void text(JsonObject o, String key, String v) {
    String t = trim(v);
    if (t != null && !t.isEmpty()) o.put(key, t);
  }

  private static void number(JsonObject o, String key, String v) {
    String t = trim(v);
    if (t == null || t.isEmpty()) return;
    try {
      o.put(key, Long.parseLong(t));
    } catch (NumberFormatException e) {
      o.put(key, t);
    }
  }

  private static String trim(String v) {
    return v == null ? null : v.trim();
  }
}
