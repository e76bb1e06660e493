package org.portier.mxpush;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import org.portier.push.PushRequest;
import org.portier.push.PushSend;

/**
 * Turns one MX event of a login into push.send entries, one per token. iOS 13+ kills an app that
 * gets a VoIP push without reporting a call to CallKit, so only the incoming call goes as a VoIP
 * push (to tokens registered on the ".voip" topic); every other event goes as an alert to the
 * tokens registered on the plain bundle topic. A PushKit token cannot take alerts, so VoIP tokens
 * get nothing else. A user with no VoIP token still hears the incoming call as an alert.
 * FCM tokens get every event as data (the app decides what to show), high priority for the
 * incoming call and new voicemail. Data values are strings (FCM's rule); the APNs VoIP body is the
 * event JSON unchanged, byte for byte what MX Proxy 2.1 clients read.
 */
final class MxPushes {
  /** A ring lasts well under this; a call push delivered later would ring for a call already gone. */
  static final long CALL_TTL_SECONDS = 30;
  /** Call state changes are worth showing only while the call can still be going on. */
  static final long STATE_TTL_SECONDS = 60;
  static final long MAIL_TTL_SECONDS = 3600;
  private static final int REF_MAX = 64;

  private MxPushes() {}

  /** The pushes for an event; {@code incoming} says it is a DeliveredEvent ringing the user's own ext. */
  static JsonArray build(String login, JsonObject event, boolean incoming, List<MxTokenRows.Token> tokens) {
    JsonObject data = MxEventJson.strings(event);
    String type = event.getString("type");
    String ref = ref(login, type, event);
    boolean mail = "MailIncoming".equals(type);
    long ttl = incoming ? CALL_TTL_SECONDS : mail ? MAIL_TTL_SECONDS : STATE_TTL_SECONDS;
    boolean hasVoip = tokens.stream().anyMatch(MxTokenRows.Token::voip);
    JsonArray out = new JsonArray();
    for (MxTokenRows.Token t : tokens) {
      PushSend p;
      if ("fcm".equals(t.type())) {
        p = PushSend.push(PushRequest.FCM, t.token(), "push", incoming ? "voip" : "alert").priority(incoming || mail ? 10 : 5);
      } else if (t.voip()) {
        if (!incoming) continue;
        // the event JSON itself is the whole body, numbers and all, as MX Proxy sent it
        p = PushSend.push(PushRequest.APNS, t.token(), "voip", "voip").sandbox(t.sandbox()).topic(t.topic()).priority(10)
            .apnsPayload(event.copy());
      } else if (!incoming || !hasVoip) {
        p = PushSend.push(PushRequest.APNS, t.token(), "push", "alert").sandbox(t.sandbox()).topic(t.topic()).priority(10)
            .alert(title(type), body(event));
      } else {
        continue;
      }
      out.add(p.ttlSeconds(ttl).data(data.copy()).ref(ref).json());
    }
    return out;
  }

  /** "mx:&lt;login&gt;:&lt;type&gt;:&lt;callId|mailId&gt;", cut to push.send's 64 characters (it only traces). */
  static String ref(String login, String type, JsonObject event) {
    Object id = event.containsKey("callId") ? event.getValue("callId") : event.containsKey("mailId") ? event.getValue("mailId") : "";
    String ref = "mx:" + login + ":" + type + ":" + id;
    return ref.length() > REF_MAX ? ref.substring(0, REF_MAX) : ref;
  }

  private static String title(String type) {
    return switch (type) {
      case "Delivered" -> "Incoming call";
      case "Established" -> "Call connected";
      case "Originated" -> "Calling";
      case "ConnectionCleared" -> "Call ended";
      case "HeldEvent" -> "Call on hold";
      case "RetrievedEvent" -> "Call resumed";
      case "MailIncoming" -> "New voicemail";
      default -> type;
    };
  }

  /** The other party as MX names it, best first; "" when MX gave nothing. */
  private static String body(JsonObject e) {
    for (String k : new String[] {"fromName", "callerName", "from", "callingDisplayName", "answeringDisplayName", "callingDevice",
        "calledDevice"}) {
      String v = e.getString(k);
      if (v != null && !v.isBlank()) return v;
    }
    return "";
  }
}
