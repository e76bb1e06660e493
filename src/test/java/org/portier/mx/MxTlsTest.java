package org.portier.mx;

import static org.assertj.core.api.Assertions.assertThat;
import static org.portier.mx.MxFixture.await;
import static org.portier.mx.MxFixture.failure;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.portier.testing.CapturedLog;
import org.portier.testing.TestNode;

/**
 * Whom Portier gives MX credentials to: never a server whose certificate it cannot check unless the
 * operator opts out, a pinned certificate whatever it names, a CA's certificate only for the host it
 * names, and a clear-text password only over a verified link. The simulator presents the test
 * certificates of src/test/resources/mx-tls over real TLS.
 */
@ExtendWith(VertxExtension.class)
class MxTlsTest {
  private Vertx vertx;
  private MxSimulator sim;
  private final List<String> deployments = new ArrayList<>();
  @TempDir Path dir;

  @BeforeEach
  void start(Vertx vertx) {
    this.vertx = vertx;
  }

  @AfterEach
  void stop() {
    deployments.forEach(id -> await(vertx.undeploy(id)));
    if (sim != null) await(sim.close());
  }

  private static Buffer resource(String name) {
    try (InputStream in = MxTlsTest.class.getResourceAsStream("/mx-tls/" + name)) {
      return Buffer.buffer(in.readAllBytes());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private String file(String name) throws IOException {
    Path f = dir.resolve(name);
    Files.write(f, resource(name).getBytes());
    return f.toString();
  }

  /** A simulator presenting the test certificate {@code name}, with alice (hashed login) and lena (LDAP: clear text). */
  private void simulator(String name) {
    sim = await(MxSimulator.start(vertx, 0, resource(name + ".pem"), resource(name + "-key.pem")));
    sim.addUser(MxSimulator.User.of("alice", "secret", "3095")).addUser(MxSimulator.User.of("lena", "ldap-pw", "3100").asLdap());
  }

  private static MxSettings settings(String trustedCert, boolean insecureTrustAll) {
    return new MxSettings(trustedCert, insecureTrustAll, Duration.ofSeconds(5), Duration.ofSeconds(2), Duration.ofSeconds(30),
        Duration.ofSeconds(60), Duration.ofSeconds(30), Duration.ofSeconds(30));
  }

  private Throwable connectFails(MxSettings s, String user, String password) {
    return failure(connection(s, user, password).connect(new MxCredentials("127.0.0.1", sim.port(), user, password)));
  }

  private String connects(MxSettings s, String user, String password) {
    return await(connection(s, user, password).connect(new MxCredentials("127.0.0.1", sim.port(), user, password))).getString("state");
  }

  private MxConnection connection(MxSettings s, String user, String password) {
    MxTls.Client client = MxTls.client(vertx, s);
    MxConnection c = new MxConnection(user, new MxCredentials("127.0.0.1", sim.port(), user, password), s, () -> client, new StateLog(),
        false, null);
    deployments.add(await(vertx.deployVerticle(c)));
    return c;
  }

  private List<MxSimulator.Received> logins() {
    return sim.received().stream().filter(r -> r.name().equals("loginRequest")).toList();
  }

  @Test
  void withoutATrustedCertificateOrTheOptOutNothingIsDialled() {
    simulator("loopback");
    MxTls.Client client = MxTls.client(vertx, settings("", false));
    assertThat(client.verified()).isFalse();
    assertThat(client.refusal()).contains("mx.trustedCert is not set").contains("mx.insecureTrustAll");
    Throwable t = connectFails(settings("", false), "alice", "secret");
    assertThat(t).isInstanceOf(MxException.class).hasMessage(MxTls.NO_TRUST);
    assertThat(((MxException) t).status()).isEqualTo(503);
    assertThat(sim.sessionsAccepted()).as("not even a TCP connection to MX").isZero();
  }

  @Test
  void aNodeUsingMxWithoutTrustWarnsAtStartAndAnswersLoginsWithTheReason() {
    simulator("loopback");
    try (CapturedLog log = CapturedLog.start()) {
      TestNode quiet = TestNode.inTempDir();
      await(quiet.start(vertx));
      await(quiet.stop());
      assertThat(log.text()).as("no MX in use, nothing to say").doesNotContain("mx.trustedCert");

      TestNode node = TestNode.inTempDir().set("apps", new JsonObject().put("client1", "secret1"));
      await(node.start(vertx));
      try {
        assertThat(log.lines()).anyMatch(l -> l.startsWith("WARN") && l.contains(MxTls.NO_TRUST));
        ReplyException r = MxFixture.refused(MxFixture.connect(vertx, MxFixture.connectRequest(sim, "alice", "secret")));
        assertThat(r.failureCode()).isEqualTo(503);
        assertThat(r.getMessage()).isEqualTo(MxTls.NO_TRUST);
        assertThat(sim.sessionsAccepted()).isZero();
      } finally {
        await(node.stop());
      }
    }
  }

  @Test
  void aPinnedCertificateIsTrustedWhateverHostItNames() throws IOException {
    // the server's own certificate, naming mx.other-host.invalid while 127.0.0.1 is dialled
    simulator("other-host");
    assertThat(connects(settings(file("other-host.pem"), false), "alice", "secret")).isEqualTo("READY");
    // a verified link: the clear-text password MX asks for is sent
    assertThat(connects(settings(file("other-host.pem"), false), "lena", "ldap-pw")).isEqualTo("READY");
    assertThat(logins()).last().satisfies(r -> assertThat(r.xml()).contains("<pwd>ldap-pw</pwd>"));
  }

  @Test
  void aCertificateIssuedByTheTrustedCaMustNameTheHost() throws IOException {
    simulator("other-host");
    Throwable t = connectFails(settings(file("ca.pem"), false), "alice", "secret");
    assertThat(t).isInstanceOf(MxException.class).hasMessageStartingWith("cannot connect to mx 127.0.0.1:" + sim.port());
    assertThat(logins()).as("no credentials sent").isEmpty();
  }

  @Test
  void aCertificateIssuedByTheTrustedCaForThisHostIsTrusted() throws IOException {
    simulator("loopback");
    assertThat(connects(settings(file("ca.pem"), false), "alice", "secret")).isEqualTo("READY");
  }

  @Test
  void aCertificateOfAnotherIssuerIsRefused() {
    // the simulator's own self-signed certificate is not the pinned one
    sim = await(MxSimulator.start(vertx, 0));
    sim.addUser(MxSimulator.User.of("alice", "secret", "3095"));
    Throwable t = failure(connection(settings(pinnedElsewhere(), false), "alice", "secret")
        .connect(new MxCredentials("127.0.0.1", sim.port(), "alice", "secret")));
    assertThat(t).hasMessageStartingWith("cannot connect to mx");
    assertThat(logins()).isEmpty();
  }

  private String pinnedElsewhere() {
    try {
      return file("loopback.pem");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Test
  void theOptOutConnectsButNeverSendsTheClearTextPassword() {
    simulator("other-host");
    MxSettings optOut = settings("", true);
    assertThat(MxTls.client(vertx, optOut).verified()).isFalse();
    assertThat(connects(optOut, "alice", "secret")).isEqualTo("READY");

    Throwable t = connectFails(optOut, "lena", "ldap-pw");
    assertThat(t).isInstanceOf(MxException.class).hasMessage(MxLogin.CLEAR_TEXT_REFUSED);
    assertThat(((MxException) t).status()).isEqualTo(403);
    List<MxSimulator.Received> lena = logins().stream().filter(r -> r.xml().contains("<userName>lena</userName>")).toList();
    assertThat(lena).singleElement().satisfies(r -> assertThat(r.xml()).doesNotContain("ldap-pw"));
  }
}
