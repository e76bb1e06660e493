package org.portier.door;

import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpRequest;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.codec.BodyCodec;
import java.net.ConnectException;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.portier.security.SecretBox;

/**
 * A door's open request as configured by the operator, ready to send: the URL and body templates,
 * the method, the content type, the (decrypted) headers and the timeout. {@link #send} answers
 * with null on a 2xx, or the reason of the failure in words an operator understands; it never
 * fails the future and never puts the URL or the headers (which may hold secrets) in the reason.
 */
record OpenAction(String url, String method, String body, String contentType, Map<String, String> headers, long timeoutMs) {

  /** The door row's action; null when the door has none. Throws IllegalStateException when the headers cannot be decrypted. */
  static OpenAction of(io.vertx.sqlclient.Row door, SecretBox secrets, long defaultTimeoutMs) {
    String url = door.getString("OPEN_URL");
    if (url == null) return null;
    String method = door.getString("OPEN_METHOD") == null ? "GET" : door.getString("OPEN_METHOD");
    Map<String, String> headers = Map.of();
    String sealed = door.getString("OPEN_HEADERS_ENC");
    if (sealed != null) {
      Map<String, String> h = new java.util.LinkedHashMap<>();
      new JsonObject(secrets.decrypt(sealed)).forEach(e -> h.put(e.getKey(), String.valueOf(e.getValue())));
      headers = h;
    }
    Long timeout = door.getLong("OPEN_TIMEOUT_MS");
    return new OpenAction(url, method, door.getString("OPEN_BODY"), door.getString("OPEN_CONTENT_TYPE"), headers,
        timeout == null ? defaultTimeoutMs : timeout);
  }

  Future<String> send(WebClient web, Map<String, String> values) {
    HttpRequest<Void> req;
    try {
      req = web.requestAbs(HttpMethod.valueOf(method), OpenTemplate.fill(url, values, OpenTemplate::urlEncode))
          .connectTimeout(timeoutMs).timeout(timeoutMs).followRedirects(false).as(BodyCodec.none());
    } catch (RuntimeException e) {
      return Future.succeededFuture("the open URL cannot be sent: " + e.getClass().getSimpleName());
    }
    headers.forEach(req::putHeader);
    Future<io.vertx.ext.web.client.HttpResponse<Void>> sent;
    if (body == null || "GET".equals(method)) {
      sent = req.send();
    } else {
      String ct = contentType == null ? "application/json" : contentType;
      req.putHeader("Content-Type", ct);
      sent = req.sendBuffer(Buffer.buffer(OpenTemplate.fill(body, values, OpenTemplate.escaperFor(ct))));
    }
    // one deadline for the whole exchange (connect, send, answer), whatever the client's own timeouts measure
    return sent.timeout(timeoutMs, TimeUnit.MILLISECONDS)
        .map(r -> r.statusCode() / 100 == 2 ? (String) null : "the panel answered HTTP " + r.statusCode())
        .otherwise(this::reason);
  }

  private String reason(Throwable e) {
    for (Throwable c = e; c != null; c = c.getCause()) {
      if (c instanceof TimeoutException || c.getClass().getSimpleName().contains("Timeout")) {
        return "the panel did not answer within " + DoorFields.duration(timeoutMs);
      }
      if (c instanceof ConnectException) return "cannot connect to the panel (" + c.getClass().getSimpleName() + ")";
      if (c instanceof java.net.UnknownHostException) return "the panel's host name does not resolve";
      if (c instanceof javax.net.ssl.SSLException) return "TLS failure talking to the panel";
    }
    return "the request to the panel failed (" + e.getClass().getSimpleName() + ")";
  }
}
