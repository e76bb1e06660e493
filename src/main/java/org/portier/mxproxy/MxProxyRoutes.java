package org.portier.mxproxy;

import io.vertx.core.Handler;
import io.vertx.ext.web.Route;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import org.portier.http.FaceRoutes;
import org.portier.http.Faces;

/**
 * The MX Proxy 2.1 face at "/": MX Proxy's clients call /auth and /tokens/... on the server root,
 * so this face is mounted last and claims only its own paths (other paths keep the server's
 * 404). Every answer carries "Server: Portier"; every error is {"error": "..."}; a known path
 * with another method is 405 with Allow.
 */
public final class MxProxyRoutes implements FaceRoutes {
  @Override
  public void mount(Router root, Faces faces) {
    JwtKeys keys = new JwtKeys(faces.vertx(), faces.pool(), faces.secrets(), System::currentTimeMillis);
    MxTokens tokens = new MxTokens(faces.vertx(), keys, faces.config());
    BearerAuth auth = new BearerAuth(tokens, faces.vertx(), faces.config());
    Handler<RoutingContext> body = BodyHandler.create(false).setBodyLimit(faces.config().get().number("http.bodyLimit"));

    guarded(root.post("/auth")).handler(body).handler(ctx -> AuthRoutes.login(ctx, faces, tokens));
    guarded(root.get("/auth")).handler(ctx -> auth.token(ctx, false)).handler(auth::connected).handler(AuthRoutes::info);
    guarded(root.delete("/auth")).handler(ctx -> auth.token(ctx, true)).handler(ctx -> AuthRoutes.logout(ctx, faces));
    guarded(root.delete("/auth/logout")).handler(ctx -> auth.token(ctx, true)).handler(ctx -> AuthRoutes.logout(ctx, faces));
    guarded(root.route("/debug/log")).handler(ctx -> DebugLogRoutes.gate(ctx, faces));
    guarded(root.get("/debug/log")).handler(ctx -> DebugLogRoutes.log(ctx, faces));
    String tokenPath = "/tokens/:type/:topic/:token";
    guarded(root.put(tokenPath)).handler(ctx -> auth.token(ctx, false)).handler(ctx -> TokenRoutes.put(ctx, faces));
    guarded(root.delete(tokenPath)).handler(ctx -> auth.token(ctx, false)).handler(ctx -> TokenRoutes.delete(ctx, faces));

    DirectoryRoutes directory = new DirectoryRoutes(faces.vertx(), faces.config());
    guarded(root.get("/contacts")).handler(ctx -> auth.token(ctx, false)).handler(auth::connected).handler(directory::contacts);
    guarded(root.get("/calls")).handler(ctx -> auth.token(ctx, false)).handler(auth::connected).handler(directory::calls);
    guarded(root.get("/services")).handler(ctx -> auth.token(ctx, false)).handler(auth::connected).handler(directory::services);

    VoicemailRoutes voicemails = new VoicemailRoutes(faces.vertx(), faces.config());
    guarded(root.get("/voicemails")).handler(ctx -> auth.token(ctx, false)).handler(auth::connected).handler(voicemails::list);
    guarded(root.get("/voicemails/:id")).handler(ctx -> auth.token(ctx, false)).handler(auth::connected).handler(voicemails::file);
    guarded(root.delete("/voicemails/:id")).handler(ctx -> auth.token(ctx, false)).handler(auth::connected).handler(voicemails::delete);
    guarded(root.patch("/voicemails/:id")).handler(body).handler(ctx -> auth.token(ctx, false)).handler(auth::connected)
        .handler(voicemails::patch);

    ConferenceRoutes conferences = new ConferenceRoutes(faces.vertx(), faces.config());
    guarded(root.get("/conferences/info")).handler(ctx -> auth.token(ctx, false)).handler(auth::connected).handler(conferences::info);
    guarded(root.get("/conferences")).handler(ctx -> auth.token(ctx, false)).handler(auth::connected).handler(conferences::list);
    guarded(root.post("/conferences")).handler(body).handler(ctx -> auth.token(ctx, false)).handler(auth::connected)
        .handler(conferences::create);
    guarded(root.put("/conferences/:id")).handler(body).handler(ctx -> auth.token(ctx, false)).handler(auth::connected)
        .handler(conferences::update);
    guarded(root.delete("/conferences/:id")).handler(ctx -> auth.token(ctx, false)).handler(auth::connected).handler(conferences::delete);
    guarded(root.post("/conferences/:id")).handler(body).handler(ctx -> auth.token(ctx, false)).handler(auth::connected)
        .handler(conferences::join);
    new CallControlRoutes(faces.vertx(), faces.config()).mount(root, auth, body);

    notAllowed(root.route("/auth"), "GET, POST, DELETE");
    notAllowed(root.route("/auth/logout"), "DELETE");
    notAllowed(root.route("/debug/log"), "GET");
    notAllowed(root.route(tokenPath), "PUT, DELETE");
    notAllowed(root.route("/contacts"), "GET");
    notAllowed(root.route("/services"), "GET");
    notAllowed(root.route("/voicemails"), "GET");
    notAllowed(root.route("/voicemails/:id"), "GET, DELETE, PATCH");
    notAllowed(root.route("/conferences/info"), "GET");
    notAllowed(root.route("/conferences"), "GET, POST");
    notAllowed(root.route("/conferences/:id"), "PUT, DELETE, POST");
    notAllowed(root.route("/calls"), "GET, POST, PATCH");
    notAllowed(root.route("/calls/:id"), "GET, PUT, POST, PATCH, DELETE");
    notAllowed(root.route("/calls/:id/hold"), "PUT");
    notAllowed(root.route("/calls/:id/unhold"), "PUT");
    notAllowed(root.route("/calls/:id/conference"), "POST");
    // below the face's own resources an unknown path is MX Proxy's 404 "not found" (with the Server header);
    // other root paths keep the server's 404, since the root is shared with the other faces
    for (String tree : new String[] {"/auth/*", "/tokens/*", "/debug/*", "/contacts/*", "/services/*", "/calls/*", "/voicemails/*",
        "/conferences/*"}) {
      root.route(tree).handler(ctx -> MxFace.error(ctx, 404, "not found"));
    }
  }

  /** Renders any failure of the route as {"error": "..."} (every answer of MxFace carries the Server header). */
  private static Route guarded(Route r) {
    return r.failureHandler(MxFace::onFailure);
  }

  private static void notAllowed(Route r, String allow) {
    r.handler(ctx -> {
      ctx.response().putHeader("Allow", allow);
      MxFace.error(ctx, 405, "method not allowed");
    });
  }
}
