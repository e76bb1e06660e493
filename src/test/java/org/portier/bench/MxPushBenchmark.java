package org.portier.bench;

import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.portier.mx.MxSimulator;
import org.portier.testing.FakeApns;
import org.portier.testing.Latencies;
import org.portier.testing.TestNode;

/**
 * Not a test (surefire never runs it): DESIGN's MX target, {@code users} MX users held by ONE
 * Portier node and their MX events turned into VoIP pushes. Portier runs in its own JVM
 * ({@code java -Xmx512m org.portier.Main}, the same classpath) so its heap is its own; this JVM
 * (the driver) runs the MX simulator, a provisioning server, Pushy's MockApnsServer (FakeApns) and
 * the load. Every user logs in with {@code POST /auth} (200 in flight) and registers one APNs VoIP
 * token with {@code PUT /tokens/apn/<bundle>.voip/<token>}; the child's heap is read after a full GC
 * ({@code jcmd GC.run}, {@code GC.heap_info}) before and after the logins. Then a DeliveredEvent
 * ringing the user's own ext is injected at {@code eventsPerSecond} for {@code seconds}, round robin
 * over the users, each with its own call id; latency runs from just before the simulator writes
 * the frame to the mock APNs server receiving the VoIP push whose body carries that call id. Both
 * timestamps are System.nanoTime() of this JVM. Run with {@code scripts/bench mx [users]
 * [eventsPerSecond] [seconds] [warmupSeconds]}; -Dbench.storeUrl=... replaces Portier's HSQLDB file,
 * -Dbench.childXmx=512m is Portier's heap limit, -Dbench.childOpts="..." adds JVM options (a JFR recording, say),
 * -Dbench.histogram=true prints Portier's biggest classes at the end.
 */
public final class MxPushBenchmark {
  private static final String CLIENT = "bench";
  private static final String SECRET = "bench-client-secret";
  private static final String PASSWORD = "pw";
  private static final String DOMAIN = "@bench.test";
  private static final int IN_FLIGHT = 200;
  /** Portier runs on, and jcmd comes from, the driver's own JDK. */
  private static final String JDK_BIN = Path.of(System.getProperty("java.home"), "bin").toString() + "/";
  private static final Pattern HEAP_USED = Pattern.compile("heap\\s+total \\d+K, used (\\d+)K");

