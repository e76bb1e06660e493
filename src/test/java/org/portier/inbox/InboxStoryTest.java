package org.portier.inbox;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.portier.testing.FakeFcm;
import org.portier.testing.TestNode;

/**
 * Operator messages end to end: POST /integration/v1/messages reaches the fake FCM for Android and
 * iOS (never APNs VoIP: a text must not ring CallKit) with the contract's text data and the right badge;
 * delivered/readed/inbox change what the operator sees; broadcasts reach every subscriber once.
 */
class InboxStoryTest extends InboxTestBase {

  @Test
  void messagesReachAndroidWithSeedDataAndGrowingBadges() throws Exception {
    androidResident();
    JsonObject first = sendOk(text("phone", "8 (900) 111-22-33", "Отключение воды"));
    assertThat(first.getString("id")).matches("\\d+");
    assertThat(first.getString("subscriberId")).matches("\\d+");
    assertThat(first.getInteger("queued")).isEqualTo(1);
    assertThat(first.getJsonArray("skipped")).isEmpty();
    sendOk(text("phone", ANDROID_PHONE, "Собрание").put("action", "newAddress"));
    JsonObject third = sendOk(text("subscriberId", first.getString("subscriberId"), "Приложение").put("action", "ext").put("ext", "ext-42"));

    // pushes leave in parallel, so they may arrive in any order: pair them with their messages by id
    List<FakeFcm.Request> got = new java.util.ArrayList<>(fcmFor(ANDROID_FCM_TOKEN, 3));
    assertThat(got).hasSize(3);
    got.sort(java.util.Comparator.comparingLong(r -> Long.parseLong(r.data().getString("messageId"))));
    for (int i = 0; i < 3; i++) {
      JsonObject data = got.get(i).data();
      data.forEach(e -> assertThat(e.getValue()).as(e.getKey()).isInstanceOf(String.class));
      assertThat(data.getString("badge")).isEqualTo(Integer.toString(i + 1));
      assertThat(data.fieldNames()).isEqualTo(i == 2 ? Set.of("messageId", "action", "badge", "ext") : Set.of("messageId", "action", "badge"));
    }
    assertThat(got.get(0).data().getString("messageId")).isEqualTo(first.getString("id"));
    assertThat(got.get(0).data().getString("action")).isEqualTo("inbox");
    assertThat(got.get(1).data().getString("action")).isEqualTo("newAddress");
    assertThat(got.get(2).data().getString("action")).isEqualTo("ext");
    assertThat(got.get(2).data().getString("ext")).isEqualTo("ext-42");
    assertThat(got.get(2).data().getString("messageId")).isEqualTo(third.getString("id"));
    // a visible notification: title and body as the operator wrote them
    JsonObject notification = got.get(0).message().getJsonObject("notification");
    assertThat(notification.getString("title")).isEqualTo("Отключение воды");
    assertThat(notification.getString("body")).isEqualTo("Текст: Отключение воды");
  }

  @Test
  void iosGetsItsTextThroughFcmAndNeverAsVoip() throws Exception {
    iosResident();
    JsonObject sent = sendOk(text("phone", IOS_PHONE, "Домофон заменён"));
    assertThat(sent.getInteger("queued")).isEqualTo(1);
    FakeFcm.Request r = fcmFor(IOS_FCM_TOKEN, 1).get(0);
    assertThat(r.data()).isEqualTo(new JsonObject().put("messageId", sent.getString("id")).put("action", "inbox").put("badge", "1"));
    assertThat(r.message().getJsonObject("notification").getString("title")).isEqualTo("Домофон заменён");
    JsonObject status = until(() -> message(sent.getString("id")), m -> "accepted".equals(m.getJsonArray("pushes").getJsonObject(0).getString("state")),
        "the iOS push accepted");
    assertThat(status.getJsonArray("pushes")).hasSize(1);
    assertThat(apns.count()).as("no VoIP push for a text").isZero();
  }

