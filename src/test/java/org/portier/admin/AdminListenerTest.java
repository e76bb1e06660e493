package org.portier.admin;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import io.vertx.junit5.VertxExtension;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.util.Collections;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.portier.testing.TestNode;

@ExtendWith(VertxExtension.class)
class AdminListenerTest {
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

  private static <T> T get(Future<T> f) throws Exception {
    return f.toCompletionStage().toCompletableFuture().get(15, TimeUnit.SECONDS);
  }

  @Test
  void healthNeedsTheTokenAndReportsTheStore() throws Exception {
    var ok = get(node.admin(HttpMethod.GET, "/health").send());
    assertThat(ok.statusCode()).isEqualTo(200);
    assertThat(ok.bodyAsJsonObject().getString("status")).isEqualTo("ok");
    assertThat(ok.bodyAsJsonObject().getString("store")).isEqualTo("ok");
    assertThat(ok.bodyAsJsonObject().getLong("configVersion")).isEqualTo(1L);
    assertThat(ok.bodyAsString()).doesNotContain(TestNode.ADMIN_TOKEN).doesNotContain(TestNode.API_KEY);

    var none = get(node.client().request(HttpMethod.GET, node.adminPort, "127.0.0.1", "/health").send());
    assertThat(none.statusCode()).isEqualTo(401);
    assertThat(none.bodyAsJsonObject().getString("error")).contains("admin token");
    var wrong = get(node.client().request(HttpMethod.GET, node.adminPort, "127.0.0.1", "/health").bearerTokenAuthentication("nope").send());
    assertThat(wrong.statusCode()).isEqualTo(403);
    var unknown = get(node.admin(HttpMethod.GET, "/nothing").send());
    assertThat(unknown.statusCode()).isEqualTo(404);
    assertThat(unknown.bodyAsJsonObject().getString("error")).isNotBlank();
  }

  @Test
  void listensOnLoopbackOnly() throws Exception {
    // find a non-loopback address of this machine, if any: the admin port must not answer there
    InetAddress outside = Collections.list(NetworkInterface.getNetworkInterfaces()).stream()
        .flatMap(i -> Collections.list(i.getInetAddresses()).stream())
        .filter(a -> !a.isLoopbackAddress() && a instanceof java.net.Inet4Address).findFirst().orElse(null);
    if (outside == null) return;
    var attempt = node.client().request(HttpMethod.GET, node.adminPort, outside.getHostAddress(), "/health")
        .bearerTokenAuthentication(TestNode.ADMIN_TOKEN).timeout(3000).send();
    assertThat(attempt.toCompletionStage().toCompletableFuture().handle((r, e) -> e != null).get(10, TimeUnit.SECONDS)).isTrue();
  }
}
