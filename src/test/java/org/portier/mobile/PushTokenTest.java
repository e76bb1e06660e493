package org.portier.mobile;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import org.junit.jupiter.api.Test;

/** user/registerPushToken: what each platform stores, the 406/422 refusals and token hygiene. */
class PushTokenTest extends MobileTestBase {
  private static final String FCM = "fcm-token-" + "a".repeat(140);
  private static final String APNS_VOIP = "0123456789abcdef".repeat(4);

  private Row device(String token) throws Exception {
    return rows("SELECT platform, push_service, push_token, voip_token, production, bundle, push_token_dead, voip_token_dead"
        + " FROM devices WHERE token_hash = ?", org.portier.security.Secrets.sha256Hex(token)).get(0);
  }

  @Test
  void iosWithVoipTokenInSandbox() throws Exception {
    String token = login(TEST_PHONE, "iOS, 17.5, iPhone, iPhone15,2");
    var r = post("user/registerPushToken", new JsonObject().put("platform", "ios").put("pushToken", FCM).put("voipToken", APNS_VOIP)
        .put("production", "f").put("bundle", "ru.example.intercom").put("type", 2).put("clientId", "x"), token);
    assertThat(r.statusCode()).as(r.bodyAsString()).isEqualTo(204);
    assertThat(r.body() == null || r.body().length() == 0).isTrue();
    Row d = device(token);
    assertThat(d.getString(0)).isEqualTo("ios");
    assertThat(d.getString(1)).isEqualTo("apns");
    assertThat(d.getString(2)).isEqualTo(FCM);
    assertThat(d.getString(3)).isEqualTo(APNS_VOIP);
    assertThat(d.getBoolean(4)).isFalse();
    assertThat(d.getString(5)).isEqualTo("ru.example.intercom");
  }

  @Test
  void theIosTypeSaysWhatThePushTokenIs() throws Exception {
    String token = login(TEST_PHONE, "iOS, 17.5, iPhone, iPhone15,2");
    // type 0 (or none): the push token is the Firebase token, whatever VoIP token comes with it
    assertThat(post("user/registerPushToken", new JsonObject().put("platform", "ios").put("pushToken", FCM).put("voipToken", APNS_VOIP)
        .put("production", "t").put("type", 0), token).statusCode()).isEqualTo(204);
    assertThat(device(token).getString(1)).isEqualTo("fcm");
    assertThat(device(token).getBoolean(4)).isTrue();
    assertThat(post("user/registerPushToken", new JsonObject().put("platform", "ios").put("pushToken", FCM).put("voipToken", APNS_VOIP),
        token).statusCode()).isEqualTo(204);
    assertThat(device(token).getString(1)).isEqualTo("fcm");
    // type 1: an APNs release device token; "1" as a string too (iOS sends strings)
    assertThat(post("user/registerPushToken", new JsonObject().put("platform", "ios").put("pushToken", APNS_VOIP.replace('a', 'b'))
        .put("type", "1"), token).statusCode()).isEqualTo(204);
    assertThat(device(token).getString(1)).isEqualTo("apns");
    assertThat(device(token).getBoolean(4)).isTrue();
    assertEnvelope(post("user/registerPushToken", new JsonObject().put("platform", "ios").put("pushToken", FCM).put("type", 7), token),
        422, "type must be between 0 and 3");
  }

  @Test
  void androidFcmWithDefaults() throws Exception {
    String token = login(TEST_PHONE);
    assertThat(post("user/registerPushToken", new JsonObject().put("platform", "android").put("pushToken", FCM), token).statusCode()).isEqualTo(204);
    Row d = device(token);
    assertThat(d.getString(0)).isEqualTo("android");
    assertThat(d.getString(1)).isEqualTo("fcm");
    assertThat(d.getString(2)).isEqualTo(FCM);
    assertThat(d.getValue(3)).isNull();
    assertThat(d.getBoolean(4)).isTrue();
    assertThat(d.getValue(5)).isNull();

    // HMS flavour; an empty voipToken is stored as NULL
    assertThat(post("user/registerPushToken", new JsonObject().put("platform", "android").put("pushService", "hms")
        .put("pushToken", FCM).put("voipToken", ""), token).statusCode()).isEqualTo(204);
    assertThat(device(token).getString(1)).isEqualTo("hms");
    assertThat(device(token).getValue(3)).isNull();
  }

  @Test
  void refusalsChangeNothing() throws Exception {
    String token = login(TEST_PHONE);
    JsonObject before = dbSnapshot();
    assertEnvelope(post("user/registerPushToken", new JsonObject().put("platform", "android").put("pushToken", "short"), token), 406, "pushToken must have 16 to 1023");
    assertEnvelope(post("user/registerPushToken", new JsonObject().put("platform", "ios").put("voipToken", "x".repeat(1024)), token), 406, "voipToken");
    assertEnvelope(post("user/registerPushToken", new JsonObject().put("pushToken", FCM), token), 422, "platform is required");
    assertEnvelope(post("user/registerPushToken", null, token), 422, "platform is required");
    assertEnvelope(post("user/registerPushToken", new JsonObject().put("platform", "windows").put("pushToken", FCM), token), 422, "platform must be one of ios, android, web");
    assertEnvelope(post("user/registerPushToken", new JsonObject().put("platform", 0).put("pushToken", FCM), token), 422, "platform must be a string");
    assertEnvelope(post("user/registerPushToken", new JsonObject().put("platform", "android").put("pushToken", 12345678901234567L), token), 422, "pushToken must be a string");
    assertEnvelope(post("user/registerPushToken", new JsonObject().put("platform", "ios").put("production", "yes"), token), 422, "production must be \"t\" or \"f\"");
    assertEnvelope(post("user/registerPushToken", new JsonObject().put("platform", "android").put("pushService", "apns"), token), 422, "pushService must be one of fcm, hms, rustore");
    assertThat(dbSnapshot()).isEqualTo(before);
  }

  @Test
  void aTokenMovesToTheNewestDeviceAndComesBackToLife() throws Exception {
    String oldPhone = login(TEST_PHONE, "Android,13,Google,Pixel 7");
    assertThat(post("user/registerPushToken", new JsonObject().put("platform", "android").put("pushToken", FCM), oldPhone).statusCode()).isEqualTo(204);
    String newPhone = login(TEST_PHONE, "Android,14,Google,Pixel 8");
    sql("UPDATE devices SET push_token_dead = TRUE");
    assertThat(post("user/registerPushToken", new JsonObject().put("platform", "android").put("pushToken", FCM), newPhone).statusCode()).isEqualTo(204);
    // the old row held the same token: it is gone (its bearer is dead too)
    assertThat(count("SELECT COUNT(*) FROM devices")).isEqualTo(1);
    assertEnvelope(post("user/ping", null, oldPhone), 401, "Не авторизован");
    // the same token again keeps its dead flag (the push actor marked it); a new token clears it
    assertThat(device(newPhone).getBoolean(6)).isFalse();
    sql("UPDATE devices SET push_token_dead = TRUE");
    assertThat(post("user/registerPushToken", new JsonObject().put("platform", "android").put("pushToken", FCM), newPhone).statusCode()).isEqualTo(204);
    assertThat(device(newPhone).getBoolean(6)).isTrue();
    assertThat(post("user/registerPushToken", new JsonObject().put("platform", "android").put("pushToken", FCM + "2"), newPhone).statusCode()).isEqualTo(204);
    assertThat(device(newPhone).getBoolean(6)).isFalse();
  }
}
