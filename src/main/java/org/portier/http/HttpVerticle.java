package org.portier.http;

import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpVersion;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import java.util.List;
import io.vertx.ext.web.handler.BodyHandler;
import java.util.concurrent.TimeUnit;
import org.portier.config.LiveConfig;
import org.portier.security.SecretBox;
import org.portier.store.Store;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The public HTTP server: routers only, no state of its own beyond its connections. One instance
 * per event loop; every instance follows config reloads on its own context. Listener settings
 * (host, port, prefixes, http.idleTimeout) take effect at the next start; everything read per
 * request or per connection (caps, http.requestTimeout, body limit) follows a reload at once.
 *
 * <p>Before any face sees a request, the listener refuses what no face could answer well: a
 * connection over its caps or past its deadline ({@link ConnectionGuard}), ambiguous framing
 * ({@link StrictRequestDecoder}), an HTTP/1.1 request without Host, a compressed body (bodies are
 * small JSON or forms; no client compresses them, and refusing spares a decompression step an
 * attacker could abuse); it reads every body once, within http.bodyLimit, so a body that cannot be
 * read is answered here, in the face's format, with no stack trace.
 */
public final class HttpVerticle extends VerticleBase {
  private static final Logger LOG = LoggerFactory.getLogger(HttpVerticle.class);
  /** Routing-context key set while the root body handler reads the body. */
  private static final String READING_BODY = "portier.http.readingBody";
  private final Store store;
  private final SecretBox secrets;
  private final LiveConfig config;
  private final List<FaceRoutes> faceRoutes;
  private HttpServer server;
  private WebClient web;

  /** {@code faceRoutes}: every face of the public server, in mounting order (specific prefixes before "/"). */
  public HttpVerticle(LiveConfig config, Store store, SecretBox secrets, List<FaceRoutes> faceRoutes) {
    this.config = config;
    this.faceRoutes = List.copyOf(faceRoutes);
    this.store = store;
    this.secrets = secrets;
  }

  @Override
  public Future<?> start() {
    web = WebClient.create(vertx, new WebClientOptions().setUserAgent("Portier").setFollowRedirects(false));
    Faces faces = new Faces(vertx, store.pool(), store.ids(), config, secrets, web);
    FaceErrors errors = new FaceErrors(config.get());
    HttpServerOptions options = new HttpServerOptions().setHost(config.get().string("http.host")).setPort(config.get().integer("http.port"))
        .setMaxFormAttributeSize(8192)
        // one request at a time per connection, so each connection has one deadline
        .setHttp2ClearTextEnabled(false)
        .setIdleTimeout((int) config.get().duration("http.idleTimeout").toMillis()).setIdleTimeoutUnit(TimeUnit.MILLISECONDS);
    ConnectionGuard guard = new ConnectionGuard(vertx, config, options);

    Router router = Router.router(vertx);
    // first: a failure while the body is read is the listener's to answer, before any face's failure handler
    router.route().failureHandler(ctx -> unreadableBody(ctx, errors));
    router.route().handler(ctx -> {
      ctx.addEndHandler(ar -> guard.answered(ctx));
      ClientIp.of(ctx, config.get());
      ctx.next();
    });
    router.route().handler(bodies());
    router.route().handler(ctx -> {
      ctx.remove(READING_BODY);
      ctx.next();
    });
    HealthRoutes.mount(router, store.pool(), config);
    for (FaceRoutes face : faceRoutes) face.mount(router, faces);
    router.route().last().handler(ctx -> ctx.response().setStatusCode(404)
        .putHeader("content-type", "application/json").end("{\"error\":\"no such endpoint\"}"));
    router.route().failureHandler(ctx -> failed(ctx, errors));

    RateLimiter limiter = RateLimiter.of(vertx);
    vertx.setPeriodic(RateLimiter.SWEEP_EVERY_MS, id -> vertx.executeBlocking(() -> {
      limiter.sweepIfDue();
      return null;
    }, false));

    server = vertx.createHttpServer(options);
    server.connectionHandler(guard::connected);
    server.invalidRequestHandler(req -> invalid(req, guard, errors));
    return server.requestHandler(req -> {
      if (!guard.request(req)) return;
      Refusal refusal = refusal(req);
      if (refusal == null) {
        router.handle(req);
      } else {
        guard.closeAfterAnswer(req);
        errors.send(req.response(), path(req), refusal.status(), refusal.message());
      }
    }).listen();
  }

  private record Refusal(int status, String message) {}

