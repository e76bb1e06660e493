package org.portier.mobile;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.portier.testing.TestNode;

/** mobile.maxDevices with strategy replace-oldest: the least recently seen device is deleted. */
class DeviceLimitReplaceOldestTest extends MobileTestBase {
  private static final String PHONE = "79001234567";

  @Override
  protected void configure(TestNode node) {
    node.set("mobile.maxDevices", 2).set("mobile.maxDevicesStrategy", "replace-oldest");
  }

  @Test
  void theLeastRecentlySeenDeviceMakesRoomAndItsTokenDiesAtOnce() throws Exception {
    String stale = login(PHONE, "Android,14,Google,Pixel 8");
    String fresh = login(PHONE, "Android,13,Samsung,S21");
    // the device that logged in first was used a moment ago; the second one was last seen long ago
    sql("UPDATE devices SET last_seen = 1000 WHERE token_hash = ?", org.portier.security.Secrets.sha256Hex(fresh));
    sql("UPDATE devices SET last_seen = ? WHERE token_hash = ?", System.currentTimeMillis(), org.portier.security.Secrets.sha256Hex(stale));
    String third = login(PHONE, "iOS, 17.5, iPhone, iPhone15,2");
    assertThat(count("SELECT COUNT(*) FROM devices")).isEqualTo(2);
    assertEnvelope(post("user/ping", null, fresh), 401, "Не авторизован");
    assertThat(post("user/ping", null, stale).statusCode()).isEqualTo(204);
    assertThat(post("user/ping", null, third).statusCode()).isEqualTo(204);
  }
}
