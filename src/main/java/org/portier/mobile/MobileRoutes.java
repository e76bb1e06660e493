package org.portier.mobile;

import static org.portier.mobile.MobileFace.method;

import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.function.BiConsumer;
import java.util.function.BiFunction;
import org.portier.http.FaceRoutes;
import org.portier.http.Faces;
import org.portier.http.JsonBodies;

/**
 * The mobile face for the residents' SmartYard apps, mounted under mobile.prefix (contract §2-4).
 * API calls are POST module/method with a JSON body; a POST to anything else is 405, any other
 * verb 404, OPTIONS 204. Every answer is the {@link MobileEnvelope}.
 */
public final class MobileRoutes implements FaceRoutes {
  @Override
  public void mount(Router root, Faces faces) {
    mount(root, faces, MobileRoutes::publicRoutes);
  }

  /** Mounts the face with the given unauthenticated GET routes (tests pass their own). */
  static void mount(Router root, Faces faces, BiConsumer<Router, Faces> publicRoutes) {
    String prefix = faces.config().get().string("mobile.prefix");
    // The iOS notification extension builds "<baseUrl>/call/camshot/<hash>" from a baseUrl that
    // already ends with "/": fold the doubled slash so such links reach the same routes.
    root.route(prefix + "*").handler(ctx -> {
      String path = ctx.request().path();
      if (path.startsWith(prefix + "/")) {
        ctx.reroute(ctx.request().method(), prefix + path.substring(prefix.length()).replaceFirst("^/+", ""));
      } else {
        ctx.next();
      }
    });
    root.route(prefix + "*").subRouter(router(faces, publicRoutes));
  }

  /** The face's sub-router: CORS, the unauthenticated GET routes, then the API methods. */
  public static Router router(Faces faces) {
    return router(faces, MobileRoutes::publicRoutes);
  }

  static Router router(Faces faces, BiConsumer<Router, Faces> publicRoutes) {
    Router r = Router.router(faces.vertx());
    r.route().handler(MobileFace::cors);
    publicRoutes.accept(r, faces);
    api(r, faces);
    r.route().failureHandler(MobileFace::onFailure);
    return r;
  }

  /**
   * Unauthenticated binary GET routes (contract §2.1, §10.1 item 6): call/camshot/:hash and
   * call/live/:hash belong to the door-call package, which mounts them here, before any auth:
   *
   * <pre>org.portier.doorcall.SnapshotRoutes.mount(r, faces);</pre>
   *
   * A GET that no route here answers falls through to the face's 404 envelope.
   */
  static void publicRoutes(Router r, Faces faces) {
    org.portier.doorcall.SnapshotRoutes.mount(r, faces);
  }

  private static void api(Router r, Faces faces) {
    r.post().handler(MobileFace.bodies(faces));
    Handler<RoutingContext> auth = MobileAuth.handler(faces);

    open(r, faces, "user/phonePattern", LoginRoutes::phonePattern);
    open(r, faces, "user/requestCode", LoginRoutes::requestCode);
    open(r, faces, "user/confirmCode", LoginRoutes::confirmCode);

    authed(r, faces, auth, "user/ping", (f, ctx) -> {
      JsonBodies.object(ctx, true);
      return Future.succeededFuture(Reply.noContent());
    });
    authed(r, faces, auth, "user/registerPushToken", PushTokenRoutes::register);
    authed(r, faces, auth, "address/getAddressList", AddressRoutes::getAddressList);
    authed(r, faces, auth, "address/intercom", IntercomRoutes::intercom);
    authed(r, faces, auth, "address/openDoor", DoorOpenMethod::openDoor);

    // The rest of the resident contract: login by call, profile, flat sharing, options.
    open(r, faces, "user/checkPhone", CheckPhoneRoutes::checkPhone);
    authed(r, faces, auth, "user/appVersion", ProfileRoutes::appVersion);
    authed(r, faces, auth, "user/getName", ProfileRoutes::getName);
    authed(r, faces, auth, "user/sendName", ProfileRoutes::sendName);
    authed(r, faces, auth, "user/notification", ProfileRoutes::notification);
    authed(r, faces, auth, "user/pushTokens", ProfileRoutes::pushTokens);
    authed(r, faces, auth, "user/deleteAccount", AccountRoutes::deleteAccount);
    authed(r, faces, auth, "address/getSettingsList", SettingsListRoutes::getSettingsList);
    authed(r, faces, auth, "address/resetCode", FlatCodeRoutes::resetCode);
    authed(r, faces, auth, "address/registerQR", FlatCodeRoutes::registerQR);
    authed(r, faces, auth, "address/access", GuestAccessRoutes::access);
    authed(r, faces, auth, "sip/helpMe", SupportRoutes::helpMe);
    authed(r, faces, auth, "ext/options", SupportRoutes::options);
    authed(r, faces, auth, "ext/list", SupportRoutes::extList);
    authed(r, faces, auth, "inbox/inbox", InboxMethods.of(org.portier.inbox.InboxMobile::inbox));
    authed(r, faces, auth, "inbox/unreaded", InboxMethods.of(org.portier.inbox.InboxMobile::unreaded));
    authed(r, faces, auth, "inbox/readed", InboxMethods.of(org.portier.inbox.InboxMobile::readed));
    authed(r, faces, auth, "inbox/delivered", InboxMethods.of(org.portier.inbox.InboxMobile::delivered));
    authed(r, faces, auth, "inbox/chatReaded", InboxMethods.of(org.portier.inbox.InboxMobile::chatReaded));
    UnservedRoutes.all().forEach((path, m) -> authed(r, faces, auth, path, m));

    // As in the reference server: a POST that names no method is 405, any other verb 404.
    r.post().handler(ctx -> MobileEnvelope.error(ctx, 405, "the method " + methodName(ctx) + " is not supported by this server"));
    r.route().handler(ctx -> MobileEnvelope.error(ctx, 404, ctx.request().method() == HttpMethod.GET
        ? "nothing here: API methods are called with POST" : "nothing here: API methods are called with POST, not " + ctx.request().method()));
  }

  private static void open(Router r, Faces faces, String path, BiFunction<Faces, RoutingContext, Future<Reply>> m) {
    r.post("/" + path).handler(method(ctx -> m.apply(faces, ctx)));
  }

  private static void authed(Router r, Faces faces, Handler<RoutingContext> auth, String path,
      BiFunction<Faces, RoutingContext, Future<Reply>> m) {
    r.post("/" + path).handler(auth).handler(method(ctx -> m.apply(faces, ctx)));
  }

  /** "module/method" of the request, for the 405 message (cut short: it is the client's text). */
  private static String methodName(RoutingContext ctx) {
    String p = ctx.normalizedPath();
    String mount = ctx.mountPoint() == null ? "" : ctx.mountPoint();
    String name = p.startsWith(mount) ? p.substring(mount.length()) : p;
    name = name.replaceAll("^/+", "");
    return "\"" + (name.length() > 60 ? name.substring(0, 60) + "…" : name) + "\"";
  }
}
