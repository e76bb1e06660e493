package org.portier.mxproxy;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.portier.http.Input;
import java.util.ArrayList;
import java.util.List;
import org.portier.mx.MxXml;
import org.portier.mx.XmlNode;
import org.portier.mx.XmlOut;

/**
 * MX conference XML ↔ MX Proxy 2.1 JSON (mx-proxy.md §2.6). The id keeps MX Proxy's
 * capital "Id"; ownerId is emitted as a string (a 17-digit jid loses precision as a JS number)
 * and accepted as a number or a string; accessId, startDate and duration are numbers.
 */
final class ConferenceJson {
  static final String[] FIELDS = {"confId", "ownerId", "name", "accessId", "description", "type", "startDate", "duration",
      "waitForOwner", "delOnOwnerLeave", "ws", "wsType"};
  private static final String[] NUMBERS = {"accessId", "startDate", "duration"};
  private static final String[] FLAGS = {"waitForOwner", "delOnOwnerLeave"};
  private static final String[] TEXTS = {"name", "description", "type", "ws", "wsType"};

  private ConferenceJson() {}

  /** One conference from an element holding the fields as children (a {@code conf} row or a Conf*Event). */
  static JsonObject conference(XmlNode c) {
    JsonObject o = new JsonObject();
    o.put("Id", text(c, "confId"));
    o.put("ownerId", text(c, "ownerId"));
    for (String f : TEXTS) {
      String v = text(c, f);
      if (!f.equals("description") || !v.isEmpty()) o.put(f, v);
    }
    for (String f : NUMBERS) {
      String v = text(c, f);
      // an absent number is 0, as MX Proxy's struct encoded it; a non-numeric one is passed on rather than dropped
      o.put(f, v.isEmpty() ? (Object) 0L : v.matches("-?\\d{1,18}") ? (Object) Long.parseLong(v) : v);
    }
    for (String f : FLAGS) o.put(f, "true".equalsIgnoreCase(text(c, f)) || "1".equals(text(c, f)));
    return o;
  }

  static JsonArray list(String xml) {
    List<JsonObject> out = new ArrayList<>();
    XmlNode root = MxXml.parse(xml);
    XmlNode list = root.name().equals("conferences") ? root : root.find("conferences");
    if (list != null) for (XmlNode c : list.children()) if (c.name().equals("conf")) out.add(conference(c));
    return new JsonArray(new ArrayList<>(out));
  }

  static JsonObject info(String xml) {
    XmlNode r = MxXml.parse(xml);
    return new JsonObject().put("ext", text(r, "extension")).put("did", text(r, "DID")).put("subject", text(r, "inviteSubject"))
        .put("body", text(r, "inviteBody")).put("meeting", text(r, "inviteMXmeeting"));
  }

  /**
   * The command for a conference body; {@code confId} is "" on create (MX assigns it) and the
   * path id on update. Every field is sent, empty ones as empty elements, as MX Proxy did.
   */
  static String command(String name, String confId, String defaultOwner, JsonObject body) {
    XmlOut x = XmlOut.root(name).leaf("confId", confId).leaf("ownerId", owner(body.getValue("ownerId"), defaultOwner));
    for (String f : FIELDS) {
      if (f.equals("confId") || f.equals("ownerId")) continue;
      Object v = body.getValue(f);
      if (List.of(NUMBERS).contains(f)) x.leaf(f, v == null ? "0" : integral(f, v));
      else if (List.of(FLAGS).contains(f)) x.leaf(f, v == null ? "false" : flag(f, v));
      else if (v == null || v instanceof String) x.leaf(f, v == null ? "" : (String) v);
      else throw new MxError(400, "bad request: " + f + " must be a string");
    }
    return x.build();
  }

  /** A jid given as a number or a string of digits; absent or 0/"" means the user's own. */
  static String owner(Object v, String dflt) {
    if (v == null || "".equals(v)) return dflt;
    String id = integral("ownerId", v);
    return id.equals("0") ? dflt : id;
  }

  static String integral(String field, Object v) {
    // compared exactly: a number beyond a long (2^64 + 5) is refused, not wrapped or passed on
    Long n = v instanceof Number || v instanceof String s && s.trim().matches("\\d+") ? Input.wholeNumber(v, 0, Long.MAX_VALUE) : null;
    if (n != null) return n.toString();
    throw new MxError(400, "bad request: " + field + " must be a whole number");
  }

  private static String flag(String field, Object v) {
    if (v instanceof Boolean b) return b.toString();
    throw new MxError(400, "bad request: " + field + " must be true or false");
  }

  private static String text(XmlNode n, String name) {
    XmlNode c = n.find(name);
    String v = c == null ? null : c.text();
    return v == null ? "" : v.trim();
  }
}
