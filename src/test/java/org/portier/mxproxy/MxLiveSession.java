package org.portier.mxproxy;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.portier.mx.MxFixture;
import org.portier.mx.MxSimulator;
import org.portier.testing.TestNode;

/**
 * A real MX session for the MX face's end-to-end tests, nothing stood in: the simulator with one
 * user, a provisioning server that hands out the simulator, a started node, and the user's token
 * from a real {@code POST /auth}.
 */
public final class MxLiveSession {
  public static final String USER = "alice@example.com";
  public static final String MX = "alice";
  public static final String EXT = "273";

  public final MxSimulator sim;
  public final TestNode node;
  public final String token;
  private final HttpServer provisioning;

  private MxLiveSession(MxSimulator sim, HttpServer provisioning, TestNode node, String token) {
    this.sim = sim;
    this.provisioning = provisioning;
    this.node = node;
    this.token = token;
  }

  /**
   * Answers the provisioning request of a user other than the session's own (the Basic user name
   * is {@code user}); returns false to leave the request to the default answer (the session's MX
   * account on the simulator).
   */
  interface ProvisioningScript {
    boolean answer(MxSimulator sim, String user, HttpServerRequest req);
  }

  /** {@code tweak} may set config keys before the node starts. */
  public static MxLiveSession start(Vertx vertx, Consumer<TestNode> tweak) throws Exception {
    return start(vertx, tweak, (sim, user, req) -> false);
  }

  /** As {@link #start(Vertx, Consumer)}, with provisioning answers scripted per user name. */
  static MxLiveSession start(Vertx vertx, Consumer<TestNode> tweak, ProvisioningScript script) throws Exception {
    MxSimulator sim = MxFixture.simulator(vertx, MxSimulator.User.of(MX, "mx-secret", EXT));
    HttpServer provisioning = get(vertx.createHttpServer().requestHandler(req -> {
      Credentials c = Credentials.basic(req.getHeader("Authorization"));
      if (c != null && script.answer(sim, c.user(), req)) return;
      req.response().putHeader("content-type", "application/json")
          .end(new JsonObject().put("MX", new JsonObject().put("account_name", MX).put("account_pwd", "mx-secret")
              .put("address", "127.0.0.1").put("csta_port", sim.port()).put("csta_ssl", true).put("sn", "63022")).encode());
    }).listen(0, "127.0.0.1"));
    TestNode node = MxFixture.configure(TestNode.inTempDir());
    node.set("apps", new JsonObject().put("client1", "client-secret-1"))
        .set("provisioning", "http://127.0.0.1:" + provisioning.actualPort() + "/config");
    tweak.accept(node);
    get(node.start(vertx));
    HttpResponse<Buffer> r = get(node.http(HttpMethod.POST, "/auth").basicAuthentication("client1", "client-secret-1")
        .sendForm(MultiMap.caseInsensitiveMultiMap().add("grant_type", "password").add("username", USER).add("password", "pw")));
    assertThat(r.statusCode()).as(TestNode.status(r)).isEqualTo(200);
    return new MxLiveSession(sim, provisioning, node, r.bodyAsJsonObject().getString("access_token"));
  }

  public void stop() throws Exception {
    get(node.stop());
    get(provisioning.close());
    get(sim.close());
  }

  private static <T> T get(Future<T> f) throws Exception {
    return f.toCompletionStage().toCompletableFuture().get(20, TimeUnit.SECONDS);
  }
}
