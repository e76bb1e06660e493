package org.portier.push;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.portier.bus.Addresses;
import org.portier.testing.FakeApns;
import org.portier.testing.Latencies;
import org.portier.testing.TestNode;

/**
 * Not a test (never run by surefire): the DESIGN's push target, door call to all pushes accepted by
 * the mock provider, at {@code rate} door calls/s with 4 devices each. Prints p50/p99/max of
 * "request sent on push.send" to "last of its 4 notifications arrived at FakeApns", and of the
 * reply ("persisted") latency. Run:
 * <pre>
 * mvn -q test-compile dependency:build-classpath -Dmdep.outputFile=target/cp.txt
 * java -cp target/test-classes:target/classes:$(cat target/cp.txt) org.portier.push.PushBenchmark [callsPerSecond=200] [seconds=20] [warmupSeconds=5]
 * </pre>
 * {@code -Dbench.storeUrl=jdbc:hsqldb:mem:bench} measures without the database file's disk syncs.
 */
public final class PushBenchmark {
  public static void main(String[] args) throws Exception {
    int rate = args.length > 0 ? Integer.parseInt(args[0]) : 200;
    int seconds = args.length > 1 ? Integer.parseInt(args[1]) : 20;
    int warmup = args.length > 2 ? Integer.parseInt(args[2]) : 5;
    Vertx vertx = Vertx.vertx();
    FakeApns apns = FakeApns.start();
    TestNode node = TestNode.inTempDir();
    FakeApns.configure(node, apns);
    if (System.getProperty("bench.storeUrl") != null) node.set("store.url", System.getProperty("bench.storeUrl"));
    PushTestKit.await(node.start(vertx));
    int calls = rate * seconds;
    Map<Integer, Long> sentAt = Collections.synchronizedMap(new HashMap<>());
    List<Long> replyMicros = Collections.synchronizedList(new ArrayList<>());
    CountDownLatch replies = new CountDownLatch(calls);
    AtomicLong n = new AtomicLong();
    AtomicLong failures = new AtomicLong();
    long periodNanos = 1_000_000_000L / rate;
    long start = System.nanoTime();
    // One request per door call, paced by the clock from one thread (Vert.x timers have 1 ms resolution).
    Thread pacer = new Thread(() -> {
      for (int call = 0; call < calls; call++) {
        long due = start + call * periodNanos;
        long wait = due - System.nanoTime();
        if (wait > 0) java.util.concurrent.locks.LockSupport.parkNanos(wait);
        int c = call;
        JsonArray pushes = new JsonArray();
        for (int d = 0; d < 4; d++) {
          pushes.add(PushTestKit.apnsVoip(String.format("c%06dd%d", c, d)).put("data", new JsonObject().put("call", Integer.toString(c))));
        }
        long t0 = System.nanoTime();
        sentAt.put(c, t0);
        vertx.eventBus().request(Addresses.PUSH_SEND, new JsonObject().put("pushes", pushes)).onComplete(ar -> {
          if (ar.succeeded() && c >= rate * warmup) replyMicros.add((System.nanoTime() - t0) / 1000);
          if (ar.failed() && failures.incrementAndGet() <= 3) System.out.println("push.send failed: " + ar.cause());
          n.incrementAndGet();
          replies.countDown();
        });
      }
    });
    pacer.start();
    replies.await(seconds + 60L, TimeUnit.SECONDS);
    while (apns.count() < calls * 4 && System.nanoTime() - start < TimeUnit.SECONDS.toNanos(seconds + 60L)) Thread.sleep(100);
    Map<Integer, Long> lastArrival = new HashMap<>();
    for (FakeApns.Notification x : apns.received()) {
      int c = Integer.parseInt(x.payload().getJsonObject("data").getString("call"));
      lastArrival.merge(c, x.receivedNanos(), Math::max);
    }
    List<Long> doorCallMicros = new ArrayList<>();
    for (int c = rate * warmup; c < calls; c++) {
      Long last = lastArrival.get(c);
      if (last != null) doorCallMicros.add((last - sentAt.get(c)) / 1000);
    }
    System.out.printf("%d door calls/s x 4 devices for %d s (first %d s not counted): %d of %d pushes arrived%n",
        rate, seconds, warmup, apns.count(), calls * 4);
    System.out.println("push.send failures: " + failures.get());
    Latencies.print("push.send reply (persisted)", replyMicros);
    Latencies.print("door call -> all 4 pushes at FakeApns", doorCallMicros);
    PushTestKit.await(node.stop());
    apns.close();
    PushTestKit.await(vertx.close());
  }
}
