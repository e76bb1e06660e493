package org.portier.push;

import com.google.firebase.messaging.AndroidConfig;
import com.google.firebase.messaging.ApnsConfig;
import com.google.firebase.messaging.Aps;
import com.google.firebase.messaging.Message;
import com.google.firebase.messaging.Notification;
import java.util.HashMap;
import java.util.Map;

/**
 * Builds the FCM v1 message for a row: data-only for Android calls, a notification added for alerts
 * and for iOS calls.
 *
 * <p>An iPhone without a VoIP token is reached over FCM, and iOS never wakes an app for a data-only
 * message in the background, so such a call would never show. Its call push therefore carries a
 * visible notification (title "incoming call", body the caller id) and {@code aps.mutable-content: 1},
 * so the app's notification service extension can rewrite the banner and attach the door's picture
 * (as SmartYard's push gateway sends it). A call row is an iOS one when its data says
 * {@code "platform": "ios"} (the door-call push data always names the platform).
 */
final class FcmMessages {
  /** Title of an iOS call notification; the app's extension replaces the banner anyway. */
  static final String IOS_CALL_TITLE = "Входящий вызов";
  /** All FCM notifications to iOS collapse into one, so a newer call replaces the previous banner. */
  static final String IOS_COLLAPSE_ID = "voip";

  private FcmMessages() {}

  // setToken: firebase-admin 9.11 deprecates registration tokens in favour of installation ids (fid), but the apps
  // register registration tokens (the SmartYard contract's registerPushToken, contract §3.6) and FCM v1 still takes them.
  @SuppressWarnings("deprecation")
  static Message of(PushJob job, long now) {
    Map<String, String> data = new HashMap<>();
    job.data.forEach(e -> data.put(e.getKey(), (String) e.getValue()));
    AndroidConfig android = AndroidConfig.builder()
        // HIGH wakes a dozing phone; a call push is useless once it arrives late.
        .setPriority(job.isVoip() || job.priority >= 10 ? AndroidConfig.Priority.HIGH : AndroidConfig.Priority.NORMAL)
        .setTtl(Math.max(0, job.remainingMillis(now)))
        .build();
    Message.Builder m = Message.builder().setToken(job.token).putAllData(data).setAndroidConfig(android);
    if (job.isVoip() && isIos(job)) {
      String caller = job.data.getString("callerId");
      m.setNotification(Notification.builder().setTitle(IOS_CALL_TITLE).setBody(caller == null || caller.isBlank() ? "Unknown" : caller).build());
      long expiresSeconds = job.expiresAt / 1000;
      m.setApnsConfig(ApnsConfig.builder()
          .putHeader("apns-collapse-id", IOS_COLLAPSE_ID)
          .putHeader("apns-push-type", "alert")
          .putHeader("apns-priority", "10")
          .putHeader("apns-expiration", Long.toString(expiresSeconds))
          .setAps(Aps.builder().setMutableContent(true).setSound("default").putCustomData("interruption-level", "time-sensitive").build())
          .build());
    } else if (job.isAlert() && (job.title != null || job.body != null)) {
      m.setNotification(Notification.builder().setTitle(job.title).setBody(job.body).build());
    }
    return m.build();
  }

  private static boolean isIos(PushJob job) {
    return "ios".equals(job.data.getString("platform"));
  }
}
