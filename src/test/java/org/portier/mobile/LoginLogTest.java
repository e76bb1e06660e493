package org.portier.mobile;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.portier.testing.CapturedLog;

/** A login's log lines name the phone (masked) and the device, never any piece of the access token. */
class LoginLogTest extends MobileTestBase {
  @Test
  void noPieceOfTheAccessTokenIsLogged() throws Exception {
    try (CapturedLog log = CapturedLog.start()) {
      String token = login("79991234567");
      assertThat(token).hasSizeGreaterThan(8);
      assertThat(log.text()).as("the login was logged").contains("login of");
      assertThat(log.pieceOf(token, 8)).as("8 characters of the token in the log").isNull();
      assertThat(log.pieceOf(token, 4, "login of")).as("4 characters of the token in the login's line").isNull();
      // the token at work (a ping) logs none of it either
      assertThat(post("user/ping", null, token).statusCode()).isEqualTo(204);
      assertThat(log.pieceOf(token, 8)).isNull();
    }
  }
}
