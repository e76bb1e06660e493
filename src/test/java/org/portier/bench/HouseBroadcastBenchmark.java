package org.portier.bench;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.portier.inbox.BigHouse;
import org.portier.testing.FakeFcm;
import org.portier.testing.Latencies;
import org.portier.testing.TestNode;

/**
 * Not a test (surefire never runs it): one operator message to a house of {@code subscribers}
 * subscribers (10 per flat, one Android device each, written straight into the database), through
 * the real path: POST /integration/v1/messages {houseId}, the inbox actor's batches, the push
 * actor's outbox and firebase-admin to a fake FCM server in the same JVM. Prints the time to the
 * 202, until every message is stored, until the fake FCM has accepted every push, and the latency
 * of an unrelated request (GET /integration/v1/houses every 10 ms) during the fan-out. Run with
 * {@code scripts/bench broadcast [subscribers]}.
 */
public final class HouseBroadcastBenchmark {
  public static void main(String[] args) throws Exception {
    int subscribers = args.length > 0 ? Integer.parseInt(args[0]) : 10_000;
    Vertx vertx = Vertx.vertx();
    FakeFcm fcm = get(FakeFcm.start(vertx));
    TestNode node = TestNode.inTempDir();
    FakeFcm.configure(node, fcm);
    if (System.getProperty("bench.storeUrl") != null) node.set("store.url", System.getProperty("bench.storeUrl"));
    if (System.getProperty("bench.batchSize") != null) node.set("inbox.batchSize", Integer.parseInt(System.getProperty("bench.batchSize")));
    get(node.start(vertx));
    // -Dbench.deviceEvery=0 leaves the devices (and so the pushes) out, to see the store side alone
    int deviceEvery = Integer.getInteger("bench.deviceEvery", 1);
    int devices = deviceEvery == 0 ? 0 : (subscribers + deviceEvery - 1) / deviceEvery;
    long house = get(BigHouse.insert(node.portier().store().pool(), 1_000_000, subscribers, deviceEvery));
    // enough connections that a slow answer never queues the next ping behind it in the client
    WebClient client = WebClient.create(vertx, new io.vertx.ext.web.client.WebClientOptions().setKeepAlive(true),
        new io.vertx.core.http.PoolOptions().setHttp1MaxSize(200));

    // the unrelated requests, every 10 ms from before the POST until every push is accepted
    List<Long> pings = Collections.synchronizedList(new ArrayList<>());
    long pinger = vertx.setPeriodic(10, t -> {
      long t0 = System.nanoTime();
      client.request(HttpMethod.GET, node.httpPort, "127.0.0.1", "/integration/v1/houses").bearerTokenAuthentication(TestNode.API_KEY).send()
          .onSuccess(r -> {
            if (r.statusCode() == 200) pings.add((System.nanoTime() - t0) / 1000);
          });
    });
    Thread.sleep(3000); // warm-up
    pings.clear();
    Thread.sleep(2000);
    List<Long> idle = new ArrayList<>(pings);
    pings.clear();

    long start = System.nanoTime();
    HttpResponse<?> accepted = get(client.request(HttpMethod.POST, node.httpPort, "127.0.0.1", "/integration/v1/messages")
        .bearerTokenAuthentication(TestNode.API_KEY)
        .sendJsonObject(new JsonObject().put("houseId", Long.toString(house)).put("title", "Плановые работы").put("body", "Воды не будет с 10 до 14")));
    long answered = System.nanoTime() - start;
    String id = ((HttpResponse<io.vertx.core.buffer.Buffer>) accepted).bodyAsJsonObject().getString("broadcastId");
    long stored = -1;
    long pushed = -1;
    long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(5);
    while ((stored < 0 || pushed < 0) && System.nanoTime() < deadline) {
      if (stored < 0) {
        JsonObject s = get(client.request(HttpMethod.GET, node.httpPort, "127.0.0.1", "/integration/v1/messages/broadcasts/" + id)
            .bearerTokenAuthentication(TestNode.API_KEY).send()).bodyAsJsonObject();
        if (s.getInteger("stored") >= subscribers) stored = System.nanoTime() - start;
      }
      if (pushed < 0 && fcm.count() >= devices) pushed = System.nanoTime() - start;
      Thread.sleep(5);
    }
    vertx.cancelTimer(pinger);
    System.out.printf("house broadcast: %d subscribers, %d Android devices, batch %d, store %s, %d cores%n", subscribers, devices,
        node.conf.getJsonObject("inbox", new JsonObject()).getInteger("batchSize", 500), node.conf.getJsonObject("store").getString("url"),
        Runtime.getRuntime().availableProcessors());
    System.out.printf("POST /messages -> %d: %.1f ms%n", accepted.statusCode(), answered / 1e6);
    System.out.printf("all %d messages stored: %.0f ms; all pushes accepted by the fake FCM (%d): %.0f ms%n", subscribers, stored / 1e6,
        fcm.count(), pushed / 1e6);
    Latencies.print("GET /houses every 10 ms, idle (2 s before)", idle);
    Latencies.print("GET /houses every 10 ms during the fan-out", pings);
    get(node.stop());
    get(fcm.close());
    get(vertx.close());
  }

  private static <T> T get(Future<T> f) throws Exception {
    return f.toCompletionStage().toCompletableFuture().get(120, TimeUnit.SECONDS);
  }
}
