package org.portier.testing;

import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * An HTTP SMS gateway for tests: records every request and answers with {@link #status}, or not at
 * all when {@link #silent} (to provoke the client timeout).
 */
public final class FakeSmsGateway {
  public record Received(String method, String uri, MultiMap headers, String body) {}

  private final BlockingQueue<Received> received = new LinkedBlockingQueue<>();
  private HttpServer server;
  public volatile int status = 200;
  public volatile boolean silent;

  public Future<FakeSmsGateway> start(Vertx vertx) {
    server = vertx.createHttpServer().requestHandler(req -> req.body().onSuccess(b -> {
      received.add(new Received(req.method().name(), req.uri(), MultiMap.caseInsensitiveMultiMap().addAll(req.headers()), b.toString()));
      if (!silent) req.response().setStatusCode(status).end("{\"ok\":" + (status == 200) + "}");
    }));
    return server.listen(0, "127.0.0.1").map(this);
  }

  public int port() {
    return server.actualPort();
  }

  /** The next request the gateway received, waiting up to 10 s for it. */
  public Received next() throws InterruptedException {
    Received r = received.poll(10, TimeUnit.SECONDS);
    if (r == null) throw new AssertionError("the SMS gateway received no request");
    return r;
  }

  public boolean isIdle() {
    return received.isEmpty();
  }

  public Future<Void> stop() {
    return server == null ? Future.succeededFuture() : server.close();
  }
}