  public static void main(String[] args) throws Exception {
    int users = args.length > 0 ? Integer.parseInt(args[0]) : 10_000;
    int rate = args.length > 1 ? Integer.parseInt(args[1]) : 1_000;
    int seconds = args.length > 2 ? Integer.parseInt(args[2]) : 20;
    int warmup = args.length > 3 ? Integer.parseInt(args[3]) : 5;
    String childHeap = System.getProperty("bench.childXmx", "512m");
    System.out.printf("MX push benchmark: %d users, %d events/s for %d s (first %d s not counted), Portier -Xmx%s, open files limit %s%n",
        users, rate, seconds, warmup, childHeap, openFilesLimit());

    Vertx vertx = Vertx.vertx();
    MxSimulator sim = get(MxSimulator.start(vertx, 0));
    List<MxSimulator.User> all = MxSimulator.numbered("u", users);
    all.forEach(sim::addUser);
    HttpServer provisioning = get(provisioning(vertx, sim));
    FakeApns apns = FakeApns.start();

    TestNode node = TestNode.inTempDir();
    Path cert = node.dir.resolve("mx-simulator.pem");
    Files.write(cert, MxSimulator.certificate().getBytes());
    node.set("mx.trustedCert", cert.toString())
        .set("apps", new JsonObject().put(CLIENT, SECRET))
        .set("provisioning", "http://127.0.0.1:" + provisioning.actualPort() + "/config")
        .set("mxproxy.authPerIp", ""); // every benchmark login comes from 127.0.0.1
    FakeApns.configure(node, apns);
    if (System.getProperty("bench.storeUrl") != null) node.set("store.url", System.getProperty("bench.storeUrl"));
    node.writeConfig();

    Path log = node.dir.resolve("portier.log");
    List<String> command = new ArrayList<>(List.of(JDK_BIN + "java", "-Xmx" + childHeap));
    String childOpts = System.getProperty("bench.childOpts", "").trim(); // e.g. -XX:StartFlightRecording=filename=/tmp/p.jfr
    if (!childOpts.isEmpty()) command.addAll(List.of(childOpts.split("\\s+")));
    command.addAll(List.of("-cp", System.getProperty("java.class.path"), "org.portier.Main", node.configFile().toString()));
    Process portier = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    long pid = portier.pid();
    Runtime.getRuntime().addShutdownHook(new Thread(portier::destroyForcibly));
    System.out.printf("Portier pid %d, store %s, log %s%n", pid, node.conf.getJsonObject("store").getString("url"), log);
    WebClient client = WebClient.create(vertx, new WebClientOptions().setKeepAlive(true), new PoolOptions().setHttp1MaxSize(IN_FLIGHT));
    try {
      awaitHealthy(client, node, portier, log);
      long heapBefore = heapAfterGc(pid);
      System.out.printf("Portier started: heap after GC %.1f MB, %d threads, RSS %s%n", heapBefore / 1e6, threads(pid), rss(pid));

      // ---- logins ----
      String[] voipToken = new String[users];
      boolean[] ready = new boolean[users];
      AtomicInteger next = new AtomicInteger();
      AtomicInteger failed = new AtomicInteger();
      Map<String, Integer> failures = new ConcurrentHashMap<>();
      CountDownLatch done = new CountDownLatch(users);
      long cpu0 = cpuTicks(pid);
      long t0 = System.nanoTime();
      for (int lane = 0; lane < Math.min(IN_FLIGHT, users); lane++) {
        loginNext(client, node, all, voipToken, ready, next, failed, failures, done);
      }
      while (!done.await(10, TimeUnit.SECONDS)) {
        System.out.printf("  %.0f s: %d of %d users logged in and registered, %d failed%n", (System.nanoTime() - t0) / 1e9,
            users - done.getCount() - failed.get(), users, failed.get());
      }
      double connectSeconds = (System.nanoTime() - t0) / 1e9;
      double connectCpu = (cpuTicks(pid) - cpu0) / 100.0;
      long heapAfter = heapAfterGc(pid);
      int connected = users - failed.get();
      System.out.printf("%d users: POST /auth + PUT /tokens in %.1f s (%.0f logins/s, Portier CPU %.1f s), %d failed %s%n", users,
          connectSeconds, users / connectSeconds, connectCpu, failed.get(), failures.isEmpty() ? "" : failures);
      System.out.printf("Portier heap after GC: %.1f MB before, %.1f MB with %d users connected: %.1f KB per MX connection;"
          + " %d threads, RSS %s, MX sessions at the simulator %d%n", heapBefore / 1e6, heapAfter / 1e6, connected,
          (heapAfter - heapBefore) / 1024.0 / Math.max(1, connected), threads(pid), rss(pid), sim.sessionsAccepted());

      // ---- events ----
      List<Integer> live = new ArrayList<>();
      for (int i = 0; i < users; i++) if (ready[i]) live.add(i);
      int total = rate * seconds;
      long[] injectedAt = new long[total];
      int[] reached = new int[1];
      long period = 1_000_000_000L / rate;
      System.out.println("events from " + java.time.LocalTime.now());
      long cpu1 = cpuTicks(pid);
      long start = System.nanoTime();
      // Paced by the clock from one thread (Vert.x timers have 1 ms resolution); call id = event number + 1
      Thread pacer = new Thread(() -> {
        for (int e = 0; e < total && !live.isEmpty(); e++) {
          long wait = start + e * period - System.nanoTime();
          if (wait > 0) LockSupport.parkNanos(wait);
          MxSimulator.User u = all.get(live.get(e % live.size()));
          String xml = delivered(e + 1, u.ext());
          injectedAt[e] = System.nanoTime();
          reached[0] += sim.inject(u.login(), xml);
        }
      }, "mx-bench-pacer");
      pacer.start();
      pacer.join();
      double injectSeconds = (System.nanoTime() - start) / 1e9;
      // wait for the backlog while it moves: give up after 30 s without a new push
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
      for (int seen = apns.count(); seen < total && System.nanoTime() < deadline; ) {
        Thread.sleep(100);
        int now = apns.count();
        if (now > seen) deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        seen = now;
      }
      double eventCpu = (cpuTicks(pid) - cpu1) / 100.0;

      Map<Integer, Long> arrival = new HashMap<>();
      int duplicates = 0;
      int foreign = 0;
      for (FakeApns.Notification n : apns.received()) {
        Object id = n.payload().getValue("callId");
        if (!"voip".equals(n.pushType()) || !(id instanceof Number num)) {
          foreign++;
          continue;
        }
        if (arrival.putIfAbsent(num.intValue(), n.receivedNanos()) != null) duplicates++;
      }
      List<Long> counted = new ArrayList<>();
      List<Long> everything = new ArrayList<>();
      int lost = 0;
      for (int e = 0; e < total; e++) {
        Long at = arrival.get(e + 1);
        if (at == null) {
          lost++;
          continue;
        }
        long micros = (at - injectedAt[e]) / 1000;
        everything.add(micros);
        if (e >= rate * warmup) counted.add(micros);
      }
      System.out.printf("%d DeliveredEvents injected in %.1f s (%d sessions reached) to %d users; Portier CPU %.1f s (%.0f%% of one core)%n",
          total, injectSeconds, reached[0], live.size(), eventCpu, 100 * eventCpu / injectSeconds);
      System.out.printf("VoIP pushes at MockApnsServer: %d (%d events matched, %d lost, %d duplicates, %d other)%n", apns.count(),
          arrival.size(), lost, duplicates, foreign);
      // seconds whose worst push took over 50 ms: shows whether the tail is spread out or comes in stalls
      StringBuilder stalls = new StringBuilder();
      for (int sec = 0; sec < seconds; sec++) {
        long worst = 0;
        for (int e = sec * rate; e < Math.min(total, (sec + 1) * rate); e++) {
          Long at = arrival.get(e + 1);
          if (at != null) worst = Math.max(worst, (at - injectedAt[e]) / 1000);
        }
        if (worst > 50_000) stalls.append(String.format(" %ds:%.0fms", sec, worst / 1000.0));
      }
      System.out.println("seconds with a push over 50 ms (event second: worst):" + (stalls.length() == 0 ? " none" : stalls));
      Latencies.print("MX event -> VoIP push at the mock, all", everything);
      Latencies.print("MX event -> VoIP push at the mock, after warm-up", counted);
      long heapEnd = heapAfterGc(pid);
      System.out.printf("Portier heap after GC at the end: %.1f MB, %d threads, RSS %s%n", heapEnd / 1e6, threads(pid), rss(pid));
      if (Boolean.getBoolean("bench.histogram")) {
        String[] lines = jcmd(pid, "GC.class_histogram").split("\n");
        for (int i = 0; i < Math.min(lines.length, 28); i++) System.out.println(lines[i]);
      }
    } finally {
      portier.destroy();
      if (!portier.waitFor(20, TimeUnit.SECONDS)) portier.destroyForcibly();
      deleteTree(node.dir.resolve("db")); // the database (tens of MB); portier.log and the config stay for a look
      get(provisioning.close());
      get(sim.close());
      apns.close();
      get(vertx.close());
    }
  }

