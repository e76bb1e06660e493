package org.portier.sip;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Base64;
import org.portier.bus.Addresses;
import org.portier.bus.BusFailure;
import org.portier.config.SipValues;
import org.portier.http.ApiKeys;
import org.portier.http.BadInput;
import org.portier.http.FaceRoutes;
import org.portier.http.Faces;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The SIP realtime face under sip.prefix: live door-call credentials for SIP servers.
 * <ul>
 *   <li>{@code GET v1/credentials/<extension>}: JSON {extension, password, ha1, realm, expiresAt, expiresIn}, 404
 *       once expired or revoked (Kamailio http_client + pv_auth_check). expiresIn is the whole seconds the
 *       credentials have left, because a Kamailio script can compare numbers but not ISO-8601 times: it caps
 *       a registration's expiry with it.</li>
 *   <li>{@code POST asterisk/<ps_endpoints|ps_auths|ps_aors>/<single|multi|...>}: Asterisk res_config_curl
 *       realtime for PJSIP sorcery (see {@link AsteriskRealtime}).</li>
 * </ul>
 * Auth: an API key from sip.apiKeys as "Authorization: Bearer &lt;key&gt;", or as the password of HTTP Basic
 * (any user name), because Asterisk's res_curl.conf (CURLOPT userpwd) and Kamailio's http_client
 * connection URLs (http://user:key@host/...) can only send Basic. A 401 carries a Basic challenge so
 * libcurl clients that wait for one retry with their credentials. Errors: JSON {"error": "..."}.
 */
public final class SipRealtimeRoutes implements FaceRoutes {
  private static final Logger LOG = LoggerFactory.getLogger(SipRealtimeRoutes.class);

  @Override
  public void mount(Router root, Faces faces) {
    Router r = Router.router(faces.vertx());
    r.route().handler(BodyHandler.create(false).setBodyLimit(faces.config().get().number("http.bodyLimit")));
    r.route().handler(ctx -> authenticate(ctx, faces));
    r.get("/v1/credentials/:extension").handler(ctx -> credentials(ctx, faces));
    r.route("/asterisk/:family/:operation").handler(ctx -> AsteriskRealtime.handle(ctx, faces));
    r.route().last().handler(ctx -> error(ctx, 404, "no such endpoint"));
    r.route().failureHandler(SipRealtimeRoutes::onFailure);
    root.route(faces.config().get().string("sip.prefix") + "*").subRouter(r);
  }

  private static void authenticate(RoutingContext ctx, Faces faces) {
    String key = presentedKey(ctx.request().getHeader("Authorization"));
    if (key == null) {
      challenge(ctx, "an API key is required (Authorization: Bearer <key>, or HTTP Basic with the key as password)");
    } else if (!ApiKeys.accepts(faces.config().get().strings("sip.apiKeys"), key)) {
      challenge(ctx, "unknown API key");
    } else {
      ctx.next();
    }
  }

  /** The key of a Bearer header, or the password of a Basic one; null when there is neither. */
  static String presentedKey(String header) {
    String bearer = ApiKeys.bearer(header);
    if (bearer != null) return bearer;
    if (header == null) return null;
    String h = header.trim();
    if (h.length() < 6 || !h.regionMatches(true, 0, "Basic ", 0, 6)) return null;
    try {
      String pair = new String(Base64.getDecoder().decode(h.substring(6).trim()), StandardCharsets.UTF_8);
      int colon = pair.indexOf(':');
      return colon < 0 ? null : pair.substring(colon + 1);
    } catch (IllegalArgumentException e) {
      return null;
    }
  }

  private static void challenge(RoutingContext ctx, String message) {
    ctx.response().putHeader("WWW-Authenticate", "Basic realm=\"portier-sip\"");
    error(ctx, 401, message);
  }

  private static void credentials(RoutingContext ctx, Faces faces) {
    String ext = ctx.pathParam("extension");
    if (ext == null || SipValues.checkExtension(ext) != null) {
      error(ctx, 404, "no live credentials for this extension");
      return;
    }
    ask(faces, Addresses.DOORCALL_CREDENTIALS, new JsonObject().put("extension", ext)).onSuccess(c -> {
      c.remove("callId");
      c.put("expiresIn", secondsLeft(c.getString("expiresAt"), System.currentTimeMillis()));
      if (!ctx.response().ended()) ctx.response().putHeader("content-type", "application/json; charset=utf-8").end(c.encode());
    }).onFailure(ctx::fail);
  }

  /** Whole seconds from now until an ISO-8601 instant, rounded down and never negative. */
  static long secondsLeft(String isoInstant, long nowMillis) {
    if (isoInstant == null) return 0;
    try {
      return Math.max(0, (Instant.parse(isoInstant).toEpochMilli() - nowMillis) / 1000);
    } catch (DateTimeParseException e) {
      return 0;
    }
  }

  /** Asks the door-call actor; its 4xx/5xx become this face's errors, an absent actor 503. */
  static Future<JsonObject> ask(Faces faces, String address, JsonObject body) {
    return faces.vertx().eventBus().<JsonObject>request(address, body).map(m -> m.body())
        .recover(e -> Future.failedFuture(BusFailure.of(e, "door calls are not available right now")));
  }

  private static void onFailure(RoutingContext ctx) {
    Throwable t = ctx.failure();
    if (t instanceof BadInput b) {
      error(ctx, b.status(), b.getMessage());
    } else if (t instanceof BusFailure b) {
      if (b.retryable()) ctx.response().putHeader("Retry-After", Integer.toString(BusFailure.RETRY_AFTER_SECONDS));
      error(ctx, b.code(), b.getMessage());
    } else if (t == null && ctx.statusCode() > 0 || ctx.statusCode() >= 400 && ctx.statusCode() < 500) {
      // a 4xx with a cause is the body handler's: a form body with a broken escape is the client's mistake
      error(ctx, ctx.statusCode(), ctx.statusCode() == 413 ? "the request body is too large" : "request failed");
    } else {
      LOG.error("sip {} {} failed", ctx.request().method(), ctx.request().path(), t);
      error(ctx, 500, "internal error");
    }
  }

  static void error(RoutingContext ctx, int status, String message) {
    if (ctx.response().ended()) return;
    ctx.response().setStatusCode(status).putHeader("content-type", "application/json; charset=utf-8")
        .end(new JsonObject().put("error", message).encode());
  }
}
