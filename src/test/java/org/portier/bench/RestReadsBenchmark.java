package org.portier.bench;

import io.vertx.core.AbstractVerticle;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.portier.mx.MxSimulator;
import org.portier.testing.Latencies;
import org.portier.testing.TestNode;

/**
 * Not a test (surefire never runs it): DESIGN's target "authenticated mobile/MX REST reads at no
 * less than half the requests/s of a bare Vert.x hello server on the same machine". The same
 * closed-loop driver ({@code connections} keep-alive connections, each sending its next request as
 * soon as the previous answer is in) runs for {@code seconds} against:
 * <ol>
 *   <li>a bare Vert.x server answering "hello" (one instance per core, as Portier deploys its server);
 *   <li>MX face {@code GET /auth} with a Bearer JWT (ES256 check, the user's live MX connection
 *       asked for its state over the event bus, the session JSON) of a user logged in to the MX simulator;
 *   <li>mobile face {@code POST /mobile/address/getAddressList} with a Bearer token (token lookup,
 *       the subscriber's houses, flats and doors read from the HSQLDB file store).
 * </ol>
 * Driver and servers share the JVM and the cores, alike for all three. Run with
 * {@code scripts/bench reads [connections=32] [seconds=10] [warmupSeconds=3]}; {@code -Dbench.poolSize=N} in
 * PORTIER_BENCH_OPTS sets store.poolSize (default 8).
 */
public final class RestReadsBenchmark {
  private static final String PHONE = "79990000001";
  private static final String CODE = "1234";

  public static void main(String[] args) throws Exception {
    int connections = args.length > 0 ? Integer.parseInt(args[0]) : 32;
    int seconds = args.length > 1 ? Integer.parseInt(args[1]) : 10;
    int warmup = args.length > 2 ? Integer.parseInt(args[2]) : 3;
    Vertx vertx = Vertx.vertx();

    int helloPort = TestNode.freePort();
    get(vertx.deployVerticle(() -> new AbstractVerticle() {
      @Override
      public void start(Promise<Void> started) {
        HttpServer s = vertx.createHttpServer();
        s.requestHandler(req -> req.response().putHeader("content-type", "text/plain").end("hello"))
            .listen(helloPort, "127.0.0.1").<Void>mapEmpty().onComplete(started);
      }
    }, new DeploymentOptions().setInstances(Math.max(1, Runtime.getRuntime().availableProcessors()))));

    MxSimulator sim = get(MxSimulator.start(vertx, 0));
    sim.addUser(MxSimulator.User.of("reader", "mx-secret", "301"));
    HttpServer provisioning = get(vertx.createHttpServer().requestHandler(req -> req.response().putHeader("content-type", "application/json")
        .end(new JsonObject().put("MX", new JsonObject().put("account_name", "reader").put("account_pwd", "mx-secret")
            .put("address", "127.0.0.1").put("csta_port", sim.port()).put("csta_ssl", true).put("sn", "63022")).encode()))
        .listen(0, "127.0.0.1"));
    TestNode node = TestNode.inTempDir();
    node.set("apps", new JsonObject().put("bench", "bench-secret"))
        .set("provisioning", "http://127.0.0.1:" + provisioning.actualPort() + "/config")
        .set("store.poolSize", Integer.getInteger("bench.poolSize", 8)).set("mobile.limits.requestCodePerPhone", "").set("mobile.limits.confirmCodePerPhone", "");
    get(node.start(vertx));
    String mxToken = mxLogin(node);
    String mobileToken = mobileLogin(node);

    HttpClient client = vertx.createHttpClient(new HttpClientOptions().setKeepAlive(true), new PoolOptions().setHttp1MaxSize(connections));
    System.out.printf("%d connections, %d s measured after %d s of warm-up, %d cores, Java %s%n", connections, seconds, warmup,
        Runtime.getRuntime().availableProcessors(), System.getProperty("java.version"));
    double hello = run("bare Vert.x hello", client, new RequestOptions().setMethod(HttpMethod.GET).setPort(helloPort)
        .setHost("127.0.0.1").setURI("/"), null, connections, seconds, warmup);
    double mx = run("MX GET /auth (Bearer JWT)", client, new RequestOptions().setMethod(HttpMethod.GET).setPort(node.httpPort)
        .setHost("127.0.0.1").setURI("/auth").putHeader("Authorization", "Bearer " + mxToken), null, connections, seconds, warmup);
    double mobile = run("mobile address/getAddressList", client, new RequestOptions().setMethod(HttpMethod.POST).setPort(node.httpPort)
        .setHost("127.0.0.1").setURI("/mobile/address/getAddressList").putHeader("Authorization", "Bearer " + mobileToken)
        .putHeader("content-type", "application/json"), Buffer.buffer("{}"), connections, seconds, warmup);
    System.out.printf("MX GET /auth at %.0f%% of hello; mobile getAddressList at %.0f%% of hello (target: at least 50%%)%n",
        100 * mx / hello, 100 * mobile / hello);

    get(node.stop());
    get(provisioning.close());
    get(sim.close());
    get(vertx.close());
  }

