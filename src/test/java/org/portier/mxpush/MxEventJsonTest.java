package org.portier.mxpush;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The JSON shapes of mx-proxy.md §2.7/§3, and which tokens each event goes to. */
class MxEventJsonTest {
  static final long NOW = 1501673128;

  @Test
  void deliveredHasMxProxyShape() {
    JsonObject e = MxEventJson.of("DeliveredEvent", MxPushEndToEndTest.delivered("21", "3095"), NOW);
    assertThat(e.encode()).isEqualTo(("{\"type\":\"Delivered\",\"callId\":21,\"deviceId\":\"3095\",\"globalCallId\":\"2808630435142226622\","
        + "\"callingDevice\":\"3044\",\"calledDevice\":\"3095\",\"alertingDevice\":\"3095\",\"lastRedirectionDevice\":\"3044\","
        + "\"localConnectionInfo\":\"alerting\",\"cause\":\"normal\",\"callTypeFlags\":170917889,\"timestamp\":1501673128}"));
  }

  @Test
  void callStateEventsKeepTheirTypeWords() {
    assertThat(MxEventJson.of("EstablishedEvent", "<EstablishedEvent><establishedConnection><callID>5</callID><deviceID>273</deviceID>"
        + "</establishedConnection><answeringDevice><deviceIdentifier>3044</deviceIdentifier></answeringDevice>"
        + "<cad name=\"n\" type=\"t\">v</cad></EstablishedEvent>", NOW).encode())
        .isEqualTo("{\"type\":\"Established\",\"callId\":5,\"deviceId\":\"273\",\"answeringDevice\":\"3044\","
            + "\"cads\":[{\"name\":\"n\",\"type\":\"t\",\"value\":\"v\"}],\"timestamp\":1501673128}");
    assertThat(MxEventJson.of("OriginatedEvent", "<OriginatedEvent><originatedConnection><callID>6</callID></originatedConnection></OriginatedEvent>", NOW)
        .getString("type")).isEqualTo("Originated");
    JsonObject cleared = MxEventJson.of("ConnectionClearedEvent", "<ConnectionClearedEvent><droppedConnection><callID>7</callID>"
        + "</droppedConnection><releasingDevice><deviceIdentifier>273</deviceIdentifier></releasingDevice></ConnectionClearedEvent>", NOW);
    assertThat(cleared.getString("type")).isEqualTo("ConnectionCleared");
    assertThat(cleared.getString("releasingDevice")).isEqualTo("273");
    JsonObject retrieved = MxEventJson.of("RetrievedEvent", "<RetrievedEvent><retrievedConnection><callID>8</callID></retrievedConnection>"
        + "<retrievingDevice><deviceIdentifier>273</deviceIdentifier></retrievingDevice></RetrievedEvent>", NOW);
    assertThat(retrieved.getString("type")).isEqualTo("RetrievedEvent");
    assertThat(retrieved.getString("releasingDevice")).isEqualTo("273");
    assertThat(MxEventJson.of("DivertedEvent", "<DivertedEvent/>", NOW)).isNull();
  }

  @Test
  void onlyUnreadMailIsPushed() {
    String mail = "<MailIncomingReadyEvent from=\"3044\" fromName=\"Bob\" ownerId=\"12\"><mailId>99</mailId><duration>14</duration>"
        + "<read>%s</read></MailIncomingReadyEvent>";
    JsonObject unread = MxEventJson.of("MailIncomingReadyEvent", mail.formatted("false"), NOW);
    assertThat(unread.getString("type")).isEqualTo("MailIncoming");
    assertThat(unread.getString("fromName")).isEqualTo("Bob");
    assertThat(unread.getString("ownerId")).isEqualTo("12");
    assertThat(unread.getLong("duration")).isEqualTo(14);
    assertThat(MxEventJson.of("MailIncomingReadyEvent", mail.formatted("true"), NOW)).isNull();

    var tokens = List.of(new MxTokenRows.Token("apn", "a.b.voip", "v".repeat(64), false), new MxTokenRows.Token("apn", "a.b", "p".repeat(64), true));
    var pushes = MxPushes.build("alice", unread, false, tokens);
    assertThat(pushes).hasSize(1);
    JsonObject p = pushes.getJsonObject(0);
    assertThat(p.getString("topic")).isEqualTo("a.b");
    assertThat(p.getBoolean("sandbox")).isTrue();
    assertThat(p.getString("title")).isEqualTo("New voicemail");
    assertThat(p.getString("body")).isEqualTo("Bob");
    assertThat(p.getString("ref")).isEqualTo("mx:alice:MailIncoming:99");
    assertThat(p.getJsonObject("data").getString("duration")).isEqualTo("14");
  }

  @Test
  void everyBuiltPushIsAValidPushSendEntry() {
    JsonObject e = MxEventJson.of("DeliveredEvent", MxPushEndToEndTest.delivered("21", "273"), NOW);
    var tokens = List.of(new MxTokenRows.Token("apn", "a.b.voip", "v".repeat(64), false), new MxTokenRows.Token("apn", "a.b", "p".repeat(64), false),
        new MxTokenRows.Token("fcm", "app", "f".repeat(64), false));
    var pushes = MxPushes.build("alice", e, true, tokens);
    assertThat(pushes).hasSize(2);
    var parsed = org.portier.push.PushRequest.parseAll(new JsonObject().put("pushes", pushes));
    assertThat(parsed.get(0).apnsPayload()).isEqualTo(e);
    assertThat(parsed.get(1).provider()).isEqualTo("fcm");
    assertThat(parsed.get(1).apnsPayload()).isNull();
    // apnsPayload is for APNs VoIP only
    JsonObject bad = pushes.getJsonObject(1).copy().put("apnsPayload", e);
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> org.portier.push.PushRequest.parseAll(new JsonObject().put("pushes",
        new io.vertx.core.json.JsonArray().add(bad)))).hasMessageContaining("apnsPayload is for APNs VoIP pushes only");
  }

  @Test
  void refFitsPushSend() {
    assertThat(MxPushes.ref("x".repeat(100), "Delivered", new JsonObject().put("callId", 1))).hasSize(64).startsWith("mx:");
  }
}
