package org.portier.mx;

import static org.assertj.core.api.Assertions.assertThat;
import static org.portier.mx.MxConnection.State.READY;
import static org.portier.mx.MxFixture.await;

import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Keep-alive, read-idle probe, reconnect backoff and forced logout, with short timings. */
@ExtendWith(VertxExtension.class)
class MxLivenessTest {
  private static final MxCredentials ALICE = new MxCredentials("127.0.0.1", 0, "alice", "secret");
  private Vertx vertx;
  private MxSimulator sim;
  private final StateLog log = new StateLog();
  private final List<String> deployments = new ArrayList<>();

  @BeforeEach
  void start(Vertx vertx) {
    this.vertx = vertx;
    sim = MxFixture.simulator(vertx, MxSimulator.User.of("alice", "secret", "3095"));
  }

  @AfterEach
  void stop() {
    deployments.forEach(id -> await(vertx.undeploy(id)));
    await(sim.close());
  }

  private MxConnection ready(Duration keepalive, Duration readIdle, Duration reconnectMin, Duration reconnectMax) {
    MxSettings s = new MxSettings(MxFixture.simulatorCertFile(), false, Duration.ofSeconds(5), Duration.ofMillis(400), keepalive, readIdle, reconnectMin, reconnectMax);
    var client = MxTls.client(vertx, s);
    MxCredentials creds = new MxCredentials("127.0.0.1", sim.port(), ALICE.mxLogin(), ALICE.mxPassword());
    MxConnection c = new MxConnection("alice", creds, s, () -> client, log, false, null);
    deployments.add(await(vertx.deployVerticle(c)));
    await(c.connect(creds));
    return c;
  }

  @Test
  void aKeepaliveGoesOutAfterWriteIdlenessAndAnsweredProbesKeepTheSession() {
    ready(Duration.ofMillis(200), Duration.ofMillis(300), Duration.ofMillis(50), Duration.ofMillis(400));
    long monitorAt = sim.received("alice", "MonitorStart").get(0).at();
    MxSimulator.Received ka = await(sim.awaitFrame(r -> r.invokeId() == 0));
    assertThat(ka.xml()).isEqualTo("<keepalive />");
    assertThat(ka.at() - monitorAt).isGreaterThanOrEqualTo(150);
    // silence from MX is answered by a probe; MX answers it, so the session stays
    await(sim.awaitFrame(r -> r.name().equals("GetServiceList")));
    MxSimulator.Received second = await(sim.awaitFrame(r -> r.name().equals("GetServiceList") && r.at() > monitorAt + 500));
    assertThat(second).isNotNull();
    assertThat(sim.sessionsAccepted()).isEqualTo(1);
    assertThat(log.count(READY)).isEqualTo(1);
  }

  @Test
  void aSilentMxThatIgnoresTheProbeIsDroppedAndReconnected() {
    ready(Duration.ofSeconds(10), Duration.ofMillis(300), Duration.ofMillis(50), Duration.ofMillis(400));
    sim.mute("alice", true);
    await(sim.awaitFrame(r -> r.name().equals("GetServiceList")));
    StateLog.Change dropped = await(log.await(MxConnection.State.RECONNECTING, 1));
    assertThat(dropped.error()).contains("did not answer a probe");
    sim.mute("alice", false);
    await(log.await(READY, 2));
    assertThat(sim.sessionsAccepted()).isGreaterThanOrEqualTo(2);
  }

  @Test
  void anAbruptCloseReconnectsWithGrowingBoundedDelays() {
    ready(Duration.ofSeconds(10), Duration.ofSeconds(20), Duration.ofMillis(100), Duration.ofMillis(800));
    sim.refuseSessions(true);
    long closedAt = System.currentTimeMillis();
    sim.closeAbruptly("alice");
    // five refused attempts, then MX comes back
    await(waitForAccepts(6));
    sim.refuseSessions(false);
    await(log.await(READY, 2));
    List<Long> t = sim.acceptTimes();
    List<Long> gaps = new ArrayList<>();
    gaps.add(t.get(1) - closedAt);
    for (int i = 2; i < 6; i++) gaps.add(t.get(i) - t.get(i - 1));
    // ceilings 100, 200, 400, 800, 800 with jitter in [d/2, d] (plus a TLS handshake each)
    assertThat(gaps.get(0)).isLessThan(100 + 300);
    assertThat(gaps.get(1)).isLessThan(200 + 300);
    assertThat(gaps.get(3)).isGreaterThanOrEqualTo(400);
    assertThat(gaps.get(3)).isGreaterThan(gaps.get(0));
    assertThat(gaps).allSatisfy(g -> assertThat(g).isLessThan(800 + 400));
  }

  @Test
  void aForcedLogoutBacksOffInsteadOfFightingTheOtherSession() {
    ready(Duration.ofSeconds(10), Duration.ofSeconds(20), Duration.ofMillis(20), Duration.ofMillis(1500));
    long forcedAt = System.currentTimeMillis();
    assertThat(sim.forceLogout("alice")).isEqualTo(1);
    StateLog.Change reconnecting = await(log.await(MxConnection.State.RECONNECTING, 1));
    assertThat(reconnecting.error()).isEqualTo("logout: forced");
    await(log.await(READY, 2));
    long back = sim.acceptTimes().get(1);
    // the delay jumped to the ceiling (750..1500 ms), not the 20 ms an ordinary drop would wait
    assertThat(back - forcedAt).isGreaterThanOrEqualTo(700);
  }

  private io.vertx.core.Future<Void> waitForAccepts(int n) {
    io.vertx.core.Promise<Void> p = io.vertx.core.Promise.promise();
    long timer = vertx.setPeriodic(20, id -> {
      if (sim.sessionsAccepted() >= n) p.tryComplete();
    });
    return p.future().onComplete(x -> vertx.cancelTimer(timer));
  }
}
