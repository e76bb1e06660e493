package org.portier.http;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.RoutingContext;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.portier.config.Config;
import org.portier.config.LiveConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps one client from holding the listener: caps the open connections (http.maxConnections in
 * total, http.maxConnectionsPerIp per remote address; trusted proxies count only in the total,
 * since every client behind them shares their address) and gives every connection a deadline for
 * its next complete request: http.requestTimeout from opening, then http.idleTimeout after each
 * answer. A client that trickles its headers or body, or keeps a connection open without using
 * it, is closed when the deadline passes. One instance per HTTP verticle: its connections live on
 * that verticle's event loop, so the per-connection state needs no locking; the counts are shared
 * by the node ({@link ConnectionCounts}).
 */
final class ConnectionGuard {
  private static final Logger LOG = LoggerFactory.getLogger(ConnectionGuard.class);
  /** Closes are summed up in one log line per this period, not one per connection. */
  private static final long REPORT_EVERY_MS = 60_000;
  private static final AtomicLong refusedPerIp = new AtomicLong();
  private static final AtomicLong refusedTotal = new AtomicLong();
  private static final AtomicLong pastDeadline = new AtomicLong();
  private static final AtomicLong lastReport = new AtomicLong();

  private final Vertx vertx;
  private final LiveConfig config;
  private final ConnectionCounts counts;
  private final HttpServerOptions options;
  private final long idleMillis;
  private final Map<HttpConnection, State> states = new HashMap<>();
  private boolean strictFraming = true;

  /** One connection: its deadline timer, requests not yet answered, and whether it is being closed. */
  private static final class State {
    final String ip;
    final boolean countedPerIp;
    long timer = -1;
    int unanswered;
    boolean closing;

    State(String ip, boolean countedPerIp) {
      this.ip = ip;
      this.countedPerIp = countedPerIp;
    }
  }

  ConnectionGuard(Vertx vertx, LiveConfig config, HttpServerOptions options) {
    this.vertx = vertx;
    this.config = config;
    this.counts = ConnectionCounts.of(vertx);
    this.options = options;
    this.idleMillis = config.get().duration("http.idleTimeout").toMillis();
  }

  /** The server's connection handler: counts the connection or closes it at once when over a cap. */
  void connected(HttpConnection conn) {
    Config c = config.get();
    String ip = conn.remoteAddress() == null || conn.remoteAddress().host() == null ? "unknown" : conn.remoteAddress().host();
    boolean perIp = !ClientIp.isTrustedProxy(ip, c);
    ConnectionCounts.Refusal refusal = counts.open(ip, perIp, c.integer("http.maxConnections"), c.integer("http.maxConnectionsPerIp"));
    // a connection error (reset, bad bytes) is the client's business: the request in flight sees it
    conn.exceptionHandler(e -> LOG.debug("connection from {}: {}", ip, e.toString()));
    if (refusal != null) {
      (refusal == ConnectionCounts.Refusal.TOTAL ? refusedTotal : refusedPerIp).incrementAndGet();
      report(c);
      conn.close();
      return;
    }
    State s = new State(ip, perIp);
    states.put(conn, s);
    conn.closeHandler(v -> {
      states.remove(conn);
      vertx.cancelTimer(s.timer);
      counts.close(ip, perIp);
    });
    if (strictFraming && !StrictRequestDecoder.install(conn, options)) {
      strictFraming = false;
      LOG.warn("this Vert.x build does not let Portier check request framing: requests with both Content-Length and Transfer-Encoding are framed by Transfer-Encoding");
    }
    arm(conn, s, c.duration("http.requestTimeout").toMillis());
  }

  /**
   * Called for each request before routing; false when the connection is being closed (after a
   * refused request, or over a cap): nothing more on it is answered.
   */
  boolean request(HttpServerRequest req) {
    HttpConnection conn = req.connection();
    State s = states.get(conn);
    if (s == null || s.closing) {
      conn.close();
      return false;
    }
    s.unanswered++;
    // the deadline covers the body too: it ends once the whole request is in
    req.end().onComplete(ar -> {
      if (ar.succeeded() && s.unanswered > 0) cancel(s);
    });
    return true;
  }

  /** Called when a routed request's answer has been sent: the connection gets http.idleTimeout for its next request. */
  void answered(RoutingContext ctx) {
    HttpConnection conn = ctx.request().connection();
    State s = states.get(conn);
    if (s == null) return;
    if (--s.unanswered <= 0) {
      s.unanswered = 0;
      arm(conn, s, idleMillis);
    }
  }

  /** Marks the connection so that nothing more on it is answered, then closes it once the current answer is out. */
  void closeAfterAnswer(HttpServerRequest req) {
    State s = states.get(req.connection());
    if (s != null) s.closing = true;
    req.response().putHeader("Connection", "close");
    req.response().endHandler(v -> req.connection().close());
  }

  private void arm(HttpConnection conn, State s, long millis) {
    cancel(s);
    s.timer = vertx.setTimer(millis, id -> {
      s.timer = -1;
      s.closing = true;
      pastDeadline.incrementAndGet();
      report(config.get());
      conn.close();
    });
  }

  private void cancel(State s) {
    if (s.timer >= 0) vertx.cancelTimer(s.timer);
    s.timer = -1;
  }

  /** One log line per period with what was closed, so a flood cannot flood the log too. */
  private static void report(Config c) {
    long now = System.currentTimeMillis();
    long last = lastReport.get();
    if (now - last < REPORT_EVERY_MS || !lastReport.compareAndSet(last, now)) return;
    long ip = refusedPerIp.getAndSet(0);
    long total = refusedTotal.getAndSet(0);
    long late = pastDeadline.getAndSet(0);
    LOG.warn("public listener closed connections: {} over http.maxConnectionsPerIp ({}), {} over http.maxConnections ({}), {} without a complete request in time",
        ip, c.integer("http.maxConnectionsPerIp"), total, c.integer("http.maxConnections"), late);
  }
}
