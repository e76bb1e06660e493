package org.portier.mx;

import java.time.Duration;
import org.portier.config.Config;

/**
 * The [mx] section, read once per config version. {@code insecureTrustAll}: the operator's explicit
 * opt-out of certificate checks when no {@code trustedCert} is set (see {@link MxTls}).
 */
public record MxSettings(String trustedCert, boolean insecureTrustAll, Duration connectTimeout, Duration replyTimeout, Duration keepalive,
    Duration readIdleTimeout, Duration reconnectMin, Duration reconnectMax) {

  public static MxSettings from(Config c) {
    return new MxSettings(c.string("mx.trustedCert"), c.bool("mx.insecureTrustAll"), c.duration("mx.connectTimeout"),
        c.duration("mx.replyTimeout"), c.duration("mx.keepalive"), c.duration("mx.readIdleTimeout"), c.duration("mx.reconnectMin"),
        c.duration("mx.reconnectMax"));
  }

  /** True when MX's certificate is checked against {@code trustedCert}: only then may a clear-text password be sent. */
  public boolean verifiesPeer() {
    return !trustedCert.isEmpty();
  }
}
