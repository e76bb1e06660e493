package org.portier.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import io.vertx.junit5.VertxExtension;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.portier.testing.TestNode;

/** GET /health and GET /ready on the public listener: no auth, no details, 503 when the store is gone. */
@ExtendWith(VertxExtension.class)
class PublicHealthTest {
  private TestNode node;

  @BeforeEach
  void start(Vertx vertx) throws Exception {
    node = TestNode.inTempDir();
    get(node.start(vertx));
  }

  @AfterEach
  void stop() throws Exception {
    get(node.stop());
  }

  static <T> T get(Future<T> f) throws Exception {
    return f.toCompletionStage().toCompletableFuture().get(20, TimeUnit.SECONDS);
  }

  @Test
  void bothAnswerWithoutAuthAndWithoutDetails() throws Exception {
    for (String path : new String[] {"/health", "/ready"}) {
      var r = get(node.http(HttpMethod.GET, path).send());
      assertThat(r.statusCode()).as(path).isEqualTo(200);
      assertThat(r.bodyAsString()).as(path).isEqualTo("{\"status\":\"ok\"}");
      assertThat(r.getHeader("content-type")).startsWith("application/json");
    }
    // the admin listener keeps its detailed /health
    var admin = get(node.admin(HttpMethod.GET, "/health").send());
    assertThat(admin.bodyAsJsonObject().containsKey("storeLatencyMs")).isTrue();
  }

  @Test
  void readyIs503OnceTheStoreIsGone() throws Exception {
    get(node.portier().store().close());
    var ready = get(node.http(HttpMethod.GET, "/ready").send());
    assertThat(ready.statusCode()).isEqualTo(503);
    assertThat(ready.bodyAsString()).isEqualTo("{\"status\":\"unavailable\"}");
    // liveness does not depend on the store
    var health = get(node.http(HttpMethod.GET, "/health").send());
    assertThat(health.statusCode()).isEqualTo(200);
  }
}
