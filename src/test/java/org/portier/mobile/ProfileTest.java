package org.portier.mobile;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import org.junit.jupiter.api.Test;
import org.portier.testing.TestNode;

/** user/appVersion, getName/sendName, notification, pushTokens and deleteAccount. */
class ProfileTest extends MobileTestBase {
  private static final String PHONE = "79001234567";

  @Override
  protected void configure(TestNode node) {
    node.set("mobile.appVersion.minAndroid", "160").set("mobile.appVersion.forceAndroid", "100").set("mobile.appVersion.minIos", "1.2");
  }

  @Test
  void appVersionHintsOnlyBelowTheConfiguredMinimum() throws Exception {
    String token = login(TEST_PHONE);
    // Android sends its build code as a string, or a number
    assertThat(post("user/appVersion", new JsonObject().put("version", "164").put("platform", "android"), token).statusCode()).isEqualTo(204);
    assertThat(data(post("user/appVersion", new JsonObject().put("version", 150).put("platform", "android"), token))).isEqualTo("upgrade");
    assertThat(data(post("user/appVersion", new JsonObject().put("version", "99").put("platform", "android"), token))).isEqualTo("force_upgrade");
    assertThat(data(post("user/appVersion", new JsonObject().put("version", "1.1.9").put("platform", "ios"), token))).isEqualTo("upgrade");
    assertThat(post("user/appVersion", new JsonObject().put("version", "1.2").put("platform", "ios"), token).statusCode()).isEqualTo(204);
    assertThat(post("user/appVersion", new JsonObject().put("version", "1").put("platform", "web"), token).statusCode()).isEqualTo(204);
    assertEnvelope(post("user/appVersion", new JsonObject().put("platform", "ios"), token), 422, "version is required");
    assertEnvelope(post("user/appVersion", new JsonObject().put("version", "beta").put("platform", "ios"), token), 422, "version must be");
    assertEnvelope(post("user/appVersion", new JsonObject().put("version", "1"), token), 422, "platform is required");
    assertEnvelope(post("user/appVersion", new JsonObject().put("version", "1").put("platform", "symbian"), token), 422, "platform must be one of");
  }

  @Test
  void namesAreStoredAsGivenAndReadBack() throws Exception {
    String token = login(PHONE);
    assertEnvelope(post("user/getName", null, token), 404, "Имя не указано");
    JsonObject before = dbSnapshot();
    assertEnvelope(post("user/sendName", new JsonObject(), token), 400, "Не указано имя");
    assertEnvelope(post("user/sendName", new JsonObject().put("name", "  "), token), 400, "Не указано имя");
    assertEnvelope(post("user/sendName", new JsonObject().put("name", 5), token), 422, "name must be a string");
    assertEnvelope(post("user/sendName", new JsonObject().put("name", "Иван").put("last", "x".repeat(101)), token), 422, "last must have at most 100");
    assertThat(dbSnapshot()).isEqualTo(before);

    assertThat(post("user/sendName", new JsonObject().put("name", "Иван <b>").put("patronymic", "Петрович"), token).statusCode()).isEqualTo(204);
    assertThat(data(post("user/getName", new JsonObject(), token)))
        .isEqualTo(new JsonObject().put("name", "Иван <b>").put("patronymic", "Петрович").put("last", ""));
    // and a new login shows them too
    sql("DELETE FROM devices");
    assertThat(post("user/requestCode", phoneBody(PHONE)).statusCode()).isEqualTo(200);
    JsonObject names = post("user/confirmCode", codeBody(PHONE, codeFrom(sms.next()))).bodyAsJsonObject().getJsonObject("data").getJsonObject("names");
    assertThat(names.getString("name")).isEqualTo("Иван <b>");
  }

