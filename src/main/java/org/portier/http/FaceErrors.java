package org.portier.http;

import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.JsonObject;
import org.portier.config.Config;

/**
 * Answers for client mistakes the listener catches before a face sees the request (framing,
 * encoding, Host, unreadable bodies), in the error format of the face whose prefix the path is
 * under, so a client reads them like the face's own errors: the mobile envelope
 * {code, name, message}, the integration face's {status, error, message}, and {"error": "..."}
 * for the SIP realtime face and the MX face at the server root.
 */
final class FaceErrors {
  private final String mobile;
  private final String integration;
  private final String sip;

  /** The prefixes are listener settings: read once, like the faces read them. */
  FaceErrors(Config config) {
    this.mobile = config.string("mobile.prefix");
    this.integration = config.string("integration.prefix");
    this.sip = config.string("sip.prefix");
  }

  /** 413 for a body over http.bodyLimit, in the words each face has always used for it. */
  void tooLarge(HttpServerResponse res, String path, Object limit) {
    String p = path == null ? "/" : path;
    send(res, p, 413, p.startsWith(mobile) ? "the request body is too large (at most " + limit + " bytes)" : "the request body is too large");
  }

  /** 400 for a body that could not be read (broken chunks, a broken form encoding), in each face's words. */
  void unreadable(HttpServerResponse res, String path) {
    String p = path == null ? "/" : path;
    boolean mx = !p.startsWith(mobile) && !p.startsWith(integration) && !p.startsWith(sip);
    send(res, p, 400, mx ? "malformed request body" : "the request body could not be read");
  }

  void send(HttpServerResponse res, String path, int status, String message) {
    if (res.ended() || res.closed()) return;
    String p = path == null ? "/" : path;
    JsonObject body;
    if (p.startsWith(mobile)) {
      res.putHeader("Access-Control-Allow-Origin", "*");
      body = new JsonObject().put("code", status).put("name", mobileName(status)).put("message", message);
    } else if (p.startsWith(integration)) {
      body = new JsonObject().put("status", status).put("error", reason(status)).put("message", message);
    } else if (p.startsWith(sip)) {
      body = new JsonObject().put("error", message);
    } else {
      res.putHeader("Server", "Portier");
      body = new JsonObject().put("error", message);
    }
    res.setStatusCode(status).putHeader("content-type", "application/json; charset=utf-8").end(body.encode());
  }

  /** The mobile envelope's short names (in the reference server's language), as the apps show them. */
  private static String mobileName(int status) {
    return switch (status) {
      case 400 -> "Неверный запрос";
      case 413 -> "Слишком большой запрос";
      case 503 -> "Сервис недоступен";
      default -> status >= 500 ? "Внутренняя ошибка сервера" : "Ошибка";
    };
  }

  private static String reason(int status) {
    return switch (status) {
      case 400 -> "Bad Request";
      case 413 -> "Payload Too Large";
      case 414 -> "URI Too Long";
      case 415 -> "Unsupported Media Type";
      case 431 -> "Request Header Fields Too Large";
      case 503 -> "Service Unavailable";
      default -> "Error";
    };
  }
}
