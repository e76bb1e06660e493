package org.portier.mobile;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import org.junit.jupiter.api.Test;
import org.portier.push.PushBusy;
import org.portier.testing.PushStandIn;

/** A grant whose newAddress push the push actor refuses as busy answers the mobile face's 503 with Retry-After. */
class NewAddressBusyTest extends MobileTestBase {
  private static final String OWNER = "79001234567";
  private static final String GUEST = "79007654321";

  @Test
  void aBusyPushActorGives503WithRetryAfter() throws Exception {
    String flatId = operatorFlat("Lenina 1", 100053, OWNER, null);
    String owner = login(OWNER);
    String guest = login(GUEST);
    assertThat(post("user/registerPushToken", new JsonObject().put("platform", "android").put("pushToken", "guest-fcm-token-0123456789"), guest)
        .statusCode()).isEqualTo(204);
    try (PushStandIn busy = PushStandIn.install(vertx, body -> Future.failedFuture(PushBusy.PREFIX + "40000 pushes wait for the store"))) {
      HttpResponse<Buffer> r = post("address/access", new JsonObject().put("flatId", flatId).put("guestPhone", GUEST), owner);
      assertEnvelope(r, 503, "повторите");
      assertThat(r.getHeader("Retry-After")).isEqualTo(Long.toString(PushBusy.RETRY_AFTER_SECONDS));
    }
  }
}
