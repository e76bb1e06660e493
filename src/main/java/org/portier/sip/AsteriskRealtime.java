package org.portier.sip;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.portier.bus.Addresses;
import org.portier.config.Config;
import org.portier.http.Faces;

/**
 * Asterisk res_config_curl for the PJSIP sorcery families ps_endpoints, ps_auths and ps_aors, built
 * from the live door-call legs. Protocol (res_config_curl.c, func_curl.c): Asterisk POSTs to
 * {@code <url>/single} or {@code <url>/multi} a body of URI-encoded {@code name=value} pairs joined by
 * {@code &}, where a name may carry an operator after a space ({@code id LIKE=%}); it reads back the
 * same encoding: one row {@code key=value&key=value} for single (text after the first line break is
 * ignored), one row per line for multi, an empty body for no match. Writes (store, update, destroy)
 * expect a row count, require expects 0 for "fine", static expects config lines: Portier's rows are
 * read-only, so writes answer "0" (no row changed, which Asterisk takes as not done), require "0" and
 * static an empty body.
 */
final class AsteriskRealtime {
  private static final Set<String> FAMILIES = Set.of("ps_endpoints", "ps_auths", "ps_aors");

  private AsteriskRealtime() {}

  /** One lookup condition: field, operator ("=" when none), value. */
  record Condition(String field, String op, String value) {}

  static void handle(RoutingContext ctx, Faces faces) {
    String family = ctx.pathParam("family");
    String op = ctx.pathParam("operation");
    if (!FAMILIES.contains(family)) {
      SipRealtimeRoutes.error(ctx, 404, "no realtime family \"" + family + "\"; served: ps_endpoints, ps_auths, ps_aors");
      return;
    }
    switch (op) {
      case "single", "multi" -> lookup(ctx, faces, family, "single".equals(op));
      case "store", "update", "destroy", "require" -> text(ctx, "0");
      case "static" -> text(ctx, "");
      default -> SipRealtimeRoutes.error(ctx, 404, "no realtime operation \"" + op + "\"");
    }
  }

  private static void lookup(RoutingContext ctx, Faces faces, String family, boolean single) {
    String body = ctx.body() == null || ctx.body().buffer() == null ? "" : ctx.body().buffer().toString(StandardCharsets.UTF_8);
    List<Condition> conditions = parse(body.isBlank() && ctx.request().query() != null ? ctx.request().query() : body);
    Config config = faces.config().get();
    SipRealtimeRoutes.ask(faces, Addresses.DOORCALL_LIVE, new JsonObject()).compose(live -> {
      List<Map<String, String>> rows = new ArrayList<>();
      JsonArray legs = live.getJsonArray("legs", new JsonArray());
      for (int i = 0; i < legs.size(); i++) {
        Map<String, String> row = row(family, legs.getJsonObject(i), config);
        if (matches(row, conditions)) rows.add(row);
      }
      rows.sort((a, b) -> a.get("id").compareTo(b.get("id")));
      if (single && rows.size() > 1) rows = rows.subList(0, 1);
      // The phone's registration is when Asterisk reads its auth: count it as the credential fetch.
      Future<?> mark = single && "ps_auths".equals(family) && !rows.isEmpty()
          ? SipRealtimeRoutes.ask(faces, Addresses.DOORCALL_CREDENTIALS, new JsonObject().put("extension", rows.get(0).get("id"))).otherwiseEmpty()
          : Future.succeededFuture();
      List<Map<String, String>> out = rows;
      return mark.map(v -> out);
    }).onSuccess(rows -> {
      StringBuilder sb = new StringBuilder();
      for (Map<String, String> r : rows) sb.append(encodeRow(r)).append('\n');
      text(ctx, sb.toString());
    }).onFailure(ctx::fail);
  }

  /** The sorcery row of one live leg for {@code family}. */
  static Map<String, String> row(String family, JsonObject leg, Config c) {
    String ext = leg.getString("extension");
    Map<String, String> r = new LinkedHashMap<>();
    r.put("id", ext);
    switch (family) {
      case "ps_endpoints" -> {
        if (!c.string("sip.asteriskTransport").isEmpty()) r.put("transport", c.string("sip.asteriskTransport"));
        r.put("aors", ext);
        r.put("auth", ext);
        r.put("context", c.string("sip.asteriskContext"));
        r.put("disallow", "all");
        r.put("allow", c.string("sip.asteriskCodecs"));
        r.put("dtmf_mode", "rfc4733");
        r.put("rtp_symmetric", "yes");
        r.put("force_rport", "yes");
        r.put("rewrite_contact", "yes");
        r.put("direct_media", "no");
        r.put("ice_support", "yes");
        r.put("timers", "no");
      }
      case "ps_auths" -> {
        r.put("auth_type", "userpass");
        r.put("username", ext);
        r.put("password", leg.getString("password"));
        r.put("realm", c.string("sip.realm"));
      }
      default -> {
        r.put("max_contacts", "1");
        r.put("remove_existing", "yes");
      }
    }
    return r;
  }

