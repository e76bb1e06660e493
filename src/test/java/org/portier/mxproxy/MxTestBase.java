package org.portier.mxproxy;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpRequest;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.extension.ExtendWith;
import org.portier.testing.TestNode;

/** One node with an [apps] client, a fake provisioning server and the MX actor stand-in. */
@ExtendWith(VertxExtension.class)
abstract class MxTestBase {
  static final String CLIENT = "client1";
  static final String SECRET = "client-secret-1";
  protected Vertx vertx;
  protected TestNode node;
  protected FakeProvisioning provisioning;
  protected MxStandIn mx;

  /** Extra settings of a test class, applied before the node starts. */
  protected void configure(TestNode node) {}

  @BeforeEach
  void startNode(Vertx vertx, VertxTestContext tc) {
    this.vertx = vertx;
    node = TestNode.inTempDir();
    mx = MxStandIn.install(vertx);
    FakeProvisioning.start(vertx).compose(p -> {
      provisioning = p;
      node.set("apps", new JsonObject().put(CLIENT, SECRET).put("client2", "other-secret"));
      node.set("provisioning", p.url());
      node.set("mxproxy.provisioningTimeout", "500ms");
      configure(node);
      return node.start(vertx);
    }).onComplete(tc.succeedingThenComplete());
  }

  @AfterEach
  void stopNode(VertxTestContext tc) {
    mx.close();
    node.stop().compose(v -> provisioning.close()).onComplete(tc.succeedingThenComplete());
  }

  static <T> T await(Future<T> f) throws Exception {
    return f.toCompletionStage().toCompletableFuture().get(15, TimeUnit.SECONDS);
  }

  HttpRequest<Buffer> http(HttpMethod m, String path) {
    return node.http(m, path);
  }

  /** POST /auth as the app with a form body. */
  HttpResponse<Buffer> auth(String client, String secret, String form) throws Exception {
    var req = http(HttpMethod.POST, "/auth");
    if (client != null) req.basicAuthentication(client, secret);
    return await(req.putHeader("Content-Type", "application/x-www-form-urlencoded; charset=utf-8").sendBuffer(Buffer.buffer(form)));
  }

  /** Logs {@code user} in (password pw) and returns the access token. */
  String login(String user) throws Exception {
    HttpResponse<Buffer> r = auth(CLIENT, SECRET, "grant_type=password&username=" + java.net.URLEncoder.encode(user, "UTF-8") + "&password=pw");
    if (r.statusCode() != 200) throw new AssertionError("login of " + user + ": " + TestNode.status(r));
    return r.bodyAsJsonObject().getString("access_token");
  }

  HttpResponse<Buffer> bearer(HttpMethod m, String path, String token) throws Exception {
    var req = http(m, path);
    if (token != null) req.bearerTokenAuthentication(token);
    return await(req.send());
  }

  static JsonObject error(HttpResponse<Buffer> r) {
    return r.bodyAsJsonObject();
  }
}
