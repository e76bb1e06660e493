package org.portier.bench;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.portier.bus.Addresses;
import org.portier.mx.MxSimulator;
import org.portier.testing.Latencies;
import org.portier.testing.TestNode;

/**
 * Not a test (surefire never runs it): {@code users} MX users logged in to one Portier node through
 * mx.connect against the MX simulator in the same JVM (which also costs heap and CPU), then
 * {@code eventsPerSecond} injected events for {@code seconds}. Prints the time to connect everyone,
 * the heap per connection (used heap after GC, minus the same before the logins, divided by users),
 * and the MX-event-to-mx.events latency. Run with {@code scripts/bench mx [users] [eventsPerSecond] [seconds]}.
 */
public final class MxConnectionsBenchmark {
  public static void main(String[] args) throws Exception {
    int users = args.length > 0 ? Integer.parseInt(args[0]) : 10_000;
    int rate = args.length > 1 ? Integer.parseInt(args[1]) : 1_000;
    int seconds = args.length > 2 ? Integer.parseInt(args[2]) : 10;
    Vertx vertx = Vertx.vertx();
    MxSimulator sim = get(MxSimulator.start(vertx, 0));
    List<MxSimulator.User> all = MxSimulator.numbered("u", users);
    all.forEach(sim::addUser);
    TestNode node = TestNode.inTempDir();
    node.set("store.url", "jdbc:hsqldb:mem:mxbench");
    get(node.start(vertx));
    long heapBefore = usedHeapAfterGc();

    long t0 = System.nanoTime();
    AtomicInteger next = new AtomicInteger();
    AtomicInteger failed = new AtomicInteger();
    CountDownLatch done = new CountDownLatch(users);
    // 200 logins in flight at a time, as a crowd of apps would come back after a restart
    for (int lane = 0; lane < Math.min(200, users); lane++) loginNext(vertx, sim, all, next, failed, done);
    done.await(30, TimeUnit.MINUTES);
    double connectSeconds = (System.nanoTime() - t0) / 1e9;
    long heapAfter = usedHeapAfterGc();
    System.out.printf("%d users logged in in %.1f s (%d failed); heap %.1f MB -> %.1f MB, %.1f KB per connection%n", users,
        connectSeconds, failed.get(), heapBefore / 1e6, heapAfter / 1e6, (heapAfter - heapBefore) / 1024.0 / users);

    List<Long> latencies = Collections.synchronizedList(new ArrayList<>());
    vertx.eventBus().<JsonObject>consumer(Addresses.MX_EVENTS, m -> {
      String xml = m.body().getString("xml");
      int a = xml.indexOf("<t>") + 3;
      latencies.add((System.nanoTime() - Long.parseLong(xml.substring(a, xml.indexOf("</t>", a)))) / 1000);
    });
    long total = (long) rate * seconds;
    long start = System.nanoTime();
    for (long i = 0; i < total; i++) {
      long due = start + i * 1_000_000_000L / rate;
      while (System.nanoTime() < due) Thread.onSpinWait();
      String login = all.get((int) (i % users)).login();
      sim.inject(login, "<HeldEvent><t>" + System.nanoTime() + "</t><heldConnection><callID>" + i + "</callID></heldConnection></HeldEvent>");
    }
    Thread.sleep(2000);
    System.out.printf("%d events at %d/s, %d arrived on mx.events%n", total, rate, latencies.size());
    Latencies.print("MX event -> mx.events", new ArrayList<>(latencies));
    get(node.stop());
    get(sim.close());
    get(vertx.close());
  }

  private static void loginNext(Vertx vertx, MxSimulator sim, List<MxSimulator.User> all, AtomicInteger next, AtomicInteger failed,
      CountDownLatch done) {
    int i = next.getAndIncrement();
    if (i >= all.size()) return;
    MxSimulator.User u = all.get(i);
    JsonObject req = new JsonObject().put("login", u.login()).put("host", "127.0.0.1").put("port", sim.port()).put("mxLogin", u.login())
        .put("mxPassword", u.password());
    vertx.eventBus().request(Addresses.MX_CONNECT, req, new io.vertx.core.eventbus.DeliveryOptions().setSendTimeout(120_000))
        .onComplete(ar -> {
          if (ar.failed()) failed.incrementAndGet();
          done.countDown();
          loginNext(vertx, sim, all, next, failed, done);
        });
  }

  private static long usedHeapAfterGc() throws InterruptedException {
    for (int i = 0; i < 3; i++) {
      System.gc();
      Thread.sleep(200);
    }
    return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
  }

  private static <T> T get(Future<T> f) throws Exception {
    return f.toCompletionStage().toCompletableFuture().get(10, TimeUnit.MINUTES);
  }
}