  /** Parses Asterisk's lookup body: {@code name[ OP]=value&...}, both sides URI-encoded. */
  static List<Condition> parse(String body) {
    List<Condition> out = new ArrayList<>();
    String firstLine = body.split("[\r\n]", 2)[0];
    for (String pair : firstLine.split("&")) {
      if (pair.isEmpty()) continue;
      int eq = pair.indexOf('=');
      String name = decode(eq < 0 ? pair : pair.substring(0, eq)).trim();
      String value = eq < 0 ? "" : decode(pair.substring(eq + 1));
      if (name.isEmpty()) continue;
      int space = name.indexOf(' ');
      String field = space < 0 ? name : name.substring(0, space);
      String op = space < 0 ? "=" : name.substring(space + 1).trim().toUpperCase(Locale.ROOT);
      out.add(new Condition(field, op, value));
    }
    return out;
  }

  /** True when the row satisfies every condition (an unknown field or operator matches nothing, as SQL would fail). */
  static boolean matches(Map<String, String> row, List<Condition> conditions) {
    for (Condition c : conditions) {
      String v = row.get(c.field());
      if (v == null) return false;
      boolean ok = switch (c.op()) {
        case "=", "==" -> v.equals(c.value());
        case "!=", "<>" -> !v.equals(c.value());
        case "LIKE" -> like(c.value()).matcher(v).matches();
        case "NOT LIKE" -> !like(c.value()).matcher(v).matches();
        case "<" -> v.compareTo(c.value()) < 0;
        case "<=" -> v.compareTo(c.value()) <= 0;
        case ">" -> v.compareTo(c.value()) > 0;
        case ">=" -> v.compareTo(c.value()) >= 0;
        default -> false;
      };
      if (!ok) return false;
    }
    return true;
  }

  /** SQL LIKE: % any run, _ one character, everything else literal. */
  private static Pattern like(String pattern) {
    StringBuilder re = new StringBuilder();
    for (char ch : pattern.toCharArray()) {
      if (ch == '%') re.append(".*");
      else if (ch == '_') re.append('.');
      else re.append(Pattern.quote(String.valueOf(ch)));
    }
    return Pattern.compile(re.toString(), Pattern.DOTALL);
  }

  static String encodeRow(Map<String, String> row) {
    StringBuilder sb = new StringBuilder();
    for (Map.Entry<String, String> e : row.entrySet()) {
      if (sb.length() > 0) sb.append('&');
      sb.append(encode(e.getKey())).append('=').append(encode(e.getValue()));
    }
    return sb.toString();
  }

  /** Percent-encodes everything but RFC 3986 unreserved characters (Asterisk's ast_uri_decode reads %XX only, not '+'). */
  static String encode(String s) {
    StringBuilder sb = new StringBuilder();
    for (byte b : s.getBytes(StandardCharsets.UTF_8)) {
      char ch = (char) (b & 0xff);
      if ((ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') || (ch >= '0' && ch <= '9') || ch == '-' || ch == '.' || ch == '_' || ch == '~') {
        sb.append(ch);
      } else {
        sb.append('%').append(Character.toUpperCase(Character.forDigit((b >> 4) & 0xf, 16)))
            .append(Character.toUpperCase(Character.forDigit(b & 0xf, 16)));
      }
    }
    return sb.toString();
  }

  /** Decodes %XX (and '+' as space, as form encoding has it); a malformed escape is kept as text. */
  static String decode(String s) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (int i = 0; i < s.length(); i++) {
      char ch = s.charAt(i);
      if (ch == '%' && i + 2 < s.length() && isHex(s.charAt(i + 1)) && isHex(s.charAt(i + 2))) {
        out.write(Integer.parseInt(s.substring(i + 1, i + 3), 16));
        i += 2;
      } else if (ch == '+') {
        out.write(' ');
      } else {
        byte[] b = String.valueOf(ch).getBytes(StandardCharsets.UTF_8);
        out.write(b, 0, b.length);
      }
    }
    return out.toString(StandardCharsets.UTF_8);
  }

  private static boolean isHex(char c) {
    return Character.digit(c, 16) >= 0;
  }

  private static void text(RoutingContext ctx, String body) {
    if (ctx.response().ended()) return;
    ctx.response().putHeader("content-type", "text/plain; charset=utf-8").end(body);
  }
}
