package org.portier.sip;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The res_config_curl wire format: Asterisk's encoding of lookups and of rows. */
class AsteriskRealtimeTest {
  @Test
  void parsesFieldsWithOperatorsAndEncodedValues() {
    List<AsteriskRealtime.Condition> c = AsteriskRealtime.parse("id%20LIKE=20%25&username=2000000123&realm=a%2Bb+c\nignored=1");
    assertThat(c).containsExactly(new AsteriskRealtime.Condition("id", "LIKE", "20%"),
        new AsteriskRealtime.Condition("username", "=", "2000000123"), new AsteriskRealtime.Condition("realm", "=", "a+b c"));
    assertThat(AsteriskRealtime.parse("")).isEmpty();
    assertThat(AsteriskRealtime.decode("%zz%4")).isEqualTo("%zz%4");
  }

  @Test
  void matchesLikeSqlWould() {
    Map<String, String> row = new LinkedHashMap<>();
    row.put("id", "2000000123");
    row.put("context", "portier-mobile");
    assertThat(AsteriskRealtime.matches(row, AsteriskRealtime.parse("id%20LIKE=%25"))).isTrue();
    assertThat(AsteriskRealtime.matches(row, AsteriskRealtime.parse("id%20LIKE=2000_00123"))).isTrue();
    assertThat(AsteriskRealtime.matches(row, AsteriskRealtime.parse("id%20LIKE=3%25"))).isFalse();
    assertThat(AsteriskRealtime.matches(row, AsteriskRealtime.parse("id%20!%3D=1"))).isTrue();
    assertThat(AsteriskRealtime.matches(row, AsteriskRealtime.parse("id=2000000123&context=other"))).isFalse();
    assertThat(AsteriskRealtime.matches(row, AsteriskRealtime.parse("id%20REGEXP=.*"))).isFalse();
    assertThat(AsteriskRealtime.matches(row, AsteriskRealtime.parse("id%20LIKE=.*"))).isFalse();
  }

  @Test
  void encodesEverythingButUnreservedCharacters() {
    Map<String, String> row = new LinkedHashMap<>();
    row.put("id", "2000000123");
    row.put("allow", "alaw,h264");
    row.put("callerid", "Домофон <1>");
    String line = AsteriskRealtime.encodeRow(row);
    assertThat(line).isEqualTo("id=2000000123&allow=alaw%2Ch264&callerid=%D0%94%D0%BE%D0%BC%D0%BE%D1%84%D0%BE%D0%BD%20%3C1%3E");
    assertThat(AsteriskRealtime.decode(AsteriskRealtime.encode("a b&c=d+é"))).isEqualTo("a b&c=d+é");
  }
}