  /** Provisioning of MX Proxy: user "u7@bench.test" with password "pw" is MX account "u7" at the simulator. */
  private static Future<HttpServer> provisioning(Vertx vertx, MxSimulator sim) {
    return vertx.createHttpServer().requestHandler(req -> {
      String auth = req.getHeader("Authorization");
      String[] c = auth == null || !auth.startsWith("Basic ") ? new String[0]
          : new String(Base64.getDecoder().decode(auth.substring(6)), StandardCharsets.UTF_8).split(":", 2);
      if (c.length != 2 || !PASSWORD.equals(c[1]) || !c[0].endsWith(DOMAIN)) {
        req.response().setStatusCode(401).end();
        return;
      }
      String mx = c[0].substring(0, c[0].length() - DOMAIN.length());
      req.response().putHeader("content-type", "application/json").end(new JsonObject().put("MX", new JsonObject()
          .put("account_name", mx).put("account_pwd", "pw-" + mx).put("address", "127.0.0.1")
          .put("csta_port", Integer.toString(sim.port())).put("csta_ssl", true).put("sn", "63022")).encode());
    }).listen(0, "127.0.0.1");
  }

  private static void loginNext(WebClient client, TestNode node, List<MxSimulator.User> all, String[] voipToken, boolean[] ready,
      AtomicInteger next, AtomicInteger failed, Map<String, Integer> failures, CountDownLatch done) {
    int i = next.getAndIncrement();
    if (i >= all.size()) return;
    MxSimulator.User u = all.get(i);
    String token = String.format("%064x", i + 1L);
    client.request(HttpMethod.POST, node.httpPort, "127.0.0.1", "/auth").basicAuthentication(CLIENT, SECRET)
        .sendForm(MultiMap.caseInsensitiveMultiMap().add("grant_type", "password").add("username", u.login() + DOMAIN).add("password", PASSWORD))
        .compose(r -> expect(r, 200, "POST /auth"))
        .compose(r -> client.request(HttpMethod.PUT, node.httpPort, "127.0.0.1", "/tokens/apn/" + FakeApns.VOIP_TOPIC + "/" + token)
            .bearerTokenAuthentication(r.bodyAsJsonObject().getString("access_token")).send())
        .compose(r -> expect(r, 204, "PUT /tokens"))
        .onComplete(ar -> {
          if (ar.succeeded()) {
            voipToken[i] = token;
            ready[i] = true;
          } else {
            failed.incrementAndGet();
            String why = ar.cause().getMessage();
            if (failures.merge(why, 1, Integer::sum) == 1) System.out.println("  login of " + u.login() + " failed: " + why);
          }
          done.countDown();
          loginNext(client, node, all, voipToken, ready, next, failed, failures, done);
        });
  }

