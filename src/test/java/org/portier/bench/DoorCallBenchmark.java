package org.portier.bench;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.portier.security.Secrets;
import org.portier.testing.FakeApns;
import org.portier.testing.Latencies;
import org.portier.testing.TestNode;

/**
 * Not a test (surefire never runs it): DESIGN's door-call target measured end to end. A door panel
 * integrator POSTs /integration/v1/door-calls at {@code rate} calls/s; each flat has 4 iOS phones
 * with VoIP tokens; latency = from the POST leaving the client to the 4th VoIP push arriving at
 * Pushy's MockApnsServer (so it includes HTTP, the door-call actor, the store transaction, the
 * outbox write and APNs over HTTP/2). Also prints the 201 latency. Run with {@code scripts/bench}.
 */
public final class DoorCallBenchmark {
  private static final int FLATS = 50;
  private static final int DEVICES = 4;

  public static void main(String[] args) throws Exception {
    int rate = args.length > 0 ? Integer.parseInt(args[0]) : 200;
    int seconds = args.length > 1 ? Integer.parseInt(args[1]) : 20;
    int warmup = args.length > 2 ? Integer.parseInt(args[2]) : 5;
    Vertx vertx = Vertx.vertx();
    FakeApns apns = FakeApns.start();
    TestNode node = TestNode.inTempDir();
    FakeApns.configure(node, apns);
    if (System.getProperty("bench.storeUrl") != null) node.set("store.url", System.getProperty("bench.storeUrl"));
    get(node.start(vertx));
    List<String> flats = setUp(node);

    WebClient client = WebClient.create(vertx, new WebClientOptions().setKeepAlive(true), new io.vertx.core.http.PoolOptions().setHttp1MaxSize(64));
    int calls = rate * seconds;
    long[] sentAt = new long[calls];
    long[] createdMicros = new long[calls];
    @SuppressWarnings("unchecked")
    List<String>[] extensions = new List[calls];
    CountDownLatch answered = new CountDownLatch(calls);
    AtomicLong failures = new AtomicLong();
    long period = 1_000_000_000L / rate;
    long start = System.nanoTime();
    // Paced by the clock from one thread: Vert.x timers have 1 ms resolution.
    Thread pacer = new Thread(() -> {
      for (int c = 0; c < calls; c++) {
        long wait = start + c * period - System.nanoTime();
        if (wait > 0) java.util.concurrent.locks.LockSupport.parkNanos(wait);
        int call = c;
        long t0 = System.nanoTime();
        sentAt[call] = t0;
        client.request(HttpMethod.POST, node.httpPort, "127.0.0.1", "/integration/v1/door-calls").bearerTokenAuthentication(TestNode.API_KEY)
            .sendJsonObject(new JsonObject().put("flatId", flats.get(call % flats.size()))).onComplete(ar -> {
              if (ar.succeeded() && ar.result().statusCode() == 201) {
                createdMicros[call] = (System.nanoTime() - t0) / 1000;
                List<String> exts = new ArrayList<>();
                ar.result().bodyAsJsonObject().getJsonArray("legs").forEach(l -> exts.add(((JsonObject) l).getString("extension")));
                extensions[call] = exts;
              } else if (failures.incrementAndGet() <= 3) {
                System.out.println("door call failed: " + (ar.succeeded() ? TestNode.status(ar.result()) : ar.cause()));
              }
              answered.countDown();
            });
      }
    });
    pacer.start();
    answered.await(seconds + 60L, TimeUnit.SECONDS);
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (apns.count() < calls * DEVICES && System.nanoTime() < deadline) Thread.sleep(100);

    Map<String, Long> arrival = new HashMap<>();
    for (FakeApns.Notification n : apns.received()) arrival.put(n.payload().getJsonObject("data").getString("extension"), n.receivedNanos());
    List<Long> pushed = new ArrayList<>();
    List<Long> created = new ArrayList<>();
    int incomplete = 0;
    for (int c = rate * warmup; c < calls; c++) {
      if (extensions[c] == null) continue;
      created.add(createdMicros[c]);
      long last = 0;
      for (String e : extensions[c]) last = Math.max(last, arrival.getOrDefault(e, Long.MAX_VALUE));
      if (last == Long.MAX_VALUE || extensions[c].size() != DEVICES) incomplete++;
      else pushed.add((last - sentAt[c]) / 1000);
    }
    System.out.printf("%d door calls/s x %d iOS phones for %d s (first %d s not counted), store %s%n", rate, DEVICES, seconds, warmup,
        node.conf.getJsonObject("store").getString("url"));
    System.out.printf("failed calls: %d, calls missing a push: %d, pushes at the mock: %d of %d%n", failures.get(), incomplete,
        apns.count(), calls * DEVICES);
    Latencies.print("POST /door-calls -> 201", created);
    Latencies.print("POST /door-calls -> 4th push at MockApnsServer", pushed);
    get(node.stop());
    apns.close();
    get(vertx.close());
  }

  /** FLATS flats of one house (panel 100001), each with a subscriber owning DEVICES iOS phones. */
  private static List<String> setUp(TestNode node) throws Exception {
    String house = get(node.create("/houses", new JsonObject().put("address", "Benchmark st. 1"))).getString("id");
    get(node.create("/houses/" + house + "/doors", new JsonObject().put("panelId", 100001).put("doorId", 0).put("name", "Entrance")));
    List<String> flats = new ArrayList<>();
    var pool = node.portier().store().pool();
    for (int f = 0; f < FLATS; f++) {
      String flat = get(node.create("/houses/" + house + "/flats", new JsonObject().put("number", Integer.toString(f + 1)))).getString("id");
      String sub = get(node.create("/flats/" + flat + "/subscribers", new JsonObject().put("phone", String.format("7900%07d", f)))).getString("id");
      for (int d = 0; d < DEVICES; d++) {
        long id = get(node.portier().store().ids().next("devices"));
        get(pool.preparedQuery("INSERT INTO devices (id, subscriber_id, token_hash, fingerprint, platform, voip_token, production,"
                + " bundle, last_seen, created_at) VALUES (?, ?, ?, ?, 'ios', ?, TRUE, ?, 0, 0)")
            .execute(Tuple.of(id, Long.parseLong(sub), Secrets.randomHex(32), "fp" + id, Secrets.randomHex(32), FakeApns.BUNDLE)));
      }
      flats.add(flat);
    }
    return flats;
  }

  private static <T> T get(Future<T> f) throws Exception {
    return f.toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
  }
}
