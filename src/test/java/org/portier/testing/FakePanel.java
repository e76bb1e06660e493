package org.portier.testing;

import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A door panel's HTTP API for tests, on a free port: records method, path, query, headers and body
 * of every request and answers {@link #status}, or only after {@link #delayMs} (to provoke the
 * client's timeout).
 */
public final class FakePanel {
  public record Received(String method, String path, MultiMap query, MultiMap headers, String body) {}

  private final BlockingQueue<Received> received = new LinkedBlockingQueue<>();
  private HttpServer server;
  private Vertx vertx;
  public volatile int status = 200;
  public volatile long delayMs;

  public Future<FakePanel> start(Vertx vertx) {
    this.vertx = vertx;
    server = vertx.createHttpServer().requestHandler(req -> req.body().onSuccess(b -> {
      received.add(new Received(req.method().name(), req.path(), MultiMap.caseInsensitiveMultiMap().addAll(req.params()),
          MultiMap.caseInsensitiveMultiMap().addAll(req.headers()), b.toString()));
      if (delayMs > 0) {
        vertx.setTimer(delayMs, t -> {
          if (!req.response().closed()) req.response().setStatusCode(status).end("late");
        });
      } else {
        req.response().setStatusCode(status).end(status / 100 == 2 ? "" : "panel error");
      }
    }));
    return server.listen(0, "127.0.0.1").map(this);
  }

  public int port() {
    return server.actualPort();
  }

  public String url() {
    return "http://127.0.0.1:" + port();
  }

  /** The next request the panel received, waiting up to 10 s for it. */
  public Received next() throws InterruptedException {
    Received r = received.poll(10, TimeUnit.SECONDS);
    if (r == null) throw new AssertionError("the panel received no request");
    return r;
  }

  /** True when the panel has received nothing not yet taken by {@link #next}. */
  public boolean isIdle() {
    return received.isEmpty();
  }

  public Future<Void> stop() {
    return server == null ? Future.succeededFuture() : server.close();
  }
}
