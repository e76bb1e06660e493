package org.portier.doorcall;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.eventbus.ReplyFailure;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import org.portier.bus.Addresses;
import org.portier.http.BadInput;
import org.portier.http.Faces;

/**
 * The call pictures the apps load without auth (SmartYard contract §10.1.6): {@code call/camshot/<hash>}
 * is the picture taken once when the call started, {@code call/live/<hash>} a fresh one per GET. The
 * hash is the leg's 128-bit secret, so the link is the capability; it dies with the call (404).
 * Mounted by the integrator into the mobile face's router; also answers the double-slash form
 * iOS builds ({@code <baseUrl>/call/camshot/<hash>}). Errors fail the route: the mobile face renders them in its envelope.
 */
public final class SnapshotRoutes {
  private SnapshotRoutes() {}

  public static void mount(Router mobileRouter, Faces faces) {
    for (String prefix : new String[] {"/call/", "//call/"}) {
      mobileRouter.get(prefix + "camshot/:hash").handler(ctx -> serve(ctx, faces, "camshot"));
      mobileRouter.get(prefix + "live/:hash").handler(ctx -> serve(ctx, faces, "live"));
    }
  }

  private static void serve(RoutingContext ctx, Faces faces, String kind) {
    String hash = ctx.pathParam("hash");
    // The apps may append an image suffix (the seed's example links end in .jpg).
    if (hash != null && hash.endsWith(".jpg")) hash = hash.substring(0, hash.length() - 4);
    if (hash == null || !hash.matches("[0-9a-f]{32}")) {
      ctx.fail(new BadInput(404, "нет такого звонка"));
      return;
    }
    faces.vertx().eventBus().<Buffer>request(Addresses.DOORCALL_SNAPSHOT, new JsonObject().put("hash", hash).put("kind", kind))
        .onSuccess(m -> {
          if (ctx.response().ended()) return;
          String type = m.headers().get("content-type");
          ctx.response().putHeader("content-type", type == null ? "image/jpeg" : type)
              .putHeader("cache-control", "no-store").end(m.body());
        })
        .onFailure(e -> {
          boolean camera = e instanceof ReplyException re && re.failureType() == ReplyFailure.RECIPIENT_FAILURE && re.failureCode() == 503;
          if (camera) ctx.fail(new BadInput(503, "камера недоступна"));
          else if (e instanceof ReplyException re && re.failureType() == ReplyFailure.RECIPIENT_FAILURE) ctx.fail(new BadInput(404, "нет такого звонка"));
          else ctx.fail(new BadInput(503, "сервис недоступен"));
        });
  }
}
