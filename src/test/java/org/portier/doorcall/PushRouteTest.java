package org.portier.doorcall;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Which provider reaches a device, and why a device gets no push. */
class PushRouteTest {
  private static DeviceRow dev(String platform, String service, String push, boolean pushDead, String voip, boolean voipDead, String bundle) {
    return new DeviceRow(7, platform, service, push, pushDead, voip, voipDead, true, bundle);
  }

  @Test
  void iosWithALiveVoipTokenGoesToApnsVoip() {
    PushRoute r = PushRoute.choose(dev("ios", null, "p", false, "v", false, null), "org.x.app").route();
    assertThat(r.provider()).isEqualTo("apns");
    assertThat(r.tokenKind()).isEqualTo("voip");
    assertThat(r.topic()).isEqualTo("org.x.app.voip");
    assertThat(r.sandbox()).isFalse();
    assertThat(PushRoute.choose(dev("ios", null, null, false, "v", false, "org.own"), "org.x.app").route().topic()).isEqualTo("org.own.voip");
  }

  @Test
  void otherwiseFcmWithThePushToken() {
    PushRoute dead = PushRoute.choose(dev("ios", null, "p", false, "v", true, "b"), "").route();
    assertThat(dead.provider()).isEqualTo("fcm");
    assertThat(dead.platform()).isEqualTo("ios");
    assertThat(PushRoute.choose(dev("ios", null, "p", false, "v", false, null), "").route().provider()).isEqualTo("fcm");
    PushRoute android = PushRoute.choose(dev("android", "fcm", "p", false, null, false, null), "").route();
    assertThat(android.tokenKind()).isEqualTo("push");
    assertThat(android.topic()).isNull();
  }

  @Test
  void reasonsForNoPush() {
    assertThat(PushRoute.choose(dev("android", "fcm", null, false, null, false, null), "").skipReason()).isEqualTo("no push token");
    assertThat(PushRoute.choose(dev("android", "fcm", "p", true, null, false, null), "").skipReason()).isEqualTo("push token is dead");
    assertThat(PushRoute.choose(dev("android", "rustore", "p", false, null, false, null), "").skipReason()).contains("rustore is not supported");
    assertThat(PushRoute.choose(dev("ios", null, null, false, "v", true, "b"), "").skipReason()).contains("VoIP token is dead");
    assertThat(PushRoute.choose(dev("ios", null, null, false, "v", false, null), "").skipReason()).contains("no APNs bundle");
  }
}
