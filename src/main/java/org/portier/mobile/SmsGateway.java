package org.portier.mobile;

import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.Json;
import io.vertx.ext.web.client.HttpRequest;
import io.vertx.ext.web.client.HttpResponse;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.portier.config.Config;
import org.portier.http.Faces;
import org.portier.security.Secrets;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Delivers a one-time code through the operator's HTTP SMS gateway (config otp.sms.*): the URL and
 * the body are templates with {phone} and {code}, escaped for where they land (URL-encoded in the
 * URL and in form bodies, JSON-escaped in JSON bodies). Any non-2xx answer or timeout is a failure.
 */
final class SmsGateway {
  private static final Logger LOG = LoggerFactory.getLogger(SmsGateway.class);
  private static final Pattern PLACEHOLDER = Pattern.compile("\\{(phone|code)}");

  private SmsGateway() {}

  static boolean configured(Config c) {
    return !c.string("otp.sms.url").isEmpty();
  }

  static Future<Void> send(Faces faces, Config c, String phone, String code) {
    String method = c.string("otp.sms.httpMethod");
    String contentType = c.string("otp.sms.contentType");
    HttpRequest<Buffer> req;
    try {
      req = faces.web().requestAbs(HttpMethod.valueOf(method), fill(c.string("otp.sms.url"), phone, code, SmsGateway::urlEncode))
          .timeout(c.duration("otp.sms.timeout").toMillis());
    } catch (RuntimeException e) {
      return Future.failedFuture(e);
    }
    if (!"GET".equals(method)) req.putHeader("Content-Type", contentType);
    for (Map.Entry<String, Object> h : c.table("otp.sms.headers")) req.putHeader(h.getKey(), String.valueOf(h.getValue()));
    Future<HttpResponse<Buffer>> sent = "GET".equals(method) ? req.send()
        : req.sendBuffer(Buffer.buffer(fill(c.string("otp.sms.body"), phone, code, escaperFor(contentType))));
    return sent.compose(r -> {
      if (r.statusCode() / 100 == 2) return Future.<Void>succeededFuture();
      return Future.<Void>failedFuture("the SMS gateway answered HTTP " + r.statusCode());
    }).onFailure(e -> LOG.warn("SMS with a code for {} not delivered: {}", Secrets.mask(phone),
        // a client error message may quote the URL, and the URL may carry the code
        String.valueOf(e.getMessage()).replace(code, "****")));
  }

  /** Replaces {phone} and {code} in one pass, so a value can never introduce another placeholder. */
  static String fill(String template, String phone, String code, UnaryOperator<String> escape) {
    Matcher m = PLACEHOLDER.matcher(template);
    StringBuilder out = new StringBuilder();
    while (m.find()) m.appendReplacement(out, Matcher.quoteReplacement(escape.apply("phone".equals(m.group(1)) ? phone : code)));
    m.appendTail(out);
    return out.toString();
  }

  static UnaryOperator<String> escaperFor(String contentType) {
    String ct = contentType.toLowerCase(Locale.ROOT);
    if (ct.contains("json")) return SmsGateway::jsonEscape;
    if (ct.contains("x-www-form-urlencoded")) return SmsGateway::urlEncode;
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
