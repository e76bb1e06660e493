package org.portier.mxproxy;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.portier.mx.MxXml;
import org.portier.mx.XmlNode;

/**
 * MX directory XML → MX Proxy 2.1 JSON (mx-proxy.md §2.6). Empty fields are left out,
 * jids and service ids stay strings (17+ digits lose precision as JS numbers), and an empty
 * list is [] (MX Proxy encoded null).
 */
final class DirectoryJson {
  private static final String[] CONTACT = {"firstName", "lastName", "ext", "homePhone", "cellPhone", "email", "homeSystem", "did", "exchangeId"};
  private static final String[] CALL_TEXT = {"gcid", "callingPartyNo", "originalCalledPartyNo", "firstName", "lastName", "ext",
      "serviceName", "serviceExtension"};
  private static final String[] CALL_NUMBERS = {"connectTimestamp", "disconnectTimestamp", "callType", "legType", "selfLegType", "monitorType"};

  private DirectoryJson() {}

  /** ablist pages → contacts sorted by ext (as strings, as MX Proxy did). */
  static JsonArray contacts(List<String> pages) {
    List<JsonObject> out = new ArrayList<>();
    for (String page : pages) {
      for (XmlNode e : MxXml.parse(page).children()) {
        if (!e.name().equals("abentry")) continue;
        JsonObject c = new JsonObject();
        put(c, "jid", e.attr("jid"));
        for (String f : CONTACT) put(c, f, e.textAt(f.equals("ext") ? "businessPhone" : f));
        out.add(c);
      }
    }
    out.sort(Comparator.comparing(c -> c.getString("ext", "")));
    return new JsonArray(new ArrayList<>(out));
  }

  /** callloginfo chunks → records sorted by record_id; missed is always present (MX Proxy 2.1). */
  static JsonArray callLog(List<String> chunks) {
    List<JsonObject> out = new ArrayList<>();
    for (String chunk : chunks) {
      for (XmlNode e : MxXml.parse(chunk).children()) {
        if (!e.name().equals("callinfo")) continue;
        JsonObject c = new JsonObject().put("missed", "true".equalsIgnoreCase(trim(e.attr("missed"))));
        put(c, "direction", e.attr("direction"));
        number(c, "record_id", e.textAt("record_id"), true);
        for (String f : CALL_TEXT) put(c, f, e.textAt(f.equals("ext") ? "extension" : f));
        for (String f : CALL_NUMBERS) number(c, f, e.textAt(f), false);
        out.add(c);
      }
    }
    out.sort(Comparator.comparingLong(c -> c.getValue("record_id") instanceof Number n ? n.longValue() : Long.MAX_VALUE));
    return new JsonArray(new ArrayList<>(out));
  }

  /** Every Service element of the GetServiceList reply (its root name is unknown). */
  static JsonArray services(String xml) {
    List<XmlNode> found = new ArrayList<>();
    collect(MxXml.parse(xml), "Service", found);
    JsonArray out = new JsonArray();
    for (XmlNode s : found) {
      JsonObject j = new JsonObject();
      put(j, "id", s.textAt("serviceId"));
      put(j, "name", s.textAt("serviceName"));
      put(j, "type", s.textAt("serviceType"));
      put(j, "ext", s.textAt("extension"));
      put(j, "homeSystem", s.textAt("homeSystem"));
      out.add(j);
    }
    return out;
  }

  private static void collect(XmlNode n, String name, List<XmlNode> into) {
    for (XmlNode c : n.children()) {
      if (c.name().equals(name)) into.add(c);
      else collect(c, name, into);
    }
  }

  private static void put(JsonObject j, String key, String value) {
    String v = trim(value);
    if (v != null && !v.isEmpty()) j.put(key, v);
  }

  /** Numbers as JSON numbers; 0 and absent left out (MX Proxy's omitempty); a non-number kept as text rather than lost. */
  private static void number(JsonObject j, String key, String value, boolean keepZero) {
    String v = trim(value);
    if (v == null || v.isEmpty()) return;
    try {
      long n = Long.parseLong(v);
      if (n != 0 || keepZero) j.put(key, n);
    } catch (NumberFormatException e) {
      j.put(key, v);
    }
  }

  private static String trim(String s) {
    return s == null ? null : s.trim();
  }
}
