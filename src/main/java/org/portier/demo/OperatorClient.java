package org.portier.demo;

import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpRequest;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;

/**
 * The demo's sample data goes in through Portier's own operator API (the integration face, with
 * the demo key), exactly as an operator's system would put it in: same validation, same
 * transactions, same pushes to the outbox. Nothing is written behind the API's back.
 */
final class OperatorClient {
  private final WebClient web;
  private final String host;
  private final int port;
  private final String prefix;

  OperatorClient(WebClient web, String host, int port, String prefix) {
    this.web = web;
    this.host = host;
    this.port = port;
    this.prefix = prefix.endsWith("/") ? prefix.substring(0, prefix.length() - 1) : prefix;
  }

  Future<JsonArray> list(String path) {
    return send(HttpMethod.GET, path + (path.contains("?") ? "&" : "?") + "limit=1000", null).map(HttpResponse::bodyAsJsonArray);
  }

  Future<JsonObject> post(String path, JsonObject body) {
    return send(HttpMethod.POST, path, body).map(HttpResponse::bodyAsJsonObject);
  }

  Future<JsonObject> patch(String path, JsonObject body) {
    return send(HttpMethod.PATCH, path, body).map(HttpResponse::bodyAsJsonObject);
  }

  private Future<HttpResponse<Buffer>> send(HttpMethod method, String path, JsonObject body) {
    HttpRequest<Buffer> req = web.request(method, port, host, prefix + path).bearerTokenAuthentication(DemoAccounts.OPERATOR_KEY);
    return (body == null ? req.send() : req.sendJsonObject(body)).compose(r -> r.statusCode() / 100 == 2
        ? Future.succeededFuture(r)
        : Future.failedFuture("demo data: " + method + " " + path + " -> " + r.statusCode() + " " + r.bodyAsString()));
  }
}
