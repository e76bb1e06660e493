package org.portier.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.portier.testing.TestNode;

/**
 * Runs Portier in a child JVM, writes through the integration face, kills the JVM (SIGKILL, and a
 * clean SIGTERM) while writes are in flight, and checks every acknowledged write is there after a
 * restart.
 */
@ExtendWith(VertxExtension.class)
class StoreDurabilityTest {

  private static <T> T get(Future<T> f) throws Exception {
    return f.toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
  }

  private Process launch(TestNode node) throws Exception {
    node.writeConfig();
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    return new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"), "org.portier.Main", node.configFile().toString())
        .redirectErrorStream(true).redirectOutput(node.dir.resolve("child.log").toFile()).start();
  }

  /** Polls the child's health endpoint until it answers (it is another process: there is no event to wait on). */
  private void awaitHealthy(Vertx vertx, TestNode node, Process child) throws Exception {
    var client = io.vertx.ext.web.client.WebClient.create(vertx);
    long deadline = System.currentTimeMillis() + 60_000;
    while (System.currentTimeMillis() < deadline) {
      assertThat(child.isAlive()).as("child JVM exited early, see " + node.dir.resolve("child.log")).isTrue();
      Integer status = client.request(HttpMethod.GET, node.adminPort, "127.0.0.1", "/health")
          .bearerTokenAuthentication(TestNode.ADMIN_TOKEN).timeout(1000).send()
          .map(r -> r.statusCode()).otherwise(-1).toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);
      if (status == 200) return;
      Thread.sleep(100);
    }
    throw new AssertionError("child never became healthy");
  }

  private Set<String> writeUntil(Vertx vertx, TestNode node, int acked, Runnable atThreshold) throws Exception {
    var client = io.vertx.ext.web.client.WebClient.create(vertx);
    Set<String> ids = ConcurrentHashMap.newKeySet();
    var done = new java.util.concurrent.CompletableFuture<Void>();
    // 8 writers in parallel, each posting until the child dies
    for (int w = 0; w < 8; w++) {
      int writer = w;
      Runnable[] loop = new Runnable[1];
      int[] n = {0};
      loop[0] = () -> client.request(HttpMethod.POST, node.httpPort, "127.0.0.1", "/integration/v1/houses")
          .bearerTokenAuthentication(TestNode.API_KEY).timeout(5000)
          .sendJsonObject(new JsonObject().put("address", "writer " + writer + " #" + n[0]++))
          .onComplete(ar -> {
            if (ar.succeeded() && ar.result().statusCode() == 201) {
              ids.add(ar.result().bodyAsJsonObject().getString("id"));
              if (ids.size() == acked) atThreshold.run();
              loop[0].run();
            } else {
              done.complete(null);
            }
          });
      loop[0].run();
    }
    done.get(60, TimeUnit.SECONDS);
    return ids;
  }

  private Set<String> storedIds(TestNode node) throws Exception {
    Set<String> out = new HashSet<>();
    for (int offset = 0; ; offset += 1000) {
      JsonArray page = get(node.integration(HttpMethod.GET, "/houses?limit=1000&offset=" + offset).send()).bodyAsJsonArray();
      page.forEach(h -> out.add(((JsonObject) h).getString("id")));
      if (page.size() < 1000) return out;
    }
  }

  @Test
  void nothingAcknowledgedIsLostOnKill(Vertx vertx) throws Exception {
    for (boolean clean : List.of(false, true)) {
      TestNode node = TestNode.inTempDir();
      Process child = launch(node);
      try {
        awaitHealthy(vertx, node, child);
        Set<String> acked = writeUntil(vertx, node, 300, () -> {
          if (clean) child.destroy(); else child.destroyForcibly();
        });
        assertThat(child.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(acked).hasSizeGreaterThanOrEqualTo(300);
        get(node.start(vertx));
        assertThat(storedIds(node)).as(clean ? "after SIGTERM" : "after SIGKILL").containsAll(acked);
      } finally {
        child.destroyForcibly();
        get(node.stop());
      }
    }
  }
}
