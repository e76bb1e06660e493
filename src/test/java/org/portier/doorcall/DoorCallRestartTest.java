package org.portier.doorcall;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.junit5.VertxExtension;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.portier.testing.TestNode;

/**
 * A restart answers door calls and SIP credential checks within 3 s whatever the store holds: the
 * live calls load in the background, and until they are in memory the SIP face answers from the store.
 */
@ExtendWith(VertxExtension.class)
class DoorCallRestartTest {
  private static final int FINISHED_PUSHES = 100_000;
  private static final long START_BUDGET_MS = 3_000;
  private DoorCallFixture fx;

  @AfterEach
  void tearDown() throws Exception {
    DoorCallVerticle.loadGate = null;
    if (fx != null) DoorCallFixture.await(fx.stop());
  }

  private static TestNode node(Path dir) {
    TestNode n = dir == null ? TestNode.inTempDir() : new TestNode(dir);
    return n.set("doorcall.ttl", "10m");
  }

  /** 100 extensions only: the new calls after the restart must avoid the 40 the old ones still hold. */
  private static TestNode fewExtensions(Path dir) {
    return node(dir).set("sip.extensionFrom", 100000).set("sip.extensionTo", 100099);
  }

  /** Panel 600001 flat "1", rung on {@code devices} Android phones. */
  private void flatWithPhones(int devices) throws Exception {
    String h = fx.house("Sadovaya 1");
    fx.door(h, 600001, 0, null);
    String flat = fx.flat(h, "1");
    String s = fx.subscriber(flat, "79007770001");
    for (int i = 0; i < devices; i++) fx.device(s, "android", "fcm", "android-fcm-token-restart-" + i, null);
  }

  private JsonObject call() throws Exception {
    HttpResponse<Buffer> r = fx.startCall(new JsonObject().put("panelId", 600001).put("flatNumber", "1"));
    assertThat(r.statusCode()).as(TestNode.status(r)).isEqualTo(201);
    return r.bodyAsJsonObject();
  }

  /** extension -> password of the last push.send request. */
  private Map<String, String> passwords() {
    Map<String, String> out = new HashMap<>();
    fx.pushRequests.get(fx.pushRequests.size() - 1).getJsonArray("pushes").forEach(p -> {
      JsonObject d = ((JsonObject) p).getJsonObject("data");
      out.put(d.getString("extension"), d.getString("pass"));
    });
    return out;
  }

  private void valid(Map<String, String> creds) throws Exception {
    for (Map.Entry<String, String> e : creds.entrySet()) {
      HttpResponse<Buffer> r = fx.sip(HttpMethod.GET, "/v1/credentials/" + e.getKey());
      assertThat(r.statusCode()).as(e.getKey() + ": " + TestNode.status(r)).isEqualTo(200);
      assertThat(r.bodyAsJsonObject().getString("password")).isEqualTo(e.getValue());
    }
  }

  private static String url(Path dir) {
    return "jdbc:hsqldb:file:" + dir.resolve("db/portier") + ";hsqldb.tx=mvcc";
  }

