package org.portier.mobile;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.portier.testing.TestNode;

/** mobile.maxDevices with strategy forbidden: the login that would add a device is refused. */
class DeviceLimitForbiddenTest extends MobileTestBase {
  private static final String PHONE = "79001234567";

  @Override
  protected void configure(TestNode node) {
    node.set("mobile.maxDevices", 2).set("mobile.maxDevicesStrategy", "forbidden");
  }

  @Test
  void aThirdDeviceIsRefusedAndTheCodeStaysUsable() throws Exception {
    String first = login(PHONE, "Android,14,Google,Pixel 8");
    String second = login(PHONE, "Android,13,Samsung,S21");
    // a re-login of a known device is no new device
    String again = login(PHONE, "Android,14,Google,Pixel 8");
    Map<String, String> third = Map.of("Accept-Language", "ru", "X-System-Info", "iOS, 17.5, iPhone, iPhone15,2");
    assertThat(post("user/requestCode", phoneBody(PHONE), null, third).statusCode()).isEqualTo(200);
    String code = codeFrom(sms.next());
    HttpResponse<Buffer> refused = post("user/confirmCode", codeBody(PHONE, code), null, third);
    assertEnvelope(refused, 403, "Превышен лимит устройств");
    assertThat(refused.bodyAsJsonObject().containsKey("data")).isFalse();
    assertThat(count("SELECT COUNT(*) FROM devices")).isEqualTo(2);
    assertThat(count("SELECT COUNT(*) FROM otp_challenges")).isEqualTo(1);
    assertThat(post("user/ping", null, again).statusCode()).isEqualTo(204);
    assertThat(post("user/ping", null, second).statusCode()).isEqualTo(204);
    assertEnvelope(post("user/ping", null, first), 401, "Не авторизован");
    // after one device leaves (account deletion removes all), the same code logs the new one in
    sql("DELETE FROM devices WHERE token_hash = ?", org.portier.security.Secrets.sha256Hex(second));
    assertThat(post("user/confirmCode", codeBody(PHONE, code), null, third).statusCode()).isEqualTo(200);
  }
}