  @Test
  void notificationSwitchesBelongToTheDevice() throws Exception {
    String phone1 = login(PHONE, "Android,14,Google,Pixel 8");
    String phone2 = login(PHONE, "iOS, 17.5, iPhone, iPhone15,2");
    // empty request = query; Android sends no body at all
    assertThat(data(post("user/notification", null, phone1))).isEqualTo(new JsonObject().put("money", "t").put("enable", "t"));
    assertThat(data(post("user/notification", new JsonObject().put("enable", "f"), phone1)))
        .isEqualTo(new JsonObject().put("money", "t").put("enable", "f"));
    assertThat(data(post("user/notification", new JsonObject().put("money", false), phone1)))
        .isEqualTo(new JsonObject().put("money", "f").put("enable", "f"));
    assertThat(data(post("user/notification", new JsonObject(), phone2))).isEqualTo(new JsonObject().put("money", "t").put("enable", "t"));
    JsonObject before = dbSnapshot();
    assertEnvelope(post("user/notification", new JsonObject().put("money", "yes"), phone1), 422, "money must be \"t\" or \"f\"");
    assertEnvelope(post("user/notification", new JsonObject().put("enable", 2), phone1), 422, "enable must be \"t\" or \"f\"");
    assertThat(dbSnapshot()).isEqualTo(before);
  }

  @Test
  void pushTokensAreThoseOfTheCallingDevice() throws Exception {
    String token = login(PHONE);
    assertThat(data(post("user/pushTokens", null, token))).isEqualTo(new JsonObject().put("pushToken", "off").put("voipToken", "off"));
    assertThat(post("user/registerPushToken", new JsonObject().put("platform", "ios").put("pushToken", "p".repeat(20))
        .put("voipToken", "v".repeat(64)), token).statusCode()).isEqualTo(204);
    assertThat(data(post("user/pushTokens", new JsonObject(), token)))
        .isEqualTo(new JsonObject().put("pushToken", "p".repeat(20)).put("voipToken", "v".repeat(64)));
  }

  @Test
  void deleteAccountEndsEveryTokenAtOnceAndKeepsTheFlat() throws Exception {
    String flatId = operatorFlat("Lenina 1", 100053, PHONE, "12345");
    String phone1 = login(PHONE, "Android,14,Google,Pixel 8");
    String phone2 = login(PHONE, "iOS, 17.5, iPhone, iPhone15,2");
    String other = login(TEST_PHONE);
    assertThat(post("user/sendName", new JsonObject().put("name", "Иван"), phone1).statusCode()).isEqualTo(204);
    assertThat(post("address/intercom", new JsonObject().put("flatId", flatId).put("settings", new JsonObject().put("VoIP", "f")), phone1)
        .statusCode()).isEqualTo(200);
    assertThat(post("user/requestCode", phoneBody(PHONE)).statusCode()).isEqualTo(200);
    sms.next();

    HttpResponse<Buffer> r = post("user/deleteAccount", new JsonObject(), phone2);
    assertThat(r.statusCode()).isEqualTo(204);
    assertThat(r.body() == null || r.body().length() == 0).isTrue();
    assertEnvelope(post("user/ping", null, phone1), 401, "Не авторизован");
    assertEnvelope(post("user/ping", null, phone2), 401, "Не авторизован");
    assertThat(post("user/ping", null, other).statusCode()).isEqualTo(204);
    long sub = rows("SELECT id FROM subscribers WHERE phone = ?", PHONE).get(0).getLong(0);
    assertThat(count("SELECT COUNT(*) FROM devices WHERE subscriber_id = ?", sub)).isZero();
    assertThat(count("SELECT COUNT(*) FROM device_flat_settings")).isZero();
    assertThat(count("SELECT COUNT(*) FROM otp_challenges WHERE phone = ?", PHONE)).isZero();
    assertThat(rows("SELECT name FROM subscribers WHERE id = ?", sub).get(0).getString(0)).isEmpty();
    // the flat record stays: logging in again shows the address, the owner still owns it
    assertThat(count("SELECT COUNT(*) FROM flat_subscribers WHERE subscriber_id = ? AND role = 'owner'", sub)).isEqualTo(1);
    String again = login(PHONE);
    assertThat(post("address/getAddressList", null, again).statusCode()).isEqualTo(200);
  }

  static Object data(HttpResponse<Buffer> r) {
    assertThat(r.statusCode()).as(TestNode.status(r)).isEqualTo(200);
    assertThat(r.bodyAsJsonObject().getString("name")).isNotBlank();
    assertThat(r.bodyAsJsonObject().getString("message")).isNotBlank();
    return r.bodyAsJsonObject().getValue("data");
  }
}
