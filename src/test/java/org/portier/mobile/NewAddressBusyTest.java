package org.portier.mobile;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import org.junit.jupiter.api.Test;
import org.portier.push.PushBusy;
import org.portier.testing.PushStandIn;

/**
 * A grant whose newAddress push the push actor refuses as busy still answers 204 (the grant is made),
 * and the push is offered again until the push actor takes it.
 */
class NewAddressBusyTest extends MobileTestBase {
  private static final String OWNER = "79001234567";
  private static final String GUEST = "79007654321";

  @Test
  void aBusyPushActorDoesNotFailTheGrantAndThePushIsOfferedAgain() throws Exception {
    String flatId = operatorFlat("Lenina 1", 100053, OWNER, null);
    String owner = login(OWNER);
    String guest = login(GUEST);
    assertThat(post("user/registerPushToken", new JsonObject().put("platform", "android").put("pushToken", "guest-fcm-token-0123456789"), guest)
        .statusCode()).isEqualTo(204);
    java.util.concurrent.atomic.AtomicInteger offers = new java.util.concurrent.atomic.AtomicInteger();
    java.util.concurrent.CompletableFuture<JsonObject> taken = new java.util.concurrent.CompletableFuture<>();
    try (PushStandIn busy = PushStandIn.install(vertx, body -> {
      if (offers.incrementAndGet() == 1) return Future.failedFuture(PushBusy.PREFIX + "40000 pushes wait for the store");
      taken.complete(body);
      return Future.succeededFuture(new JsonObject().put("ids", new io.vertx.core.json.JsonArray().add("1")));
    })) {
      HttpResponse<Buffer> r = post("address/access", new JsonObject().put("flatId", flatId).put("guestPhone", GUEST), owner);
      assertThat(r.statusCode()).isEqualTo(204);
      JsonObject request = taken.get(PushBusy.RETRY_AFTER_SECONDS + 10, java.util.concurrent.TimeUnit.SECONDS);
      assertThat(offers.get()).isEqualTo(2);
      assertThat(request.getJsonArray("pushes").getJsonObject(0).getString("token")).isEqualTo("guest-fcm-token-0123456789");
    }
  }
}
