package org.portier.inbox;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.sqlclient.Tuple;
import org.junit.jupiter.api.Test;
import org.portier.push.PushBusy;
import org.portier.testing.PushStandIn;
import org.portier.testing.TestNode;

/**
 * When the push actor refuses push.send as busy (its outbox write is backed up), POST /messages to
 * one subscriber answers 503 with Retry-After in the integration face's format and keeps nothing:
 * the operator's retry then stores the message once.
 */
class PushBusyMessageTest extends InboxTestBase {
  @Test
  void aBusyPushActorGives503WithRetryAfterAndStoresNothing() throws Exception {
    androidResident();
    long subscriber = get(node.portier().store().pool().preparedQuery("SELECT id FROM subscribers WHERE phone = ?")
        .execute(Tuple.of(ANDROID_PHONE))).iterator().next().getLong(0);
    try (PushStandIn busy = PushStandIn.install(vertx, body -> Future.failedFuture(PushBusy.PREFIX + "40000 pushes wait for the store"))) {
      HttpResponse<Buffer> r = send(text("phone", ANDROID_PHONE, "Отключение воды"));
      assertThat(r.statusCode()).as(TestNode.status(r)).isEqualTo(503);
      assertThat(r.getHeader("Retry-After")).isEqualTo(Long.toString(PushBusy.RETRY_AFTER_SECONDS));
      assertThat(r.bodyAsJsonObject().getInteger("status")).isEqualTo(503);
      assertThat(r.bodyAsJsonObject().getString("message")).contains("busy");
      assertThat(unread(subscriber)).as("nothing stored").isZero();
    }
    // the push actor answers again: the retry is stored and pushed once
    HttpResponse<Buffer> r = send(text("phone", ANDROID_PHONE, "Отключение воды"));
    assertThat(r.statusCode()).as(TestNode.status(r)).isEqualTo(201);
    assertThat(r.bodyAsJsonObject().getInteger("queued")).isEqualTo(1);
    assertThat(unread(subscriber)).isEqualTo(1);
  }

  private long unread(long subscriber) throws Exception {
    return get(node.portier().store().pool().preparedQuery("SELECT COUNT(*) FROM inbox_messages WHERE subscriber_id = ?")
        .execute(Tuple.of(subscriber))).iterator().next().getLong(0);
  }
}
