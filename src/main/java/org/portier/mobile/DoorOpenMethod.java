package org.portier.mobile;

import io.vertx.core.Future;
import io.vertx.ext.web.RoutingContext;
import org.portier.door.OpenDoor;
import org.portier.http.Faces;
import org.portier.http.JsonBodies;

/** address/openDoor on the mobile face: the caller's ids from the token, the work in {@link OpenDoor}; 204 once the panel opened. */
final class DoorOpenMethod {
  private DoorOpenMethod() {}

  static Future<Reply> openDoor(Faces faces, RoutingContext ctx) {
    return OpenDoor.open(faces, MobileAuth.subscriberId(ctx), MobileAuth.deviceId(ctx), JsonBodies.object(ctx, true))
        .map(v -> Reply.noContent())
        .recover(e -> Future.failedFuture(e instanceof OpenDoor.TooManyOpens t ? new MobileError(429, t.getMessage(), t.retryAfterSeconds()) : e));
  }
}
