package org.portier.inbox;

import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import java.nio.charset.StandardCharsets;
import org.portier.push.PushRequest;
import org.portier.push.PushSend;

/**
 * How a text message reaches one device: a visible alert with the device's push token.
 *
 * <p>A VoIP push must end in a CallKit call (Apple's rule, contract §6), so texts never use the
 * VoIP token. The push token's service decides the provider: an iOS app that registered an APNs
 * device token (registerPushToken type 1/2) gets an APNs alert on its bundle's topic; an FCM token
 * (Android, and iOS apps that use Firebase, as SmartYard's does) gets an FCM message (notification
 * plus data). Devices without a live push token (never registered, VoIP only, dead token, HMS or
 * RuStore) get no push; the inbox page still shows the message.
 */
final class TextPush {
  /** FCM and APNs take 4 KB per message; title and body are cut so the whole payload stays well below. */
  static final int MAX_TEXT_BYTES = 3000;
  static final String SQL_COLUMNS = "d.id, d.subscriber_id, d.platform, d.push_service, d.push_token, d.push_token_dead,"
      + " d.notify_enable, d.notify_money, d.bundle, d.production";

  private TextPush() {}

  /** A device as the devices query ({@link #SQL_COLUMNS}) returns it. */
  record Device(long id, long subscriberId, String platform, String service, String token, boolean dead, boolean notifyEnable,
      boolean notifyMoney, String bundle, boolean production) {
    static Device of(Row r) {
      return new Device(r.getLong(0), r.getLong(1), r.getString(2), r.getString(3), r.getString(4), Boolean.TRUE.equals(r.getBoolean(5)),
          !Boolean.FALSE.equals(r.getBoolean(6)), !Boolean.FALSE.equals(r.getBoolean(7)), r.getString(8), !Boolean.FALSE.equals(r.getBoolean(9)));
    }

    boolean viaApns() {
      return "ios".equals(platform) && "apns".equals(service);
    }

    /** The APNs topic: the app's bundle, or push.apns.bundle when it registered none. */
    String topic(String defaultBundle) {
      return bundle != null && !bundle.isBlank() ? bundle : defaultBundle;
    }

    /**
     * Why the device gets no push for a message with this action, or null when it gets one. As in
     * the reference server, user/notification's "enable" silences plain inbox messages and "money"
     * the payment ones; the messages are stored all the same.
     */
    String skipReason(String action, String defaultBundle) {
      if ("inbox".equals(action) && !notifyEnable) return "the resident turned notifications off (user/notification enable)";
      if (("paySuccess".equals(action) || "payError".equals(action)) && !notifyMoney) {
        return "the resident turned payment notifications off (user/notification money)";
      }
      if (platform == null) return "the app never registered push tokens";
      if (token == null || token.isBlank()) return "no push token (a VoIP token is for calls only)";
      if (dead) return "push token is dead";
      if (viaApns()) {
        String topic = topic(defaultBundle);
        return topic == null || topic.isBlank() ? "no APNs bundle (device bundle and push.apns.bundle are empty)" : null;
      }
      if (service != null && !"fcm".equals(service)) return "push service " + service + " is not supported yet";
      return null;
    }
  }

  /** The outbox ref of a message's pushes; GET /messages/{id} finds them by it. */
  static String ref(long messageId) {
    return "msg:" + messageId;
  }

  /** The contract's text push data (contract §7), every value a string; ext only for the action ext. */
  static JsonObject data(long messageId, String action, String ext, long badge) {
    JsonObject d = new JsonObject().put("messageId", Long.toString(messageId)).put("action", action).put("badge", Long.toString(badge));
    if (ext != null) d.put("ext", ext);
    return d;
  }

  /** The push.send request for one device. */
  static JsonObject request(Device d, long messageId, String title, String body, String action, String ext, long badge, long ttlSeconds,
      String defaultBundle) {
    String shortTitle = cut(title, MAX_TEXT_BYTES / 4);
    String shortBody = cut(body, MAX_TEXT_BYTES - shortTitle.getBytes(StandardCharsets.UTF_8).length);
    return PushSend.push(d.viaApns() ? PushRequest.APNS : PushRequest.FCM, d.token(), "push", "alert").deviceId(d.id())
        .sandbox(d.viaApns() && !d.production()).priority(10).ttlSeconds(ttlSeconds).data(data(messageId, action, ext, badge))
        .alert(shortTitle, shortBody).ref(ref(messageId)).topic(d.viaApns() ? d.topic(defaultBundle) : null).json();
  }

  /** The text cut to at most {@code maxBytes} of UTF-8 (on a code point boundary), with "…" when cut. */
  static String cut(String s, int maxBytes) {
    if (s.getBytes(StandardCharsets.UTF_8).length <= maxBytes) return s;
    int budget = maxBytes - 3;
    StringBuilder out = new StringBuilder();
    int used = 0;
    for (int i = 0; i < s.length(); ) {
      int cp = s.codePointAt(i);
      int n = new String(Character.toChars(cp)).getBytes(StandardCharsets.UTF_8).length;
      if (used + n > budget) break;
      out.appendCodePoint(cp);
      used += n;
      i += Character.charCount(cp);
    }
    return out.append('…').toString();
  }
}
