package org.portier.mxproxy;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import io.vertx.sqlclient.Pool;
import java.util.Map;
import java.util.TreeSet;
import org.portier.bus.Addresses;
import org.portier.config.Config;

/**
 * MX Proxy's admin web on Portier's admin listener (which already requires the admin token):
 * GET /apps (client ids, never secrets), GET /connections, GET /tokens, GET /users (never
 * passwords), POST /users (login=...: log the user out and delete their push tokens). Device
 * tokens are shown whole: they address a device but cannot push without the provider's
 * credentials, and operators match them against app logs. Errors are {"error": "..."}.
 */
public final class MxAdminRoutes {
  private static final int FORM_LIMIT = 8192;
  /** Fields of a connection entry that may leave the admin listener; anything else (a password) is dropped. */
  private static final String[] USER_FIELDS = {"host", "mxLogin", "ext", "jid", "mx", "state", "since"};

  private final Vertx vertx;
  private final Pool pool;
  private volatile Config config;

  private MxAdminRoutes(Vertx vertx, Pool pool, Config config) {
    this.vertx = vertx;
    this.pool = pool;
    this.config = config;
  }

  /** Adds the routes to the admin router (after its token check). */
  public static void mount(Router r, Vertx vertx, Pool pool, Config startConfig) {
    MxAdminRoutes a = new MxAdminRoutes(vertx, pool, startConfig);
    vertx.eventBus().<JsonObject>consumer(Addresses.CONFIG_CHANGED, m -> a.config = new Config(m.body()));
    r.get("/apps").handler(a::apps);
    r.get("/connections").handler(a::connections);
    r.get("/tokens").handler(a::tokens);
    r.get("/users").handler(a::users);
    r.post("/users").handler(BodyHandler.create(false).setBodyLimit(FORM_LIMIT)).handler(a::removeUser);
  }

  private void apps(RoutingContext ctx) {
    json(ctx, 200, new JsonObject().put("apps", new JsonArray(new java.util.ArrayList<>(new TreeSet<>(config.table("apps").fieldNames())))));
  }

  private void connections(RoutingContext ctx) {
    MxBus.connections(vertx).onSuccess(r -> {
      JsonArray out = new JsonArray();
      for (JsonObject c : entries(r)) {
        out.add(new JsonObject().put("login", c.getString("login")).put("state", c.getValue("state"))
            .put("since", c.getValue("since")).put("ext", c.getValue("ext")).put("host", c.getValue("host")));
      }
      json(ctx, 200, new JsonObject().put("connections", out));
    }).onFailure(e -> fail(ctx, e));
  }

  private void tokens(RoutingContext ctx) {
    PushTokens.all(pool).onSuccess(t -> json(ctx, 200, new JsonObject().put("tokens", t))).onFailure(e -> fail(ctx, e));
  }

  /** MX Proxy's {"users": {"&lt;login&gt;": {...}}} from the actor's list, without any password. */
  private void users(RoutingContext ctx) {
    MxBus.connections(vertx).onSuccess(r -> {
      JsonObject users = new JsonObject();
      for (JsonObject c : entries(r)) {
        JsonObject u = new JsonObject();
        for (String f : USER_FIELDS) if (c.getValue(f) != null) u.put(f, c.getValue(f));
        users.put(c.getString("login"), u);
      }
      json(ctx, 200, new JsonObject().put("users", users));
    }).onFailure(e -> fail(ctx, e));
  }

  private void removeUser(RoutingContext ctx) {
    Map<String, String> form;
    try {
      form = FormBody.parse(ctx);
    } catch (MxError e) {
      fail(ctx, e);
      return;
    }
    String login = form.get("login");
    if (login == null || login.isBlank() || login.length() > 255) {
      json(ctx, 400, new JsonObject().put("error", "login is required"));
      return;
    }
    AuthRoutes.logout(vertx, pool, login).onSuccess(b -> json(ctx, 200, b)).onFailure(e -> fail(ctx, e));
  }

  private static java.util.List<JsonObject> entries(JsonObject reply) {
    java.util.List<JsonObject> out = new java.util.ArrayList<>();
    JsonArray a = reply.getJsonArray("connections", new JsonArray());
    for (Object o : a) if (o instanceof JsonObject j && j.getValue("login") instanceof String) out.add(j);
    return out;
  }

  private static void fail(RoutingContext ctx, Throwable e) {
    if (e instanceof MxError m) json(ctx, m.status(), new JsonObject().put("error", m.getMessage()));
    else json(ctx, 500, new JsonObject().put("error", "request failed"));
  }

  private static void json(RoutingContext ctx, int status, JsonObject body) {
    if (ctx.response().ended()) return;
    ctx.response().setStatusCode(status).putHeader("content-type", "application/json; charset=utf-8").end(body.encode());
  }
}
