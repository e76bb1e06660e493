package org.portier.mxproxy;

import io.vertx.core.Future;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.WebClient;
import java.net.ConnectException;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The provisioning lookup of POST /auth: GET &lt;provisioning&gt; with the user's Basic
 * credentials; only the "MX" object of the answer is used. Unlike MX Proxy, a document without
 * "MX" or with broken JSON is a 502 (never a crash) and csta_port may be a number or a string.
 */
final class Provisioning {
  /** Where and as whom the user's MX session logs in. */
  record MxAccount(String host, int port, String login, String password) {
    @Override
    public String toString() {
      return "MxAccount[" + host + ":" + port + ", " + login + ", ***]";
    }
  }

  private Provisioning() {}

  static Future<MxAccount> lookup(WebClient web, String url, Credentials user, Duration timeout) {
    long ms = timeout.toMillis();
    return web.getAbs(url).putHeader("Authorization", user.header()).putHeader("Accept", "application/json")
        .putHeader("User-Agent", "Portier (MXProxy/2.1 compatible)").followRedirects(false)
        .connectTimeout(ms).timeout(ms).send()
        // one deadline for the whole exchange, whatever the client's own timeouts measure
        .timeout(ms, TimeUnit.MILLISECONDS)
        .recover(e -> Future.failedFuture(transport(e)))
        .map(r -> {
          int status = r.statusCode();
          // MX Proxy passed an error status through with its reason phrase; anything else (a redirect, 204...) is not an answer
          if (status >= 400 && status <= 599) throw new MxError(status, HttpResponseStatus.valueOf(status).reasonPhrase());
          if (status != 200) throw new MxError(502, "bad provisioning response: HTTP " + status);
          return account(r.bodyAsString());
        });
  }

  static MxAccount account(String body) {
    Object doc;
    try {
      doc = body == null ? null : io.vertx.core.json.Json.decodeValue(body);
    } catch (io.vertx.core.json.DecodeException e) {
      throw new MxError(502, "bad provisioning response: not JSON");
    }
    if (!(doc instanceof JsonObject o)) throw new MxError(502, "bad provisioning response: not a JSON object");
    if (!(o.getValue("MX") instanceof JsonObject mx)) throw new MxError(502, "bad provisioning response: no MX section");
    String name = text(mx, "account_name");
    String pwd = text(mx, "account_pwd");
    String address = text(mx, "address");
    String port = text(mx, "csta_port");
    if (name.isEmpty() || pwd.isEmpty() || address.isEmpty() || port.isEmpty()) throw new MxError(403, "mx provisioning is not configured");
    if (!Boolean.TRUE.equals(mx.getValue("csta_ssl"))) throw new MxError(403, "unprotected connection to mx server is not supported");
    int p;
    try {
      p = Integer.parseInt(port);
    } catch (NumberFormatException e) {
      throw new MxError(502, "bad provisioning response: csta_port is not a port number");
    }
    if (p < 1 || p > 65535) throw new MxError(502, "bad provisioning response: csta_port is not a port number");
    return new MxAccount(address, p, name, pwd);
  }

  /** A string field, or a whole number given as a JSON number (csta_port); "" when absent. */
  private static String text(JsonObject mx, String field) {
    Object v = mx.getValue(field);
    if (v instanceof String s) return s.trim();
    // exactly as sent (a BigInteger stays too big for a port rather than wrapping into one)
    if (v instanceof Number n && org.portier.http.Input.wholeNumber(n) != null) return n.toString();
    if (v == null) return "";
    throw new MxError(502, "bad provisioning response: " + field + " has the wrong type");
  }

  private static MxError transport(Throwable e) {
    for (Throwable c = e; c != null; c = c.getCause()) {
      if (c instanceof TimeoutException || c.getClass().getSimpleName().contains("Timeout")) {
        return new MxError(504, "provisioning server timeout");
      }
    }
    if (e instanceof ConnectException) return new MxError(503, "provisioning server unavailable: cannot connect");
    // no exception class name in the client's message: it tells the app nothing and shows our internals
    return new MxError(503, "provisioning server unavailable: the connection failed");
  }
}
