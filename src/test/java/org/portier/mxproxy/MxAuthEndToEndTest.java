package org.portier.mxproxy;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.junit5.VertxExtension;
import java.util.Base64;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.portier.mx.MxFixture;
import org.portier.mx.MxSimulator;
import org.portier.testing.TestNode;

/**
 * The two halves together, nothing stood in: POST /auth → a provisioning server → the real MX
 * actor → the MX simulator over TLS; the token then reads the live session, survives the session
 * dropping (503 while reconnecting), and logout ends it at the simulator.
 */
@ExtendWith(VertxExtension.class)
class MxAuthEndToEndTest {
  static final String USER = "alice@example.com";
  static final String CLIENT = "client1";
  static final String SECRET = "client-secret-1";

  private Vertx vertx;
  private MxSimulator sim;
  private HttpServer provisioning;
  private TestNode node;

  private static <T> T get(Future<T> f) throws Exception {
    return f.toCompletionStage().toCompletableFuture().get(20, TimeUnit.SECONDS);
  }

  @BeforeEach
  void start(Vertx vertx) throws Exception {
    this.vertx = vertx;
    sim = MxFixture.simulator(vertx, MxSimulator.User.of("alice", "mx-secret", "273"));
    // provisioning hands out the simulator as alice's MX (csta_port as a string, as the real one does)
    provisioning = get(vertx.createHttpServer().requestHandler(req -> {
      String expected = "Basic " + Base64.getEncoder().encodeToString((USER + ":pw").getBytes());
      if (!expected.equals(req.getHeader("Authorization"))) {
        req.response().setStatusCode(401).end();
        return;
      }
      req.response().putHeader("content-type", "application/json").end(new JsonObject().put("MX", new JsonObject()
          .put("account_name", "alice").put("account_pwd", "mx-secret").put("address", "127.0.0.1")
          .put("csta_port", Integer.toString(sim.port())).put("csta_ssl", true).put("sn", "63022")).encode());
    }).listen(0, "127.0.0.1"));
    node = MxFixture.configure(TestNode.inTempDir());
    node.set("apps", new JsonObject().put(CLIENT, SECRET))
        .set("provisioning", "http://127.0.0.1:" + provisioning.actualPort() + "/config");
    get(node.start(vertx));
  }

  @AfterEach
  void stop() throws Exception {
    get(node.stop());
    get(provisioning.close());
    get(sim.close());
  }

  private String login() throws Exception {
    HttpResponse<Buffer> r = get(node.http(HttpMethod.POST, "/auth").basicAuthentication(CLIENT, SECRET)
        .sendForm(MultiMap.caseInsensitiveMultiMap().add("grant_type", "password").add("username", USER).add("password", "pw")));
    assertThat(r.statusCode()).as(TestNode.status(r)).isEqualTo(200);
    assertThat(r.bodyAsJsonObject().getString("token_type")).isEqualTo("Bearer");
    return r.bodyAsJsonObject().getString("access_token");
  }

  private HttpResponse<Buffer> session(String token) throws Exception {
    return get(node.http(HttpMethod.GET, "/auth").bearerTokenAuthentication(token).send());
  }

  @Test
  void loginReadsTheLiveSessionSurvivesADropAndLogsOut() throws Exception {
    String token = login();
    HttpResponse<Buffer> s = session(token);
    assertThat(s.statusCode()).as(TestNode.status(s)).isEqualTo(200);
    assertThat(s.bodyAsJsonObject().getString("ext")).isEqualTo("273");
    assertThat(s.bodyAsJsonObject().getValue("jid")).isInstanceOf(String.class);

    // a second device of the same user shares the one MX session
    String second = login();
    assertThat(session(second).statusCode()).isEqualTo(200);
    assertThat(sim.sessionsAccepted()).isEqualTo(1);
    var connections = get(node.admin(HttpMethod.GET, "/connections").send()).bodyAsJsonObject();
    assertThat(connections.getJsonArray("connections").getJsonObject(0).getString("state")).isEqualTo("READY");
    assertThat(connections.encode()).doesNotContain("mx-secret");

    // MX drops the session: while the actor reconnects the token answers 503 with Retry-After (never
    // 401, which would send the app back to login); once the new session is up, 200 again
    sim.closeAbruptly("alice");
    long deadline = System.currentTimeMillis() + 10_000;
    HttpResponse<Buffer> now = session(token);
    while (!(now.statusCode() == 200 && sim.sessionsAccepted() == 2) && System.currentTimeMillis() < deadline) {
      assertThat(now.statusCode()).as(TestNode.status(now)).isIn(200, 503);
      if (now.statusCode() == 503) assertThat(now.getHeader("Retry-After")).isNotBlank();
      now = session(token);
    }
    assertThat(now.statusCode()).as(TestNode.status(now)).isEqualTo(200);
    assertThat(sim.sessionsAccepted()).isEqualTo(2);

    // logout ends the MX session (the simulator sees <logout/>) and the token stops working
    HttpResponse<Buffer> out = get(node.http(HttpMethod.DELETE, "/auth").bearerTokenAuthentication(token).send());
    assertThat(out.statusCode()).as(TestNode.status(out)).isEqualTo(200);
    assertThat(out.bodyAsJsonObject().getString("userLogout")).isEqualTo(USER);
    get(sim.awaitFrame(f -> "logout".equals(f.name())));
    assertThat(session(token).statusCode()).isEqualTo(401);
  }
}
