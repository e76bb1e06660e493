package org.portier.inbox;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.portier.push.PushRequest;

/** The pieces of a text push and of the inbox page that need no server. */
class TextPushTest {
  private static final TextPush.Device ANDROID = new TextPush.Device(7, 3, "android", "fcm", "token-0123456789abcdef", false, true, true, null, true);

  @Test
  void aLongMessageIsCutToFitTheProvidersLimitAndPassesPushValidation() {
    String title = "Заголовок ".repeat(20).strip();
    String body = "Очень длинный текст 😀 ".repeat(250);
    JsonObject req = TextPush.request(ANDROID, 42, title, body, "ext", "ext-1", 3, 86400, "");
    assertThat(req.getString("body")).endsWith("…").startsWith("Очень длинный текст");
    int bytes = req.getString("title").getBytes(StandardCharsets.UTF_8).length + req.getString("body").getBytes(StandardCharsets.UTF_8).length;
    assertThat(bytes).isLessThanOrEqualTo(TextPush.MAX_TEXT_BYTES);
    assertThat(req.getJsonObject("data")).isEqualTo(new JsonObject().put("messageId", "42").put("action", "ext").put("badge", "3").put("ext", "ext-1"));
    assertThat(req.getString("ref")).isEqualTo("msg:42");
    // the push actor accepts it as it is
    assertThat(PushRequest.parseAll(new JsonObject().put("pushes", new io.vertx.core.json.JsonArray().add(req)))).hasSize(1);
  }

  @Test
  void devicesWithoutAUsableFcmTokenAreSkippedWithAReason() {
    assertThat(ANDROID.skipReason("inbox", "")).isNull();
    assertThat(new TextPush.Device(1, 1, "ios", "fcm", "ios-fcm-token-0123456789", false, true, true, null, true).skipReason("inbox", ""))
        .as("iOS with an FCM push token").isNull();
    TextPush.Device apnsIos = new TextPush.Device(1, 1, "ios", "apns", "a1b2".repeat(16), false, true, true, null, false);
    assertThat(apnsIos.skipReason("inbox", "")).as("an APNs token needs a topic").contains("bundle");
    assertThat(apnsIos.skipReason("inbox", "org.example.app")).isNull();
    JsonObject viaApns = TextPush.request(apnsIos, 5, "T", "B", "inbox", null, 1, 60, "org.example.app");
    assertThat(viaApns.getString("provider")).isEqualTo("apns");
    assertThat(viaApns.getString("topic")).as("texts never use the .voip topic").isEqualTo("org.example.app");
    assertThat(viaApns.getBoolean("sandbox")).isTrue();
    assertThat(PushRequest.parseAll(new JsonObject().put("pushes", new io.vertx.core.json.JsonArray().add(viaApns)))).hasSize(1);
    assertThat(new TextPush.Device(1, 1, null, null, null, false, true, true, null, true).skipReason("inbox", "")).contains("never registered");
    assertThat(new TextPush.Device(1, 1, "ios", "apns", null, false, true, true, null, true).skipReason("inbox", "")).contains("VoIP token is for calls only");
    assertThat(new TextPush.Device(1, 1, "android", "fcm", "t".repeat(20), true, true, true, null, true).skipReason("inbox", "")).contains("dead");
    assertThat(new TextPush.Device(1, 1, "android", "hms", "t".repeat(20), false, true, true, null, true).skipReason("inbox", "")).contains("hms");
    TextPush.Device quiet = new TextPush.Device(1, 1, "android", "fcm", "t".repeat(20), false, false, false, null, true);
    assertThat(quiet.skipReason("inbox", "")).contains("enable");
    assertThat(quiet.skipReason("payError", "")).contains("money");
    assertThat(quiet.skipReason("newAddress", "")).as("only inbox and payment messages can be silenced").isNull();
  }

  @Test
  void thePageEscapesEverythingAndGroupsByDayNewestFirst() {
    ZoneId msk = ZoneId.of("Europe/Moscow");
    long now = LocalDate.of(2026, 11, 22).atTime(12, 0).atZone(msk).toInstant().toEpochMilli();
    long day = 86_400_000L;
    String html = InboxPage.render(List.of(
        new InboxStore.Line(3, "<b>Сегодня</b>", "a\nb", "inbox", now, true),
        new InboxStore.Line(2, "Вчерашнее", "<img src=x onerror=alert(1)>", "inbox", now - day, false),
        new InboxStore.Line(1, "Старое", "javascript:alert(1) http://x.test/\"><script>", "inbox", now - 40 * day, false)), msk, now);
    assertThat(html).contains("<h2>Сегодня</h2>").contains("<h2>Вчера</h2>").contains("<h2>13 октября</h2>")
        .contains("&lt;b&gt;Сегодня&lt;/b&gt;").contains("a<br>b").contains("&lt;img src=x onerror=alert(1)&gt;")
        .contains("<a href=\"http://x.test/\">http://x.test/</a>&quot;&gt;&lt;script&gt;").doesNotContain("<script>").doesNotContain("<img")
        .contains("class=\"msg unread\" id=\"m3\"");
    assertThat(InboxPage.dayTitle(LocalDate.of(2025, 1, 5), LocalDate.of(2026, 11, 22))).isEqualTo("5 января 2025");
    assertThat(InboxPage.render(List.of(), msk, now)).contains("Сообщений пока нет");
  }
}
