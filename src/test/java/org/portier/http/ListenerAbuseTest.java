package org.portier.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import io.vertx.junit5.VertxExtension;
import java.io.IOException;
import java.io.InputStream;
import java.net.SocketTimeoutException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.portier.testing.TestNode;

/**
 * The listener under abuse on loopback: a client that trickles its request or keeps a connection
 * idle is closed at its deadline; connections over the per-IP cap are closed at once, and door
 * calls from another address are still served meanwhile.
 */
@ExtendWith(VertxExtension.class)
class ListenerAbuseTest {
  private TestNode node;
  private final List<RawHttp> sockets = new ArrayList<>();

  @AfterEach
  void stop() throws Exception {
    sockets.forEach(RawHttp::close);
    if (node != null) get(node.stop());
  }

  private static <T> T get(Future<T> f) throws Exception {
    return f.toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
  }

  private void start(Vertx vertx, String requestTimeout, String idleTimeout, int perIp) throws Exception {
    node = TestNode.inTempDir();
    node.set("http.requestTimeout", requestTimeout).set("http.idleTimeout", idleTimeout).set("http.maxConnectionsPerIp", perIp);
    get(node.start(vertx));
  }

  /** Writes one byte every 200 ms until the server closes the connection; answers how long that took (or -1 after maxMillis). */
  private static long trickle(RawHttp h, byte[] bytes, long maxMillis) throws Exception {
    long start = System.currentTimeMillis();
    h.socket.setSoTimeout(200);
    InputStream in = h.socket.getInputStream();
    for (int i = 0; System.currentTimeMillis() - start < maxMillis; i++) {
      try {
        h.send(new byte[] {bytes[i % bytes.length]});
        if (in.read() < 0) return System.currentTimeMillis() - start;
      } catch (SocketTimeoutException stillOpen) {
        // the server is still waiting: go on trickling
      } catch (IOException closed) {
        return System.currentTimeMillis() - start;
      }
    }
    return -1;
  }

  @Test
  void aTricklingClientIsClosedAtTheRequestDeadline(Vertx vertx) throws Exception {
    start(vertx, "1s", "2s", 50);
    try (RawHttp headers = RawHttp.connect(node.httpPort)) {
      headers.send("POST /mobile/user/requestCode HTTP/1.1\r\nHost: x\r\n");
      long took = trickle(headers, "X-Slow: aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa".getBytes(), 8_000);
      assertThat(took).as("headers trickled one byte every 200 ms").isBetween(700L, 3_000L);
    }
    try (RawHttp body = RawHttp.connect(node.httpPort)) {
      body.send("POST /mobile/user/requestCode HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 500\r\n\r\n{");
      long took = trickle(body, "\"a\":1,".getBytes(), 8_000);
      assertThat(took).as("body trickled one byte every 200 ms").isBetween(700L, 3_000L);
    }
  }

  @Test
  void aKeptAliveConnectionIsClosedAfterTheIdleTimeout(Vertx vertx) throws Exception {
    start(vertx, "1s", "2s", 50);
    try (RawHttp h = RawHttp.connect(node.httpPort)) {
      // a request that takes its time within the deadline is answered
      h.send("GET /health HTTP/1.1\r\nHost: x\r\n");
      Thread.sleep(500);
      h.send("\r\n");
      h.socket.setSoTimeout(3000);
      byte[] buf = new byte[4096];
      int n = h.socket.getInputStream().read(buf);
      assertThat(new String(buf, 0, n)).startsWith("HTTP/1.1 200").contains("{\"status\":\"ok\"}");
      long start = System.currentTimeMillis();
      assertThat(h.closedWithin(6_000)).isTrue();
      assertThat(System.currentTimeMillis() - start).isBetween(1_500L, 4_000L);
    }
  }

  @Test
  void connectionsOverThePerIpCapAreClosedAndDoorCallsGoOn(Vertx vertx) throws Exception {
    start(vertx, "60s", "60s", 50);
    String house = get(node.create("/houses", new JsonObject().put("address", "Lenina 1"))).getString("id");
    String flat = get(node.create("/houses/" + house + "/flats", new JsonObject().put("number", "11"))).getString("id");

    for (int i = 0; i < 300; i++) sockets.add(RawHttp.connect(node.httpPort, "127.0.0.1"));
    long deadline = System.currentTimeMillis() + 15_000;
    int closed = 0;
    while (System.currentTimeMillis() < deadline) {
      closed = 0;
      for (RawHttp s : sockets) if (s.closedWithin(5)) closed++;
      if (closed >= 250) break;
    }
    assertThat(closed).as("idle connections closed by the per-IP cap of 50").isGreaterThanOrEqualTo(250);
    assertThat(ConnectionCounts.of(vertx).of("127.0.0.1")).isLessThanOrEqualTo(50);

    // another client (127.0.0.2 is loopback too) still starts a door call
    WebClient other = WebClient.create(vertx, new WebClientOptions().setLocalAddress("127.0.0.2"));
    try {
      var call = get(other.request(HttpMethod.POST, node.httpPort, "127.0.0.1", "/integration/v1/door-calls")
          .bearerTokenAuthentication(TestNode.API_KEY).timeout(10_000)
          .sendJsonObject(new JsonObject().put("flatId", Long.parseLong(flat))));
      assertThat(call.statusCode()).as(TestNode.status(call)).isEqualTo(201);
    } finally {
      other.close();
    }
  }
}
