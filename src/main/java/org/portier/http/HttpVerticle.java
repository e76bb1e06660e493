package org.portier.http;

import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import java.util.List;
import org.portier.config.LiveConfig;
import org.portier.security.SecretBox;
import org.portier.store.Store;

/**
 * The public HTTP server: routers only, no state of its own. One instance per event loop; every
 * instance follows config reloads on its own context. Listener settings (host, port, prefixes)
 * take effect at the next start; everything read per request follows a reload at once.
 */
public final class HttpVerticle extends VerticleBase {
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
    Router router = Router.router(vertx);
    for (FaceRoutes face : faceRoutes) face.mount(router, faces);
    router.route().last().handler(ctx -> ctx.response().setStatusCode(404)
        .putHeader("content-type", "application/json").end("{\"error\":\"no such endpoint\"}"));
    server = vertx.createHttpServer(new HttpServerOptions().setHost(config.get().string("http.host")).setPort(config.get().integer("http.port"))
        .setMaxFormAttributeSize(8192).setDecompressionSupported(true));
    return server.requestHandler(router).listen();
  }

  @Override
  public Future<?> stop() {
    if (web != null) web.close();
    return server == null ? Future.succeededFuture() : server.close();
  }
}
