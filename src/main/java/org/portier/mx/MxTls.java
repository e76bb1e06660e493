package org.portier.mx;

import io.vertx.core.Vertx;
import io.vertx.core.net.NetClient;
import io.vertx.core.net.NetClientOptions;
import io.vertx.core.net.TrustOptions;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedTrustManager;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The TLS client MX connections share, and whether the link it makes is verified.
 *
 * <ul>
 *   <li>{@code mx.trustedCert} set: MX must present one of the file's certificates itself (pinned:
 *       MX certificates are self-signed and name no host, so no name is checked), or a chain that
 *       leads to one of them (a CA): then the certificate must also name the host dialled, as HTTPS
 *       checks it. Only such a link is verified.</li>
 *   <li>no {@code trustedCert} and {@code mx.insecureTrustAll = true}: any certificate is accepted,
 *       the operator's explicit choice; the link is not verified.</li>
 *   <li>neither: no connection is made at all ({@link Client#refusal}): the MX password hash, and
 *       the session, would go to whoever answers.</li>
 * </ul>
 */
public final class MxTls {
  private static final Logger LOG = LoggerFactory.getLogger(MxTls.class);
  static final String NO_TRUST = "mx.trustedCert is not set: Portier does not send MX credentials to a server whose certificate "
      + "it cannot check (set mx.trustedCert to the MX certificate or its CA, or mx.insecureTrustAll = true to accept any certificate)";

  /**
   * A TLS client for MX. {@code verified}: MX's certificate is checked, so a clear-text password may
   * be sent over its links. {@code refusal}: why no connection may be made, or null.
   */
  public record Client(NetClient net, boolean verified, String refusal) {}

  private MxTls() {}

  public static Client client(Vertx vertx, MxSettings s) {
    NetClientOptions o = new NetClientOptions().setSsl(true)
        .setConnectTimeout((int) Math.min(Integer.MAX_VALUE, s.connectTimeout().toMillis()))
        .setSslHandshakeTimeout(s.connectTimeout().toMillis()).setSslHandshakeTimeoutUnit(TimeUnit.MILLISECONDS)
        .setTcpKeepAlive(true);
    if (s.verifiesPeer()) {
      // the engine asks for the HTTPS name check; the trust manager skips it for a pinned certificate only
      o.setHostnameVerificationAlgorithm("HTTPS").setTrustOptions(TrustOptions.wrap(trustManager(s.trustedCert())));
      return new Client(vertx.createNetClient(o), true, null);
    }
    if (s.insecureTrustAll()) {
      LOG.warn("mx.insecureTrustAll is on and mx.trustedCert is not set: MX certificates are not checked (set mx.trustedCert "
          + "to the MX certificate to pin it); clear-text password logins are refused");
      return new Client(vertx.createNetClient(o.setTrustAll(true).setHostnameVerificationAlgorithm("")), false, null);
    }
    // never dialled (the refusal comes first); a client all the same, so reconfiguring stays uniform
    return new Client(vertx.createNetClient(o.setHostnameVerificationAlgorithm("HTTPS")), false, NO_TRUST);
  }

  /** Pinned-or-issued trust over the certificates of {@code pemFile}; trusts nothing when the file cannot be read. */
  static X509ExtendedTrustManager trustManager(String pemFile) {
    List<X509Certificate> certs = new ArrayList<>();
    try (InputStream in = Files.newInputStream(Path.of(pemFile))) {
      CertificateFactory f = CertificateFactory.getInstance("X.509");
      f.generateCertificates(in).forEach(c -> certs.add((X509Certificate) c));
    } catch (IOException | CertificateException e) {
      LOG.error("mx.trustedCert {} cannot be read ({}): no MX certificate is trusted", pemFile, e.getMessage());
    }
    try {
      KeyStore ks = KeyStore.getInstance(KeyStore.getDefaultType());
      ks.load(null, null);
      for (int i = 0; i < certs.size(); i++) ks.setCertificateEntry("mx-" + i, certs.get(i));
      TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      tmf.init(ks);
      for (TrustManager tm : tmf.getTrustManagers()) {
        if (tm instanceof X509ExtendedTrustManager x) return new PinnedOrIssued(List.copyOf(certs), x);
      }
      throw new IllegalStateException("the JDK offers no X509ExtendedTrustManager");
    } catch (GeneralSecurityException | IOException e) {
      throw new IllegalStateException("cannot build the MX trust manager", e);
    }
  }

  /**
   * The certificate MX presents is accepted when it is one of the pinned certificates itself (its
   * names are not checked: a pinned certificate is an identity, not a claim about a host), or when
   * the JDK's PKIX check leads it to one of them, name check of the dialled host included (that check
   * is the trust manager's job when it is an X509ExtendedTrustManager, hence this class's type).
   */
  private static final class PinnedOrIssued extends X509ExtendedTrustManager {
    private final List<X509Certificate> pinned;
    private final X509ExtendedTrustManager pkix;

    PinnedOrIssued(List<X509Certificate> pinned, X509ExtendedTrustManager pkix) {
      this.pinned = pinned;
      this.pkix = pkix;
    }

    private boolean isPinned(X509Certificate[] chain) {
      return chain != null && chain.length > 0 && pinned.contains(chain[0]);
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine) throws CertificateException {
      if (!isPinned(chain)) pkix.checkServerTrusted(chain, authType, engine);
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket) throws CertificateException {
      if (!isPinned(chain)) pkix.checkServerTrusted(chain, authType, socket);
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
      if (!isPinned(chain)) pkix.checkServerTrusted(chain, authType);
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine) throws CertificateException {
      throw new CertificateException("an MX client accepts no client certificates");
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket) throws CertificateException {
      throw new CertificateException("an MX client accepts no client certificates");
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
      throw new CertificateException("an MX client accepts no client certificates");
    }

    @Override
    public X509Certificate[] getAcceptedIssuers() {
      return pkix.getAcceptedIssuers();
    }
  }
}
