package org.portier.mobile;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import org.portier.http.Faces;
import org.portier.http.JsonBodies;

/** Adapts the inbox package's methods to the mobile face: the caller's subscriber, the body, and the envelope (null data → 204). */
final class InboxMethods {
  private InboxMethods() {}

  interface Method {
    Future<JsonObject> call(Faces faces, long subscriberId, JsonObject body);
  }

  static java.util.function.BiFunction<Faces, RoutingContext, Future<Reply>> of(Method m) {
    return (faces, ctx) -> m.call(faces, MobileAuth.subscriberId(ctx), JsonBodies.object(ctx, true))
        .map(data -> data == null ? Reply.noContent() : Reply.ok(data));
  }
}