  /** Closed loop for warm-up + measured seconds; prints and returns the measured requests/s (2xx only). */
  private static double run(String what, HttpClient client, RequestOptions options, Buffer body, int connections, int seconds, int warmup)
      throws Exception {
    long warmEnd = System.nanoTime() + TimeUnit.SECONDS.toNanos(warmup);
    long end = warmEnd + TimeUnit.SECONDS.toNanos(seconds);
    AtomicLong ok = new AtomicLong();
    AtomicLong bad = new AtomicLong();
    List<Long> latencies = Collections.synchronizedList(new ArrayList<>());
    List<Future<Void>> lanes = new ArrayList<>();
    for (int c = 0; c < connections; c++) {
      Promise<Void> lane = Promise.promise();
      lanes.add(lane.future());
      next(client, options, body, warmEnd, end, ok, bad, latencies, lane);
    }
    get(Future.all(lanes));
    double rps = ok.get() / (double) seconds;
    System.out.printf("%-34s %8.0f requests/s (%d failed)%n", what, rps, bad.get());
    Latencies.print("  " + what, latencies);
    return rps;
  }

  private static void next(HttpClient client, RequestOptions options, Buffer body, long warmEnd, long end, AtomicLong ok, AtomicLong bad,
      List<Long> latencies, Promise<Void> lane) {
    long t0 = System.nanoTime();
    if (t0 >= end) {
      lane.complete();
      return;
    }
    client.request(options).compose(req -> body == null ? req.send() : req.send(body)).compose(resp -> resp.body().map(b -> resp.statusCode()))
        .onComplete(ar -> {
          long t1 = System.nanoTime();
          if (t0 >= warmEnd && t1 < end) {
            if (ar.succeeded() && ar.result() / 100 == 2) {
              ok.incrementAndGet();
              latencies.add((t1 - t0) / 1000);
            } else {
              bad.incrementAndGet();
            }
          }
          next(client, options, body, warmEnd, end, ok, bad, latencies, lane);
        });
  }

  private static String mxLogin(TestNode node) throws Exception {
    HttpResponse<Buffer> r = get(node.http(HttpMethod.POST, "/auth").basicAuthentication("bench", "bench-secret")
        .sendForm(MultiMap.caseInsensitiveMultiMap().add("grant_type", "password").add("username", "reader@example.com").add("password", "pw")));
    if (r.statusCode() != 200) throw new IllegalStateException("MX login: " + TestNode.status(r));
    return r.bodyAsJsonObject().getString("access_token");
  }

  /** A house with two doors and a flat whose owner logs in with the node's test number, as the apps do. */
  private static String mobileLogin(TestNode node) throws Exception {
    String house = get(node.create("/houses", new JsonObject().put("address", "Benchmark st. 2"))).getString("id");
    get(node.create("/houses/" + house + "/doors", new JsonObject().put("panelId", 100071).put("doorId", 0).put("name", "Entrance")));
    get(node.create("/houses/" + house + "/doors", new JsonObject().put("panelId", 100072).put("doorId", 0).put("name", "Gate")));
    String flat = get(node.create("/houses/" + house + "/flats", new JsonObject().put("number", "11"))).getString("id");
    get(node.create("/flats/" + flat + "/subscribers", new JsonObject().put("phone", PHONE).put("role", "owner")));
    HttpResponse<Buffer> asked = get(node.http(HttpMethod.POST, "/mobile/user/requestCode").sendJsonObject(new JsonObject().put("userPhone", PHONE)));
    if (asked.statusCode() != 200) throw new IllegalStateException("requestCode: " + TestNode.status(asked));
    HttpResponse<Buffer> confirmed = get(node.http(HttpMethod.POST, "/mobile/user/confirmCode")
        .sendJsonObject(new JsonObject().put("userPhone", PHONE).put("smsCode", CODE)));
    if (confirmed.statusCode() != 200) throw new IllegalStateException("confirmCode: " + TestNode.status(confirmed));
    return confirmed.bodyAsJsonObject().getJsonObject("data").getString("accessToken");
  }

  private static <T> T get(Future<T> f) throws Exception {
    return f.toCompletionStage().toCompletableFuture().get(2, TimeUnit.MINUTES);
  }
}
