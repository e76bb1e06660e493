package org.portier.mxproxy;

import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.util.Map;
import org.portier.config.Config;
import org.portier.http.Faces;
import org.portier.security.Secrets;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * POST /auth (OAuth2 resource-owner password grant), GET /auth and DELETE /auth[/logout].
 * POST /auth: client Basic auth against [apps] (secret compared in constant time), the form's
 * grant_type/username/password, the provisioning lookup with the user's credentials, then
 * mx.connect; answers the Bearer token. Logout also deletes the user's push tokens: once the
 * MX session is gone no event can reach those devices, and a device that logs in again
 * registers its token again (MX Proxy kept them and pushed nothing).
 */
final class AuthRoutes {
  private static final Logger LOG = LoggerFactory.getLogger(AuthRoutes.class);
  private static final int MAX_FIELD = 255;

  private AuthRoutes() {}

  static void login(RoutingContext ctx, Faces faces, MxTokens tokens) {
    Config c = faces.config().get();
    AuthLimit.hit(faces.vertx(), c, ctx);
    Credentials client = requireClient(ctx, c);
    Map<String, String> form = FormBody.parse(ctx);
    if (!"password".equals(form.get("grant_type"))) throw new MxError(403, "bad grant_type");
    String username = field(form, "username");
    String password = field(form, "password");
    Provisioning.lookup(faces.web(), c.string("provisioning"), new Credentials(username, password), c.duration("mxproxy.provisioningTimeout"))
        .compose(account -> MxBus.connect(faces.vertx(), username, account))
        .compose(connected -> tokens.issue(username))
        .onSuccess(body -> {
          LOG.info("mx login of {} for client {}", username, client.user());
          ctx.response().putHeader("Cache-Control", "no-store").putHeader("Pragma", "no-cache");
          MxFace.json(ctx, 200, body);
        })
        .onFailure(e -> {
          if (e instanceof MxError m) LOG.info("mx login of {} refused: {} {}", username, m.status(), m.getMessage());
          ctx.fail(e);
        });
  }

  /** The app's HTTP Basic credentials, which must be one of [apps]: 401 without them, 403 when wrong. */
  static Credentials requireClient(RoutingContext ctx, Config c) {
    Credentials client = Credentials.basic(ctx.request().getHeader("Authorization"));
    if (client == null) {
      throw new MxError(401, "unauthorized", Map.of("WWW-Authenticate", "Basic realm=\"MXProxy client application\""));
    }
    if (!knownClient(c, client)) throw new MxError(403, "bad client-id or app secret");
    return client;
  }

  /** The client id must be in [apps]; every configured secret is compared (constant time) so timing tells nothing. */
  private static boolean knownClient(Config c, Credentials client) {
    JsonObject apps = c.table("apps");
    boolean ok = false;
    for (String id : apps.fieldNames()) {
      boolean secret = Secrets.constantTimeEquals(String.valueOf(apps.getValue(id)), client.password());
      ok |= secret & Secrets.constantTimeEquals(id, client.user());
    }
    return ok;
  }

  private static String field(Map<String, String> form, String name) {
    String v = form.get(name);
    if (v == null || v.isEmpty()) throw new MxError(400, name + " is required");
    if (v.length() > MAX_FIELD || v.chars().anyMatch(ch -> ch < 0x20)) throw new MxError(400, "bad " + name);
    return v;
  }

  /** GET /auth: the user's MX identity as MX Proxy answered it: {mx, ext, jid, softPhonePwd}. */
  static void info(RoutingContext ctx) {
    JsonObject s = BearerAuth.state(ctx);
    JsonObject out = new JsonObject();
    for (String f : new String[] {"mx", "ext", "jid", "softPhonePwd"}) {
      Object v = s.getValue(f);
      if (v != null) out.put(f, v instanceof Number n ? n.toString() : v);
    }
    MxFace.json(ctx, 200, out);
  }

  /** DELETE /auth and DELETE /auth/logout. */
  static void logout(RoutingContext ctx, Faces faces) {
    String login = ctx.get(BearerAuth.LOGIN);
    logout(faces, login).onSuccess(body -> MxFace.json(ctx, 200, body)).onFailure(ctx::fail);
  }

  /** Ends the user's MX session and deletes their push tokens (also when the actor knew no such user). */
  static io.vertx.core.Future<JsonObject> logout(Faces faces, String login) {
    return logout(faces.vertx(), faces.pool(), login);
  }

  static io.vertx.core.Future<JsonObject> logout(io.vertx.core.Vertx vertx, io.vertx.sqlclient.Pool pool, String login) {
    return MxBus.logout(vertx, login).transform(ar -> {
      if (ar.failed() && !(ar.cause() instanceof MxError m && m.status() == 404)) return io.vertx.core.Future.failedFuture(ar.cause());
      return PushTokens.deleteAllOf(pool, login).compose(n -> {
        LOG.info("mx logout of {}: {} push tokens removed", login, n);
        return ar.succeeded() ? io.vertx.core.Future.succeededFuture(new JsonObject().put("userLogout", login))
            : io.vertx.core.Future.failedFuture(new MxError(404, "not found"));
      });
    });
  }
}