  @Test
  void deliveredReadedAndTheInboxPageChangeWhatTheOperatorSees() throws Exception {
    String token = androidResident();
    String a = sendOk(text("phone", ANDROID_PHONE, "Первое")).getString("id");
    String b = sendOk(new JsonObject().put("phone", ANDROID_PHONE).put("title", "<script>alert(1)</script>")
        .put("body", "Оплата & \"долг\"\nподробно: https://portier.test/a?b=1&c=2")).getString("id");
    JsonObject before = message(a);
    assertThat(before.getString("phone")).isEqualTo(ANDROID_PHONE);
    assertThat(before.containsKey("deliveredAt")).isFalse();
    assertThat(before.containsKey("readAt")).isFalse();
    assertThat(Instant.parse(before.getString("createdAt"))).isAfter(Instant.EPOCH);
    JsonObject unread = mobile("inbox/unreaded", token, null).bodyAsJsonObject();
    assertThat(unread.getJsonObject("data").getValue("count")).isEqualTo(2);
    assertThat(unread.getJsonObject("data").getValue("chat")).isEqualTo(0);

    HttpResponse<Buffer> r = mobile("inbox/delivered", token, new JsonObject().put("messageId", a));
    assertThat(r.statusCode()).as(TestNode.status(r)).isEqualTo(204);
    JsonObject delivered = message(a);
    assertThat(Instant.parse(delivered.getString("deliveredAt"))).isAfter(Instant.EPOCH);
    assertThat(delivered.containsKey("readAt")).isFalse();

    r = mobile("inbox/readed", token, new JsonObject().put("messageId", Long.parseLong(a)));
    assertThat(r.statusCode()).isEqualTo(204);
    assertThat(Instant.parse(message(a).getString("readAt"))).isAfter(Instant.EPOCH);
    assertThat(message(b).containsKey("readAt")).isFalse();
    assertThat(mobile("inbox/unreaded", token, null).bodyAsJsonObject().getJsonObject("data").getInteger("count")).isEqualTo(1);

    r = mobile("inbox/inbox", token, null);
    assertThat(r.statusCode()).as(TestNode.status(r)).isEqualTo(200);
    JsonObject data = r.bodyAsJsonObject().getJsonObject("data");
    assertThat(data.getString("basePath")).endsWith("/mobile/");
    String html = data.getString("code");
    assertThat(html).startsWith("<!DOCTYPE html>").contains("Сегодня").contains("Первое")
        .contains("&lt;script&gt;alert(1)&lt;/script&gt;").doesNotContain("<script>")
        .contains("Оплата &amp; &quot;долг&quot;<br>")
        .contains("<a href=\"https://portier.test/a?b=1&amp;c=2\">");
    assertThat(html.indexOf("&lt;script&gt;")).as("newest first").isLessThan(html.indexOf("Первое"));
    assertThat(Instant.parse(message(b).getString("readAt"))).isAfter(Instant.EPOCH);
    assertThat(Instant.parse(message(b).getString("deliveredAt"))).as("read implies delivered").isAfter(Instant.EPOCH);
    JsonObject zero = mobile("inbox/unreaded", token, null).bodyAsJsonObject();
    assertThat(zero.getJsonObject("data").getValue("count")).as("data even when 0: " + zero.encode()).isEqualTo(0);

    // the next message counts from the read state
    sendOk(text("phone", ANDROID_PHONE, "Третье"));
    assertThat(fcmFor(ANDROID_FCM_TOKEN, 3).get(2).data().getString("badge")).isEqualTo("1");
    r = mobile("inbox/readed", token, new JsonObject());
    assertThat(r.statusCode()).isEqualTo(204);
    assertThat(mobile("inbox/unreaded", token, null).bodyAsJsonObject().getJsonObject("data").getInteger("count")).isZero();
    assertThat(mobile("inbox/chatReaded", token, null).statusCode()).isEqualTo(204);

    // the operator sees each push's outcome
    JsonArray pushes = until(() -> message(a).getJsonArray("pushes"), p -> p.size() == 1 && "accepted".equals(p.getJsonObject(0).getString("state")),
        "push accepted");
    assertThat(pushes.getJsonObject(0).getString("deviceId")).matches("\\d+");
  }

  @Test
  void anotherResidentsMessageIsNotFoundAndNothingChanges() throws Exception {
    String ios = iosResident();
    androidResident();
    String theirs = sendOk(text("phone", ANDROID_PHONE, "Чужое")).getString("id");
    for (String method : List.of("inbox/readed", "inbox/delivered")) {
      HttpResponse<Buffer> r = mobile(method, ios, new JsonObject().put("messageId", theirs));
      assertThat(r.statusCode()).as(method + " " + TestNode.status(r)).isEqualTo(404);
      assertThat(r.bodyAsJsonObject().getString("message")).contains(theirs);
    }
    assertThat(mobile("inbox/readed", ios, new JsonObject().put("messageId", "999999")).statusCode()).isEqualTo(404);
    JsonObject m = message(theirs);
    assertThat(m.containsKey("readAt")).isFalse();
    assertThat(m.containsKey("deliveredAt")).isFalse();
    // reading all of one's own messages leaves the others' alone
    assertThat(mobile("inbox/inbox", ios, null).statusCode()).isEqualTo(200);
    assertThat(message(theirs).containsKey("readAt")).isFalse();
  }

