package org.portier.door;

import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.portier.config.Durations;
import org.portier.http.BadInput;
import org.portier.http.Input;
import org.portier.security.SecretBox;

/**
 * The operator API's door fields, validated the same way for POST (create) and PATCH (change):
 * each field present in the body becomes a column value. In a PATCH, {@code null} clears an
 * optional field (the open action's headers, body, timeout...) and is refused for a required one.
 * The open request's headers usually carry the panel's credentials: they are encrypted with the
 * secret box before they reach the store, and the door's JSON shows their names only.
 */
public final class DoorFields {
  /** Fields a create or a change may carry besides panelId/doorId. */
  public static final List<String> CHANGEABLE = List.of("name", "icon", "dtmf", "snapshotUrl", "callerId",
      "openUrl", "openMethod", "openBody", "openContentType", "openHeaders", "openTimeout");
  static final Set<String> PLACEHOLDERS = Set.of("panelId", "doorId", "flatNumber", "subscriberPhone");
  private static final Pattern ANY_PLACEHOLDER = Pattern.compile("\\{([A-Za-z_]+)}");
  private static final Pattern HEADER_NAME = Pattern.compile("[!#$%&'*+.^_`|~0-9A-Za-z-]{1,64}");
  /** Headers the HTTP client sets itself; a template must not fight it over them. */
  private static final Set<String> RESERVED_HEADERS = Set.of("host", "content-length", "transfer-encoding", "connection", "content-type");
  private static final int MAX_HEADERS = 20;
  static final long MIN_TIMEOUT_MS = 100;
  static final long MAX_TIMEOUT_MS = 30_000;

  private DoorFields() {}

  /**
   * Column values (column name → value, null clears) for the fields present in {@code in}.
   * {@code creating}: name is required and icon/dtmf get their defaults.
   */
  public static Map<String, Object> columns(Input in, SecretBox secrets, boolean creating) {
    JsonObject json = in.json();
    Map<String, Object> cols = new LinkedHashMap<>();
    if (creating || json.containsKey("name")) cols.put("name", required(in, "name", 200));
    if (creating || json.containsKey("icon")) {
      if (!creating) required(in, "icon", 64);
      cols.put("icon", in.oneOf("icon", "entrance", "entrance", "wicket", "gate", "barrier"));
    }
    if (creating || json.containsKey("dtmf")) {
      String dtmf = creating && !in.has("dtmf") ? "1" : required(in, "dtmf", 8);
      if (!dtmf.matches("[0-9*#A-D]{1,8}")) throw BadInput.unprocessable("dtmf must be 1-8 DTMF digits (0-9, *, #, A-D)");
      cols.put("dtmf", dtmf);
    }
    if (json.containsKey("snapshotUrl")) {
      String url = in.optString("snapshotUrl", 1, 2000);
      if (url != null) httpUrl("snapshotUrl", url);
      cols.put("snapshot_url", url);
    }
    if (json.containsKey("callerId")) cols.put("caller_id", in.optString("callerId", 1, 200));
    if (json.containsKey("openUrl")) cols.put("open_url", openUrl(in.optString("openUrl", 1, 2000)));
    if (json.containsKey("openMethod")) cols.put("open_method", in.has("openMethod") ? in.oneOf("openMethod", null, "GET", "POST", "PUT") : null);
    if (json.containsKey("openBody")) cols.put("open_body", rawString(in, "openBody", 4000));
    if (json.containsKey("openContentType")) {
      String ct = in.optString("openContentType", 3, 200);
      if (ct != null && !ct.matches("[A-Za-z0-9!#$&^_.+-]+/[A-Za-z0-9!#$&^_.+-]+(\\s*;.*)?")) {
        throw BadInput.unprocessable("openContentType must be a media type like application/json");
      }
      cols.put("open_content_type", ct);
    }
    if (json.containsKey("openHeaders")) {
      Map<String, String> headers = headers(json.getValue("openHeaders"));
      cols.put("open_headers_enc", headers == null ? null : secrets.encrypt(new JsonObject(new LinkedHashMap<>(headers)).encode()));
      cols.put("open_header_names", headers == null ? null : String.join(",", headers.keySet()));
    }
    if (json.containsKey("openTimeout")) cols.put("open_timeout_ms", timeout(in));
    return cols;
  }

  /** A body sends only with POST or PUT: refuse a body that a GET would silently drop. */
  public static void checkCombination(String method, String body) {
    if (body != null && (method == null || "GET".equals(method))) {
      throw BadInput.unprocessable("openBody is sent only with openMethod POST or PUT (the open method is GET)");
    }
  }

  private static String required(Input in, String field, int max) {
    if (in.json().containsKey(field) && in.json().getValue(field) == null) throw BadInput.unprocessable(field + " cannot be cleared");
    return in.string(field, 1, max);
  }

  /** A template keeps its spacing and line breaks (a body may be pretty JSON), but not other control characters. */
  private static String rawString(Input in, String field, int max) {
    Object v = in.json().getValue(field);
    if (v == null) return null;
    if (!(v instanceof String s)) throw BadInput.unprocessable(field + " must be a string");
    if (s.isEmpty()) throw BadInput.unprocessable(field + " must not be empty");
    if (s.length() > max) throw BadInput.unprocessable(field + " must have at most " + max + " characters");
    if (s.chars().anyMatch(ch -> ch < 0x20 && ch != '\t' && ch != '\n' && ch != '\r')) {
      throw BadInput.unprocessable(field + " must not contain control characters");
    }
    return s;
  }

