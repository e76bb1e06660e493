package org.portier.turn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** TURN REST credentials against a vector computed independently (openssl dgst -sha1 -hmac ... | base64). */
class TurnCredentialsTest {
  @Test
  void usernameIsExpiryThenUserAndPasswordIsBase64HmacSha1() {
    TurnCredentials c = TurnCredentials.mint("0123456789abcdef-secret", "2000000123", 1_700_000_000L);
    assertThat(c.username()).isEqualTo("1700000000:2000000123");
    assertThat(c.password()).isEqualTo("0AIj3S6a2GU6tYUjaRpSm1nwIJ0=");
    assertThat(c.toString()).doesNotContain(c.password());
  }

  @Test
  void anotherSecretOrExpiryGivesAnotherPassword() {
    String p = TurnCredentials.mint("0123456789abcdef-secret", "2000000123", 1_700_000_000L).password();
    assertThat(TurnCredentials.mint("0123456789abcdef-other!", "2000000123", 1_700_000_000L).password()).isNotEqualTo(p);
    assertThat(TurnCredentials.mint("0123456789abcdef-secret", "2000000123", 1_700_000_001L).password()).isNotEqualTo(p);
    assertThatThrownBy(() -> TurnCredentials.mint("", "1", 1)).isInstanceOf(IllegalArgumentException.class);
  }
}
