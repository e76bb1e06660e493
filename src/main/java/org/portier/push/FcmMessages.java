package org.portier.push;

import com.google.firebase.messaging.AndroidConfig;
import com.google.firebase.messaging.Message;
import com.google.firebase.messaging.Notification;
import java.util.HashMap;
import java.util.Map;

/** Builds the FCM v1 message for a row: data-only for calls, a notification added for alerts. */
final class FcmMessages {
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
    if (job.isAlert() && (job.title != null || job.body != null)) {
      m.setNotification(Notification.builder().setTitle(job.title).setBody(job.body).build());
    }
    return m.build();
  }
}