  /** Why the listener refuses the request before routing, or null. */
  private static Refusal refusal(HttpServerRequest req) {
    if (req.version() == HttpVersion.HTTP_1_1 && req.authority() == null) return new Refusal(400, "the Host header is required (HTTP/1.1)");
    String encoding = req.getHeader(HttpHeaders.CONTENT_ENCODING);
    if (encoding != null && !encoding.trim().equalsIgnoreCase("identity") && hasBody(req)) {
      return new Refusal(415, "Content-Encoding " + encoding.trim() + " is not supported: send the body uncompressed");
    }
    return null;
  }

  private static boolean hasBody(HttpServerRequest req) {
    String length = req.getHeader(HttpHeaders.CONTENT_LENGTH);
    return req.getHeader(HttpHeaders.TRANSFER_ENCODING) != null || length != null && !length.trim().equals("0");
  }

  /** A request the decoder could not read (bad request line or headers, ambiguous framing): 400 in the face's format, then closed. */
  private static void invalid(HttpServerRequest req, ConnectionGuard guard, FaceErrors errors) {
    Throwable cause = req.decoderResult() == null ? null : req.decoderResult().cause();
    LOG.info("refused a malformed request from {}: {}", peer(req), cause == null ? "unreadable" : cause.getMessage());
    if (!guard.request(req)) return;
    guard.closeAfterAnswer(req);
    String message = cause instanceof StrictRequestDecoder.AmbiguousFraming
        ? "a request must not carry both Content-Length and Transfer-Encoding"
        : cause instanceof io.netty.handler.codec.http.TooLongHttpLineException ? "the request line is too long"
        : cause instanceof io.netty.handler.codec.http.TooLongHttpHeaderException ? "the request headers are too large"
        : "the request could not be read";
    int status = cause instanceof io.netty.handler.codec.http.TooLongHttpLineException ? 414
        : cause instanceof io.netty.handler.codec.http.TooLongHttpHeaderException ? 431 : 400;
    errors.send(req.response(), path(req), status, message);
  }

  /** Reads every body once, with the body limit in force (http.bodyLimit follows a reload); the faces' own body handlers then pass. */
  private Handler<RoutingContext> bodies() {
    final class Current {
      long limit = -1;
      BodyHandler handler;
    }
    Current current = new Current();
    return ctx -> {
      long limit = config.get().number("http.bodyLimit");
      if (limit != current.limit) {
        current.handler = BodyHandler.create(false).setBodyLimit(limit);
        current.limit = limit;
      }
      ctx.put(READING_BODY, limit);
      current.handler.handle(ctx);
    };
  }

  /**
   * A body that could not be read (too large, broken chunks, the client went away, the deadline
   * passed) is the client's mistake: answered in the face's format while the connection still
   * stands, logged in one line without a stack trace. Other failures go on to the faces.
   */
  private static void unreadableBody(RoutingContext ctx, FaceErrors errors) {
    Object limit = ctx.get(READING_BODY);
    if (limit == null) {
      ctx.next();
      return;
    }
    Throwable t = ctx.failure();
    if (ctx.response().closed() || ctx.response().ended()) {
      LOG.debug("{} {}: the body could not be read: {}", ctx.request().method(), path(ctx.request()), t == null ? ctx.statusCode() : reason(t));
      return;
    }
    if (ctx.statusCode() == 413) {
      errors.tooLarge(ctx.response(), path(ctx.request()), limit);
      return;
    }
    if (t != null) {
      LOG.info("{} {} from {}: the body could not be read: {}", ctx.request().method(), path(ctx.request()), peer(ctx.request()), reason(t));
      ctx.response().putHeader("Connection", "close");
    }
    errors.unreadable(ctx.response(), path(ctx.request()));
  }

  /** The last failure handler, for what no face answered: a bug, logged once with its stack trace. */
  private static void failed(RoutingContext ctx, FaceErrors errors) {
    if (ctx.response().ended()) return;
    Throwable t = ctx.failure();
    if (t == null && ctx.statusCode() >= 400 && ctx.statusCode() < 500) {
      errors.send(ctx.response(), path(ctx.request()), ctx.statusCode(), "the request could not be served");
      return;
    }
    LOG.error("{} {} failed", ctx.request().method(), path(ctx.request()), t);
    errors.send(ctx.response(), path(ctx.request()), 500, "internal error");
  }

  /** What went wrong, in the words of the failure alone: no class names, no stack trace. */
  private static String reason(Throwable t) {
    String m = t.getMessage();
    return m == null || m.isBlank() ? "the stream broke" : m.length() > 200 ? m.substring(0, 200) : m;
  }

  private static String path(HttpServerRequest req) {
    try {
      return req.path();
    } catch (RuntimeException unparsable) {
      return "/";
    }
  }

  private static String peer(HttpServerRequest req) {
    return req.remoteAddress() == null ? "unknown" : req.remoteAddress().host();
  }

  @Override
  public Future<?> stop() {
    if (web != null) web.close();
    return server == null ? Future.succeededFuture() : server.close();
  }
}
