package org.portier.door;

import io.vertx.core.json.Json;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Fills a door's open-request template: {panelId}, {doorId}, {flatNumber} and {subscriberPhone},
 * each escaped for where it lands (URL-encoded in the URL and in form bodies, JSON-escaped in JSON
 * bodies). One pass, so a value can never introduce another placeholder.
 */
final class OpenTemplate {
  private static final Pattern PLACEHOLDER = Pattern.compile("\\{(panelId|doorId|flatNumber|subscriberPhone)}");

  private OpenTemplate() {}

  static String fill(String template, Map<String, String> values, UnaryOperator<String> escape) {
    Matcher m = PLACEHOLDER.matcher(template);
    StringBuilder out = new StringBuilder();
    while (m.find()) m.appendReplacement(out, Matcher.quoteReplacement(escape.apply(values.getOrDefault(m.group(1), ""))));
    m.appendTail(out);
    return out.toString();
  }

  static UnaryOperator<String> escaperFor(String contentType) {
    String ct = contentType == null ? "" : contentType.toLowerCase(Locale.ROOT);
    if (ct.contains("json")) return OpenTemplate::jsonEscape;
    if (ct.contains("x-www-form-urlencoded")) return OpenTemplate::urlEncode;
    return UnaryOperator.identity();
  }

  /** The value as it appears inside a JSON string literal (the template supplies the quotes). */
  static String jsonEscape(String s) {
    String quoted = Json.encode(s);
    return quoted.substring(1, quoted.length() - 1);
  }

  static String urlEncode(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }
}
