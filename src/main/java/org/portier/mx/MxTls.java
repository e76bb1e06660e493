package org.portier.mx;

import io.vertx.core.Vertx;
import io.vertx.core.net.NetClient;
import io.vertx.core.net.NetClientOptions;
import io.vertx.core.net.PemTrustOptions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The TLS client MX connections share. MX presents a self-signed certificate: with
 * {@code mx.trustedCert} set only that certificate (or CA) is trusted; without it every certificate
 * is accepted, as every MX client before us did, and a warning says so.
 */
public final class MxTls {
  private static final Logger LOG = LoggerFactory.getLogger(MxTls.class);

  private MxTls() {}

  public static NetClient client(Vertx vertx, MxSettings s) {
    NetClientOptions o = new NetClientOptions().setSsl(true)
        .setConnectTimeout((int) Math.min(Integer.MAX_VALUE, s.connectTimeout().toMillis()))
        .setSslHandshakeTimeout(s.connectTimeout().toMillis()).setSslHandshakeTimeoutUnit(java.util.concurrent.TimeUnit.MILLISECONDS)
        // MX certificates name no host we could check; trust comes from the pinned certificate instead.
        .setHostnameVerificationAlgorithm("")
        .setTcpKeepAlive(true);
    if (s.trustedCert().isEmpty()) {
      LOG.warn("mx.trustedCert is not set: MX certificates are not verified (set it to the MX certificate's PEM file to pin it)");
      o.setTrustAll(true);
    } else {
      o.setTrustOptions(new PemTrustOptions().addCertPath(s.trustedCert()));
    }
    return vertx.createNetClient(o);
  }
}