  /**
   * A week of finished pushes written straight to the stopped store, then closed without a
   * checkpoint (SHUTDOWN IMMEDIATELY, as a kill leaves it): the next open has to recover from the log.
   */
  private static void weekOfFinishedPushes(Path dir) throws Exception {
    long now = System.currentTimeMillis();
    String payload = new JsonObject().put("data", new JsonObject().put("server", "sip.portier.test").put("port", "5060")
        .put("transport", "tcp").put("extension", "2000123456").put("hash", "sealed").put("dtmf", "1")
        .put("image", "https://portier.test/mobile/call/camshot/" + "0".repeat(32)).put("callerId", "Sadovaya 1, door 0")
        .put("stun", "stun:stun.portier.test:3478").put("turn", "turn:turn.portier.test:3478")).encode();
    try (Connection c = DriverManager.getConnection(url(dir), "SA", "")) {
      c.setAutoCommit(false);
      try (PreparedStatement ps = c.prepareStatement("INSERT INTO push_outbox (id, created_at, updated_at, device_id, provider, token,"
          + " token_kind, sandbox, topic, push_type, priority, expires_at, payload, ref, state, attempts, next_attempt_at, last_error)"
          + " VALUES (?, ?, ?, ?, 'fcm', ?, 'push', FALSE, NULL, 'voip', 10, ?, ?, ?, ?, 1, ?, NULL)")) {
        for (int i = 0; i < FINISHED_PUSHES; i++) {
          long at = now - 7L * 24 * 3600 * 1000 * i / FINISHED_PUSHES + 60_000;
          ps.setLong(1, 50_000_000L + i);
          ps.setLong(2, at);
          ps.setLong(3, at);
          ps.setLong(4, 1 + i % 5000);
          ps.setString(5, "fcm-token-" + (i % 5000) + "-" + "x".repeat(140));
          ps.setLong(6, at + 180_000);
          ps.setString(7, payload);
          ps.setString(8, "call:" + java.util.UUID.randomUUID() + ":" + (2000000000L + i));
          ps.setString(9, i % 50 == 0 ? "rejected" : "accepted");
          ps.setLong(10, at);
          ps.addBatch();
          if (i % 5_000 == 4_999) {
            ps.executeBatch();
            c.commit();
          }
        }
      }
      try (Statement s = c.createStatement()) {
        s.execute("SHUTDOWN IMMEDIATELY");
      }
    }
  }

  private static String sizes(Path dir) throws Exception {
    StringBuilder sb = new StringBuilder();
    try (Stream<Path> files = Files.list(dir.resolve("db"))) {
      for (Path p : files.sorted().toList()) {
        if (Files.isRegularFile(p)) sb.append(p.getFileName()).append('=').append(Files.size(p) / 1024).append("KB ");
      }
    }
    return sb.toString().trim();
  }

  /** Restarts on {@code dir} and times, from Portier.start, the start itself and the first door call and credential check. */
  private long restartAndTime(Vertx vertx, Path dir, Map<String, String> oldCreds, String what) throws Exception {
    String files = sizes(dir);
    fx = new DoorCallFixture(vertx, node(dir));
    long t0 = System.nanoTime();
    fx.start();
    long started = System.nanoTime();
    String ext = oldCreds.keySet().iterator().next();
    long[] sipAt = new long[1];
    long[] callAt = new long[1];
    Future<HttpResponse<Buffer>> sipCheck = fx.node.http(HttpMethod.GET, "/sip/v1/credentials/" + ext)
        .bearerTokenAuthentication(TestNode.SIP_KEY).send().onComplete(ar -> sipAt[0] = System.nanoTime());
    Future<HttpResponse<Buffer>> doorCall = fx.node.integration(HttpMethod.POST, "/door-calls")
        .sendJsonObject(new JsonObject().put("panelId", 600001).put("flatNumber", "1")).onComplete(ar -> callAt[0] = System.nanoTime());
    HttpResponse<Buffer> sip = DoorCallFixture.await(sipCheck);
    HttpResponse<Buffer> fresh = DoorCallFixture.await(doorCall);
    assertThat(sip.statusCode()).as(TestNode.status(sip)).isEqualTo(200);
    assertThat(sip.bodyAsJsonObject().getString("password")).isEqualTo(oldCreds.get(ext));
    assertThat(fresh.statusCode()).as(TestNode.status(fresh)).isEqualTo(201);
    assertThat(fresh.bodyAsJsonObject().getJsonArray("legs")).hasSize(4);
    long total = (Math.max(sipAt[0], callAt[0]) - t0) / 1_000_000;
    System.out.printf("restart after %s (%s): Portier.start %d ms, then a SIP check answered at %d ms and a door call at %d ms after start was called%n",
        what, files, (started - t0) / 1_000_000, (sipAt[0] - t0) / 1_000_000, (callAt[0] - t0) / 1_000_000);
    return total;
  }

