package org.portier.mx;

import java.time.Duration;
import org.portier.config.Config;

/** The [mx] section, read once per config version. */
public record MxSettings(String trustedCert, Duration connectTimeout, Duration replyTimeout, Duration keepalive,
    Duration readIdleTimeout, Duration reconnectMin, Duration reconnectMax) {

  public static MxSettings from(Config c) {
    return new MxSettings(c.string("mx.trustedCert"), c.duration("mx.connectTimeout"), c.duration("mx.replyTimeout"),
        c.duration("mx.keepalive"), c.duration("mx.readIdleTimeout"), c.duration("mx.reconnectMin"), c.duration("mx.reconnectMax"));
  }
}