  static String openUrl(String template) {
    if (template == null) return null;
    Matcher m = ANY_PLACEHOLDER.matcher(template);
    while (m.find()) {
      if (!PLACEHOLDERS.contains(m.group(1))) {
        throw BadInput.unprocessable("openUrl: unknown placeholder {" + m.group(1) + "}; known: {panelId}, {doorId}, {flatNumber}, {subscriberPhone}");
      }
    }
    // checked as it will be sent, with sample values in the placeholders
    httpUrl("openUrl", OpenTemplate.fill(template, Map.of("panelId", "100053", "doorId", "0", "flatNumber", "11",
        "subscriberPhone", "79001234567"), OpenTemplate::urlEncode));
    return template;
  }

  private static Map<String, String> headers(Object v) {
    if (v == null) return null;
    if (!(v instanceof JsonObject o)) throw BadInput.unprocessable("openHeaders must be an object of header name to value");
    if (o.size() > MAX_HEADERS) throw BadInput.unprocessable("openHeaders may hold at most " + MAX_HEADERS + " headers");
    Map<String, String> out = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
    for (String name : o.fieldNames()) {
      if (!HEADER_NAME.matcher(name).matches()) throw BadInput.unprocessable("openHeaders: \"" + Input.truncate(name) + "\" is not a header name");
      if (RESERVED_HEADERS.contains(name.toLowerCase(Locale.ROOT))) {
        throw BadInput.unprocessable("openHeaders: " + name + " is set by Portier (use openContentType for Content-Type)");
      }
      if (!(o.getValue(name) instanceof String value)) throw BadInput.unprocessable("openHeaders." + name + " must be a string");
      if (value.length() > 2000) throw BadInput.unprocessable("openHeaders." + name + " must have at most 2000 characters");
      if (value.chars().anyMatch(ch -> ch < 0x20 && ch != '\t' || ch == 0x7f)) {
        throw BadInput.unprocessable("openHeaders." + name + " must not contain control characters");
      }
      if (out.put(name, value) != null) throw BadInput.unprocessable("openHeaders: " + name + " is given twice");
    }
    return out;
  }

  private static Long timeout(Input in) {
    if (!in.has("openTimeout")) return null;
    Object v = in.json().getValue("openTimeout");
    long ms;
    try {
      if (!(v instanceof String s)) throw new IllegalArgumentException();
      ms = Durations.parse(s).toMillis();
    } catch (IllegalArgumentException e) {
      throw BadInput.unprocessable("openTimeout must be a duration like \"3s\" or \"500ms\"");
    }
    if (ms < MIN_TIMEOUT_MS || ms > MAX_TIMEOUT_MS) throw BadInput.unprocessable("openTimeout must be between 100ms and 30s");
    return ms;
  }

  static void httpUrl(String field, String value) {
    try {
      URI u = new URI(value);
      if (!("http".equals(u.getScheme()) || "https".equals(u.getScheme())) || u.getHost() == null) throw new IllegalArgumentException();
    } catch (Exception e) {
      throw BadInput.unprocessable(field + " must be an absolute http(s) URL");
    }
  }

  /** A door row as the operator API shows it; the open headers' values never leave the store. */
  public static JsonObject json(Row r) {
    JsonObject headers = new JsonObject();
    String names = r.getString("OPEN_HEADER_NAMES");
    if (names != null && !names.isEmpty()) for (String n : names.split(",")) headers.put(n, "***");
    Long timeout = r.getLong("OPEN_TIMEOUT_MS");
    return new JsonObject().put("id", r.getLong("ID").toString()).put("houseId", r.getLong("HOUSE_ID").toString())
        .put("panelId", r.getLong("PANEL_ID").toString()).put("doorId", r.getInteger("DOOR_ID"))
        .put("name", r.getString("NAME")).put("icon", r.getString("ICON")).put("dtmf", r.getString("DTMF"))
        .put("snapshotUrl", r.getString("SNAPSHOT_URL")).put("callerId", r.getString("CALLER_ID"))
        .put("openUrl", r.getString("OPEN_URL"))
        .put("openMethod", r.getString("OPEN_METHOD") == null ? "GET" : r.getString("OPEN_METHOD"))
        .put("openBody", r.getString("OPEN_BODY")).put("openContentType", r.getString("OPEN_CONTENT_TYPE"))
        .put("openHeaders", headers).put("openTimeout", timeout == null ? null : duration(timeout));
  }

  static String duration(long ms) {
    return ms % 1000 == 0 ? ms / 1000 + "s" : ms + "ms";
  }

  /** Column names of {@code cols} for an UPDATE's SET list ("a = ?, b = ?"). Names come from this class only. */
  static String setList(Map<String, Object> cols) {
    List<String> parts = new ArrayList<>();
    for (String c : cols.keySet()) parts.add(c + " = ?");
    return String.join(", ", parts);
  }
}