  private static Future<HttpResponse<Buffer>> expect(HttpResponse<Buffer> r, int status, String what) {
    if (r.statusCode() == status) return Future.succeededFuture(r);
    String body = r.bodyAsString();
    return Future.failedFuture(what + " " + r.statusCode() + " " + (body == null ? "" : body.length() > 80 ? body.substring(0, 80) : body));
  }

  /** A call ringing the user's own ext: MX Proxy pushes it as VoIP (mx-proxy.md §2.7). */
  static String delivered(int callId, String ext) {
    return "<DeliveredEvent><monitorCrossRefID>17</monitorCrossRefID><connection><callID>" + callId + "</callID><deviceID>" + ext
        + "</deviceID><globalCallID>28086304351422" + callId + "</globalCallID></connection><alertingDevice><deviceIdentifier>" + ext
        + "</deviceIdentifier></alertingDevice><callingDevice><deviceIdentifier>3044</deviceIdentifier></callingDevice><calledDevice>"
        + "<deviceIdentifier>" + ext + "</deviceIdentifier></calledDevice><localConnectionInfo>alerting</localConnectionInfo>"
        + "<cause>newCall</cause><callTypeFlags>170917889</callTypeFlags></DeliveredEvent>";
  }

  private static void awaitHealthy(WebClient client, TestNode node, Process portier, Path log) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
    while (System.nanoTime() < deadline) {
      if (!portier.isAlive()) throw new IllegalStateException("Portier exited with " + portier.exitValue() + ", see " + log);
      try {
        HttpResponse<Buffer> r = get(client.request(HttpMethod.GET, node.adminPort, "127.0.0.1", "/health")
            .bearerTokenAuthentication(TestNode.ADMIN_TOKEN).send());
        if (r.statusCode() == 200) return;
      } catch (Exception e) {
        // not listening yet
      }
      Thread.sleep(200);
    }
    throw new IllegalStateException("Portier not healthy after 90 s, see " + log);
  }

  /** Used heap of the child after a full GC, from {@code jcmd GC.heap_info} (bytes). */
  private static long heapAfterGc(long pid) throws Exception {
    long used = -1;
    for (int i = 0; i < 2; i++) {
      jcmd(pid, "GC.run");
      Thread.sleep(500);
      String info = jcmd(pid, "GC.heap_info");
      Matcher m = HEAP_USED.matcher(info);
      if (!m.find()) throw new IllegalStateException("cannot read GC.heap_info: " + info);
      used = Long.parseLong(m.group(1)) * 1024;
    }
    return used;
  }

  private static String jcmd(long pid, String command) throws IOException, InterruptedException {
    Process p = new ProcessBuilder(JDK_BIN + "jcmd", Long.toString(pid), command).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (p.waitFor() != 0) throw new IllegalStateException("jcmd " + command + ": " + out);
    return out;
  }

  /** utime + stime of the process in clock ticks (100 per second on Linux). */
  private static long cpuTicks(long pid) {
    try {
      String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
      String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
      return Long.parseLong(f[11]) + Long.parseLong(f[12]);
    } catch (IOException e) {
      return 0;
    }
  }

  private static String status(long pid, String key) {
    try {
      for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
        if (line.startsWith(key + ":")) return line.substring(key.length() + 1).trim();
      }
    } catch (IOException e) {
      // gone
    }
    return "?";
  }

  private static int threads(long pid) {
    String t = status(pid, "Threads");
    return t.equals("?") ? -1 : Integer.parseInt(t);
  }

  private static String rss(long pid) {
    return status(pid, "VmRSS");
  }

  private static String openFilesLimit() {
    try {
      for (String line : Files.readAllLines(Path.of("/proc/self/limits"))) if (line.startsWith("Max open files")) return line.split("\\s+")[3];
    } catch (IOException e) {
      // not Linux
    }
    return "?";
  }

  private static void deleteTree(Path dir) {
    try (var paths = Files.walk(dir)) {
      paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      // nothing to delete
    }
  }

  private static <T> T get(Future<T> f) throws Exception {
    return f.toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
  }
}
