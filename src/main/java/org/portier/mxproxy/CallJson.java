package org.portier.mxproxy;

import io.vertx.core.json.JsonObject;
import org.portier.mx.MxXml;
import org.portier.mx.XmlNode;
import org.portier.mxpush.MxEventJson;

/** The JSON of the call-control answers, in MX Proxy 2.1's shapes (mx-proxy.md §2.6). */
final class CallJson {
  private CallJson() {}

  /** A stored event as the push object MX Proxy kept for GET /calls/{id} (type and timestamp included). */
  static JsonObject event(String name, String xml, long atSeconds) {
    JsonObject o = MxEventJson.of(name, xml, atSeconds);
    return o == null ? new JsonObject() : o;
  }

  /** {"callId":25,"deviceId":"3095","calledDevice":"1099"}; the request's numbers fill what MX left out. */
  static JsonObject makeCall(String replyXml, String from, String to) {
    XmlNode r = MxXml.parse(replyXml);
    String callId = r.textAt("callingDevice>callID");
    String device = r.textAt("callingDevice>deviceID");
    String called = r.textAt("calledDevice");
    JsonObject o = new JsonObject();
    if (callId != null && callId.trim().matches("\\d{1,18}")) o.put("callId", Long.parseLong(callId.trim()));
    return o.put("deviceId", blank(device) ? from : device.trim()).put("calledDevice", blank(called) ? to : called.trim());
  }

  /**
   * The confirming event as MX Proxy answered it: the push object with an empty type and a zero
   * timestamp (those were only filled in on the push path). Without the event (it is optional),
   * what the command itself said: the call and the user's device.
   */
  static JsonObject confirmation(JsonObject answer, long callId, String ext) {
    JsonObject ev = answer.getJsonObject("event");
    JsonObject o = ev == null ? null : MxEventJson.of(ev.getString("name"), ev.getString("xml"), 0);
    if (o == null) o = new JsonObject().put("callId", callId).put("deviceId", ext);
    return o.put("type", "").put("timestamp", 0);
  }

  /** The device named by AssignDeviceInfo, or null when the event did not come (the reply alone succeeded). */
  static String assigned(JsonObject answer) {
    JsonObject ev = answer.getJsonObject("event");
    if (ev == null) return null;
    String d = MxXml.parse(ev.getString("xml")).textAt("deviceID");
    return d == null ? null : d.trim();
  }

  private static boolean blank(String s) {
    return s == null || s.isBlank();
  }
}
