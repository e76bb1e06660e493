package org.portier.mxproxy;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonObject;

/**
 * A provisioning server for the tests: checks the user's Basic credentials (password "pw") and
 * answers by the user name's prefix: ok (csta_port a string), numport (a number), e401 (wrong
 * credentials), e500, badjson, nomx, empty (fields blank), nossl, slow (never answers).
 */
final class FakeProvisioning {
  static final String PASSWORD = "pw";
  private final HttpServer server;
  volatile int requests;

  private FakeProvisioning(HttpServer server) {
    this.server = server;
  }

  static Future<FakeProvisioning> start(Vertx vertx) {
    HttpServer server = vertx.createHttpServer();
    FakeProvisioning p = new FakeProvisioning(server);
    server.requestHandler(req -> {
      p.requests++;
      Credentials c = Credentials.basic(req.getHeader("Authorization"));
      if (c == null || !PASSWORD.equals(c.password()) || c.user().startsWith("e401")) {
        req.response().setStatusCode(401).end("{\"error\":\"unauthorized\"}");
        return;
      }
      String u = c.user();
      JsonObject mx = new JsonObject().put("account_name", "mx-" + u.replaceAll("@.*", "")).put("account_pwd", "mx-secret")
          .put("address", "10.0.0.1").put("csta_port", "7778").put("csta_ssl", true).put("sn", "63022");
      if (u.startsWith("slow")) return; // never answers
      if (u.startsWith("e500")) req.response().setStatusCode(500).end("boom");
      else if (u.startsWith("badjson")) req.response().end("{\"MX\": {");
      else if (u.startsWith("nomx")) req.response().end(new JsonObject().put("other", new JsonObject()).encode());
      else if (u.startsWith("empty")) req.response().end(new JsonObject().put("MX", mx.put("account_pwd", "")).encode());
      else if (u.startsWith("nossl")) req.response().end(new JsonObject().put("MX", mx.put("csta_ssl", false)).encode());
      else if (u.startsWith("numport")) req.response().end(new JsonObject().put("MX", mx.put("csta_port", 7779)).encode());
      else req.response().putHeader("content-type", "application/json").end(new JsonObject().put("MX", mx).encode());
    });
    return server.listen(0, "127.0.0.1").map(s -> p);
  }

  String url() {
    return "http://127.0.0.1:" + server.actualPort() + "/config";
  }

  Future<Void> close() {
    return server.close();
  }
}
