package org.portier.mobile;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

/** The SMS templates: each placeholder escaped for where it lands, filled in one pass. */
class SmsTemplateTest {
  @Test
  void jsonBodiesGetJsonEscapedValues() {
    String body = SmsGateway.fill("{\"to\":\"{phone}\",\"text\":\"Code {code}\"}", "7900\"\\x", "12\n4",
        SmsGateway.escaperFor("application/json; charset=utf-8"));
    JsonObject parsed = new JsonObject(body);
    assertThat(parsed.getString("to")).isEqualTo("7900\"\\x");
    assertThat(parsed.getString("text")).isEqualTo("Code 12\n4");
  }

  @Test
  void urlsAndFormsGetUrlEncodedValues() {
    assertThat(SmsGateway.fill("https://sms/send?to={phone}&msg=Code+{code}", "+7 900", "1&2", SmsGateway::urlEncode))
        .isEqualTo("https://sms/send?to=%2B7+900&msg=Code+1%262");
    assertThat(SmsGateway.fill("to={phone}", "a=b", "", SmsGateway.escaperFor("application/x-www-form-urlencoded"))).isEqualTo("to=a%3Db");
    assertThat(SmsGateway.fill("Code {code} for {phone}", "79001234567", "0042", SmsGateway.escaperFor("text/plain")))
        .isEqualTo("Code 0042 for 79001234567");
  }

  @Test
  void aValueCannotInjectAnotherPlaceholder() {
    assertThat(SmsGateway.fill("{phone}/{code}", "{code}", "1234", s -> s)).isEqualTo("{code}/1234");
  }
}