  @Test
  void flatAndHouseBroadcastsReachEverySubscriberOnceWithOnePushPerDevice() throws Exception {
    iosResident();
    String android = androidResident();
    String otherFlat = get(node.create("/houses/" + houseId + "/flats", new JsonObject().put("number", "12"))).getString("id");
    get(node.create("/flats/" + otherFlat + "/subscribers", new JsonObject().put("phone", "79005556677").put("role", "owner")));
    // the Android resident lives in both flats: still one message per broadcast
    get(node.create("/flats/" + otherFlat + "/subscribers", new JsonObject().put("phone", ANDROID_PHONE).put("role", "resident")));

    HttpResponse<Buffer> r = send(text("flatId", flatId, "Квартира"));
    assertThat(r.statusCode()).as(TestNode.status(r)).isEqualTo(202);
    JsonObject flat = r.bodyAsJsonObject();
    assertThat(flat.getString("broadcastId")).matches("\\d+");
    assertThat(flat.getInteger("recipients")).isEqualTo(2);
    JsonObject done = until(() -> broadcast(flat.getString("broadcastId")), s -> "done".equals(s.getString("state")), "flat broadcast done");
    assertThat(done.getInteger("stored")).isEqualTo(2);
    assertThat(done.getInteger("queued")).isEqualTo(2);
    assertThat(done.getString("flatId")).isEqualTo(flatId);

    JsonObject house = sendOk(text("houseId", houseId, "Дом").put("action", "paySuccess"));
    assertThat(house.getInteger("recipients")).isEqualTo(3);
    JsonObject houseDone = until(() -> broadcast(house.getString("broadcastId")), s -> "done".equals(s.getString("state")), "house broadcast done");
    assertThat(houseDone.getInteger("stored")).isEqualTo(3);
    assertThat(houseDone.getInteger("queued")).as("the third subscriber has no device").isEqualTo(2);

    // the two broadcasts' pushes may arrive in either order: put them in message order
    java.util.Comparator<FakeFcm.Request> byMessage = java.util.Comparator.comparingLong(q -> Long.parseLong(q.data().getString("messageId")));
    List<FakeFcm.Request> ios = new java.util.ArrayList<>(fcmFor(IOS_FCM_TOKEN, 2));
    List<FakeFcm.Request> droid = new java.util.ArrayList<>(fcmFor(ANDROID_FCM_TOKEN, 2));
    ios.sort(byMessage);
    droid.sort(byMessage);
    assertThat(ios).hasSize(2);
    assertThat(droid).hasSize(2);
    assertThat(droid.stream().map(x -> x.data().getString("badge")).toList()).containsExactly("1", "2");
    assertThat(droid.get(1).data().getString("action")).isEqualTo("paySuccess");
    assertThat(droid.get(1).message().getJsonObject("notification").getString("title")).isEqualTo("Дом");
    assertThat(count("SELECT COUNT(*) FROM inbox_messages")).isEqualTo(5);
    assertThat(mobile("inbox/unreaded", android, null).bodyAsJsonObject().getJsonObject("data").getInteger("count")).isEqualTo(2);
    // the operator finds a broadcast message like any other
    JsonObject m = message(droid.get(1).data().getString("messageId"));
    assertThat(m.getString("broadcastId")).isEqualTo(house.getString("broadcastId"));
    assertThat(m.getString("phone")).isEqualTo(ANDROID_PHONE);
  }

  @Test
  void notificationSettingsSilencePushesButKeepMessagesAndDeleteAccountErasesThem() throws Exception {
    String token = androidResident();
    HttpResponse<Buffer> r = mobile("user/notification", token, new JsonObject().put("enable", "f"));
    assertThat(r.statusCode()).as(TestNode.status(r)).isEqualTo(200);
    JsonObject quiet = sendOk(text("phone", ANDROID_PHONE, "Тихое"));
    assertThat(quiet.getInteger("queued")).isZero();
    assertThat(quiet.getJsonArray("skipped").getJsonObject(0).getString("reason")).contains("notifications off");
    JsonObject pay = sendOk(text("phone", ANDROID_PHONE, "Оплата").put("action", "payError"));
    assertThat(pay.getInteger("queued")).as("enable=f silences plain inbox messages only").isEqualTo(1);
    assertThat(fcmFor(ANDROID_FCM_TOKEN, 1).get(0).data().getString("badge")).isEqualTo("2");
    assertThat(mobile("inbox/unreaded", token, null).bodyAsJsonObject().getJsonObject("data").getInteger("count")).isEqualTo(2);

    r = mobile("user/deleteAccount", token, new JsonObject());
    assertThat(r.statusCode()).as(TestNode.status(r)).isEqualTo(204);
    assertThat(count("SELECT COUNT(*) FROM inbox_messages")).as("personal data").isZero();
    HttpResponse<Buffer> gone = get(node.integration(io.vertx.core.http.HttpMethod.GET, "/messages/" + quiet.getString("id")).send());
    assertThat(gone.statusCode()).isEqualTo(404);
  }
}
