package org.portier.doorcall;

import io.vertx.core.json.JsonObject;
import org.portier.push.PushSend;

/**
 * How one device is reached by a call push: APNs VoIP for an iOS device with a live VoIP token;
 * else its push token: FCM data push (Android, and iOS whose push token is FCM's), or, for an iOS
 * push token that is an APNs device token, a visible APNs alert ("incoming call" + the call data,
 * as SmartYard's iOS call notification). HMS and RuStore devices are not served yet.
 * {@link #choose} says why a device gets no push when it gets none.
 */
record PushRoute(long deviceId, String platform, String provider, String token, String tokenKind, boolean sandbox, String topic,
    String pushType) {
  /** Title of the visible call notification of an iOS device without a VoIP token. */
  static final String CALL_TITLE = "Входящий вызов";

  /** Either a route or the reason there is none. */
  record Choice(PushRoute route, String skipReason) {}

  static Choice choose(DeviceRow d, String defaultBundle) {
    String platform = "ios".equals(d.platform()) ? "ios" : "android";
    String bundle = d.bundle() != null && !d.bundle().isBlank() ? d.bundle() : defaultBundle;
    boolean voipUsable = "ios".equals(platform) && notBlank(d.voipToken()) && !d.voipTokenDead();
    if (voipUsable && notBlank(bundle)) {
      return new Choice(new PushRoute(d.id(), platform, "apns", d.voipToken(), "voip", !d.production(), bundle + ".voip", "voip"), null);
    }
    if (!notBlank(d.pushToken())) {
      return new Choice(null, voipUsable ? "no APNs bundle (device bundle and push.apns.bundle are empty) and no push token"
          : "ios".equals(platform) && notBlank(d.voipToken()) ? "VoIP token is dead and there is no push token" : "no push token");
    }
    if (d.pushTokenDead()) return new Choice(null, "push token is dead");
    String service = d.pushService() == null || d.pushService().isBlank() ? "fcm" : d.pushService();
    if ("apns".equals(service) && "ios".equals(platform)) {
      if (!notBlank(bundle)) return new Choice(null, "no APNs bundle (device bundle and push.apns.bundle are empty)");
      return new Choice(new PushRoute(d.id(), platform, "apns", d.pushToken(), "push", !d.production(), bundle, "alert"), null);
    }
    if (!"fcm".equals(service)) return new Choice(null, "push service " + service + " is not supported yet");
    return new Choice(new PushRoute(d.id(), platform, "fcm", d.pushToken(), "push", false, null, "voip"), null);
  }

  private static boolean notBlank(String s) {
    return s != null && !s.isBlank();
  }

  /** The outbox ref of a leg's push: the status page finds the push by it. */
  static String ref(String callId, String extension) {
    return "call:" + callId + ":" + extension;
  }

  /** The push.send PushRequest for this route carrying a call's VoIP data. */
  JsonObject request(JsonObject data, long ttlSeconds, String callId) {
    PushSend r = PushSend.push(provider, token, tokenKind, pushType).deviceId(deviceId).sandbox(sandbox).priority(10)
        .ttlSeconds(ttlSeconds).data(data).ref(ref(callId, data.getString("extension"))).topic(topic);
    if ("alert".equals(pushType)) r.alert(CALL_TITLE, data.getString("callerId"));
    return r.json();
  }
}
