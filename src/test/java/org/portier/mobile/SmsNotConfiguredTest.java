package org.portier.mobile;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.portier.testing.TestNode;

/** Without otp.sms.url only the configured test numbers can log in; nobody else gets a code stored. */
class SmsNotConfiguredTest extends MobileTestBase {
  @Override
  protected void configure(TestNode node) {
    node.set("otp.sms.url", "");
  }

  @Test
  void onlyTestNumbersLogIn() throws Exception {
    assertEnvelope(post("user/requestCode", phoneBody("79001234567")), 503, "Отправка SMS не настроена");
    assertThat(count("SELECT COUNT(*) FROM otp_challenges")).isZero();
    assertThat(login(TEST_PHONE)).isNotBlank();
    assertThat(sms.isIdle()).isTrue();
  }
}
