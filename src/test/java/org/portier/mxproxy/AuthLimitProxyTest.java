package org.portier.mxproxy;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.junit5.VertxExtension;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.portier.testing.TestNode;

/** POST /auth counts its tries per client: the X-Forwarded-For client behind a trusted proxy, the peer otherwise. */
@ExtendWith(VertxExtension.class)
class AuthLimitProxyTest {
  private TestNode node;

  @AfterEach
  void stop() throws Exception {
    if (node != null) get(node.stop());
  }

  private static <T> T get(Future<T> f) throws Exception {
    return f.toCompletionStage().toCompletableFuture().get(20, TimeUnit.SECONDS);
  }

  private void start(Vertx vertx, JsonArray proxies) throws Exception {
    node = TestNode.inTempDir();
    node.set("mxproxy.authPerIp", "2/1m").set("http.trustedProxies", proxies);
    get(node.start(vertx));
  }

  /** One try without client credentials: 401 while within the limit, 429 past it. */
  private int tryFrom(String forwardedFor) throws Exception {
    var req = node.http(HttpMethod.POST, "/auth").putHeader("Content-Type", "application/x-www-form-urlencoded");
    if (forwardedFor != null) req.putHeader("X-Forwarded-For", forwardedFor);
    var r = get(req.sendBuffer(io.vertx.core.buffer.Buffer.buffer("grant_type=password&username=a&password=b")));
    if (r.statusCode() == 429) assertThat(r.getHeader("Retry-After")).isNotBlank();
    return r.statusCode();
  }

  @Test
  void behindATrustedProxyEachForwardedClientHasItsOwnCounter(Vertx vertx) throws Exception {
    start(vertx, new JsonArray().add("127.0.0.0/8"));
    assertThat(tryFrom("203.0.113.5")).isEqualTo(401);
    assertThat(tryFrom("203.0.113.5")).isEqualTo(401);
    assertThat(tryFrom("203.0.113.5")).isEqualTo(429);
    // a client cannot escape its counter by writing another address in front
    assertThat(tryFrom("198.51.100.1, 203.0.113.5")).isEqualTo(429);
    // another user behind the same proxy is not limited by the first one
    assertThat(tryFrom("203.0.113.6")).isEqualTo(401);
    assertThat(tryFrom("203.0.113.6")).isEqualTo(401);
  }

  @Test
  void xForwardedForFromAnUntrustedPeerIsIgnored(Vertx vertx) throws Exception {
    start(vertx, new JsonArray());
    assertThat(tryFrom("203.0.113.1")).isEqualTo(401);
    assertThat(tryFrom("203.0.113.2")).isEqualTo(401);
    // made-up addresses do not buy new tries: the peer is counted
    assertThat(tryFrom("203.0.113.3")).isEqualTo(429);
    assertThat(tryFrom(null)).isEqualTo(429);
  }
}