  @Test
  void aRestartOverAWeekOfPushesAnswersWithinThreeSeconds(Vertx vertx) throws Exception {
    TestNode first = node(null);
    fx = new DoorCallFixture(vertx, first).start();
    flatWithPhones(4);
    Map<String, String> old = new HashMap<>();
    for (int i = 0; i < 5; i++) {
      call();
      old.putAll(passwords());
    }
    DoorCallFixture.await(fx.stop());
    fx = null;
    long t = System.nanoTime();
    weekOfFinishedPushes(first.dir);
    System.out.printf("inserted %d finished outbox rows in %d ms%n", FINISHED_PUSHES, (System.nanoTime() - t) / 1_000_000);

    // After a kill HSQLDB first replays its log (up to its log size, 50 MB, whatever the store holds):
    // measured and printed, not asserted, as that time is the log's, not the store's.
    restartAndTime(vertx, first.dir, old, "a crash");
    valid(old);
    DoorCallFixture.await(fx.stop());
    // after a clean stop (SHUTDOWN checkpoints, the log is empty): the port answers within the budget
    long clean = restartAndTime(vertx, first.dir, old, "a clean stop");
    valid(old);
    assertThat(clean).as("ms from Portier.start to a door call and a credential check answered").isLessThan(START_BUDGET_MS);
    assertThat(fx.count("SELECT COUNT(*) FROM push_outbox")).isGreaterThanOrEqualTo(FINISHED_PUSHES);
  }

  @Test
  void whileLiveCallsLoadTheSipFaceAnswersFromTheStore(Vertx vertx) throws Exception {
    TestNode first = fewExtensions(null);
    fx = new DoorCallFixture(vertx, first).start();
    flatWithPhones(20);
    String ending = call().getString("callId");
    Map<String, String> endingCreds = passwords();
    call();
    Map<String, String> keptCreds = passwords();
    DoorCallFixture.await(fx.stop());

    // the load of the live calls is held until the test lets it go
    Promise<Void> gate = Promise.promise();
    List<Long> loadAsked = new ArrayList<>();
    DoorCallVerticle.loadGate = () -> {
      loadAsked.add(System.nanoTime());
      return gate.future();
    };
    fx = new DoorCallFixture(vertx, fewExtensions(first.dir)).start();
    assertThat(loadAsked).hasSize(1);
    // the SIP face answers from the store (credentials and the Asterisk rows), the first fetch is recorded
    valid(endingCreds);
    valid(keptCreds);
    String ext = keptCreds.keySet().iterator().next();
    HttpResponse<Buffer> auth = fx.asterisk("ps_auths", "single", "id=" + ext);
    assertThat(auth.statusCode()).isEqualTo(200);
    assertThat(auth.bodyAsString()).contains("password=" + keptCreds.get(ext));
    HttpResponse<Buffer> all = fx.asterisk("ps_aors", "multi", "id%20LIKE=%25");
    assertThat(all.bodyAsString().trim().split("\n")).hasSize(40);
    // new calls start meanwhile and take none of the 40 extensions the old calls still hold
    Set<String> held = new HashSet<>(endingCreds.keySet());
    held.addAll(keptCreds.keySet());
    for (int i = 0; i < 2; i++) {
      JsonObject fresh = call();
      for (Object o : fresh.getJsonArray("legs")) assertThat(held).doesNotContain(((JsonObject) o).getString("extension"));
      if (i == 0) {
        assertThat(fx.integration(HttpMethod.DELETE, "/door-calls/" + fresh.getString("callId")).statusCode()).isEqualTo(204);
      }
    }
    Map<String, String> freshCreds = passwords();
    // ending an old call waits for the load, then revokes it
    Future<HttpResponse<Buffer>> end = fx.node.integration(HttpMethod.DELETE, "/door-calls/" + ending).send();
    Thread.sleep(200);
    assertThat(end.isComplete()).isFalse();
    gate.complete();
    assertThat(end.toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS).statusCode()).isEqualTo(204);

    // from memory now: the ended call's credentials are gone, the others still valid
    for (String e : endingCreds.keySet()) assertThat(fx.sip(HttpMethod.GET, "/v1/credentials/" + e).statusCode()).isEqualTo(404);
    valid(keptCreds);
    valid(freshCreds);
    assertThat(fx.count("SELECT COUNT(*) FROM door_call_legs WHERE state = 'live' AND fetched_at IS NOT NULL")).isEqualTo(40);
  }
}
