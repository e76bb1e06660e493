package org.portier.mx;

import static org.assertj.core.api.Assertions.assertThat;
import static org.portier.mx.MxConnection.State.CLOSED;
import static org.portier.mx.MxConnection.State.READY;
import static org.portier.mx.MxFixture.await;
import static org.portier.mx.MxFixture.failure;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.portier.bus.Addresses;

/** One MX connection actor against the simulator over real TLS: login, correlation, events. */
@ExtendWith(VertxExtension.class)
class MxConnectionTest {
  private Vertx vertx;
  private MxSimulator sim;
  private final StateLog log = new StateLog();
  private final List<String> deployments = new ArrayList<>();

  @BeforeEach
  void start(Vertx vertx) {
    this.vertx = vertx;
    sim = MxFixture.simulator(vertx, MxSimulator.User.of("alice", "secret", "3095"),
        MxSimulator.User.of("lena", "ldap-pw", "3100").asLdap(), MxSimulator.User.of("silent", "pw", "3200"));
    sim.silentLogin("silent", true);
  }

  @AfterEach
  void stop() {
    deployments.forEach(id -> await(vertx.undeploy(id)));
    await(sim.close());
  }

  private MxConnection connection(String user, String password) {
    MxSettings s = MxFixture.settings();
    var client = MxTls.client(vertx, s);
    MxConnection c = new MxConnection(user, new MxCredentials("127.0.0.1", sim.port(), user, password), s, () -> client, log, false, null);
    deployments.add(await(vertx.deployVerticle(c)));
    return c;
  }

  @Test
  void logsInWithTheShaOneHashAndStartsTheMonitor() {
    MxConnection c = connection("alice", "secret");
    JsonObject s = await(c.connect(new MxCredentials("127.0.0.1", sim.port(), "alice", "secret")));
    assertThat(s.getString("state")).isEqualTo("READY");
    assertThat(s.getString("ext")).isEqualTo("3095");
    assertThat(s.getString("mx")).isEqualTo(MxSimulator.SERIAL);
    assertThat(s.getString("jid")).isNotEmpty();
    MxSimulator.Received login = sim.received("alice", "MonitorStart").isEmpty() ? null : sim.received().get(0);
    assertThat(login.name()).isEqualTo("loginRequest");
    assertThat(login.xml()).contains("<pwd>5en6G6MezRroT3XKqkdPOmY/BfQ=&#xA;</pwd>").doesNotContain("secret");
    assertThat(sim.received("alice", "MonitorStart")).singleElement()
        .satisfies(r -> assertThat(r.xml()).isEqualTo("<MonitorStart><monitorObject><deviceObject>3095</deviceObject></monitorObject></MonitorStart>"));
    assertThat(log.changes).extracting(StateLog.Change::state)
        .containsExactly(MxConnection.State.CONNECTING, MxConnection.State.LOGGING_IN, READY);
  }

  @Test
  void loginWorksWhenEveryFrameArrivesInPieces() {
    sim.splitWrites(true);
    MxConnection c = connection("alice", "secret");
    assertThat(await(c.connect(new MxCredentials("127.0.0.1", sim.port(), "alice", "secret"))).getString("state")).isEqualTo("READY");
    sim.inject("alice", held("5"));
    assertThat(await(c.awaitMessage("HeldEvent", "5", Duration.ofSeconds(5))).name()).isEqualTo("HeldEvent");
  }

  @Test
  void anLdapUserIsRetriedWithTheClearTextPassword() {
    MxConnection c = connection("lena", "ldap-pw");
    await(c.connect(new MxCredentials("127.0.0.1", sim.port(), "lena", "ldap-pw")));
    List<MxSimulator.Received> logins = sim.received().stream().filter(r -> r.name().equals("loginRequest")).toList();
    assertThat(logins).hasSize(2);
    assertThat(logins.get(1).xml()).contains("<pwd>ldap-pw</pwd>");
  }

  @Test
  void aBadPasswordFailsWithMxsTextAndIsNotRetried() {
    MxConnection c = connection("alice", "wrong");
    Throwable t = failure(c.connect(new MxCredentials("127.0.0.1", sim.port(), "alice", "wrong")));
    assertThat(t).isInstanceOf(MxException.class).hasMessage("Invalid user name or password");
    assertThat(((MxException) t).status()).isEqualTo(403);
    assertThat(c.snapshot().getString("state")).isEqualTo("CLOSED");
    assertThat(c.snapshot().getString("lastError")).isEqualTo("Invalid user name or password");
    assertThat(sim.sessionsAccepted()).isEqualTo(1);
    Throwable unknown = failure(connection("nobody", "x").connect(new MxCredentials("127.0.0.1", sim.port(), "nobody", "x")));
    assertThat(unknown).hasMessage("User not found");
  }

  @Test
  void silenceAtLoginTimesOut() {
    MxConnection c = connection("silent", "pw");
    Throwable t = failure(c.connect(new MxCredentials("127.0.0.1", sim.port(), "silent", "pw")));
    assertThat(t).hasMessage("mx login timed out");
    assertThat(MxException.statusOf(t)).isEqualTo(504);
    // not a refusal: it keeps trying
    await(log.await(MxConnection.State.RECONNECTING, 1));
  }

  @Test
  void repliesAreCorrelatedByInvokeIdEvenWhenSplitAndDelayed() {
    MxConnection c = ready("alice", "secret");
    sim.splitWrites(true).delayReplies(Duration.ofMillis(20));
    sim.handle("Echo", (session, m) -> session.reply(m, "<EchoResponse><n>" + m.root().textAt("n") + "</n></EchoResponse>"));
    List<Future<MxMessage>> replies = new ArrayList<>();
    for (int i = 0; i < 40; i++) replies.add(c.request("<Echo><n>" + i + "</n></Echo>", Duration.ofSeconds(5)));
    for (int i = 0; i < 40; i++) {
      MxMessage r = await(replies.get(i));
      assertThat(r.name()).isEqualTo("EchoResponse");
      assertThat(r.root().textAt("n")).isEqualTo(String.valueOf(i));
    }
    MxMessage generic = await(c.request("<MakeCall><calledDirectoryNumber>1099</calledDirectoryNumber></MakeCall>", Duration.ofSeconds(5)));
    assertThat(generic.name()).isEqualTo("MakeCallResponse");
  }

  @Test
  void cstaErrorsFailTheRequestWithTheirText() {
    MxConnection c = ready("alice", "secret");
    sim.cstaError("HoldCall", "privateErrorCode", "URM Denied");
    Throwable t = failure(c.request("<HoldCall/>", Duration.ofSeconds(2)));
    assertThat(t).isInstanceOf(MxException.class).hasMessage("URM Denied");
    assertThat(((MxException) t).status()).isEqualTo(400);
    assertThat(((MxException) t).cstaElement()).isEqualTo("privateErrorCode");
  }

  @Test
  void aReplyThatNeverComesTimesOut() {
    MxConnection c = ready("alice", "secret");
    sim.handle("Ignored", (s, m) -> { });
    Throwable t = failure(c.request("<Ignored/>", Duration.ofMillis(200)));
    assertThat(t).hasMessage("mx response timeout");
    assertThat(MxException.statusOf(t)).isEqualTo(504);
    // the connection is still fine
    assertThat(await(c.request("<Other/>", Duration.ofSeconds(2))).name()).isEqualTo("OtherResponse");
  }

  @Test
  void eventsReachSubscribersByNameAndCallIdAndTheBus() {
    MxConnection c = ready("alice", "secret");
    List<String> forCall21 = new CopyOnWriteArrayList<>();
    List<String> allHeld = new CopyOnWriteArrayList<>();
    c.subscribe(Set.of("HeldEvent"), "21", m -> forCall21.add(m.callId()));
    c.subscribe(Set.of("HeldEvent"), null, m -> allHeld.add(m.callId()));
    Promise<JsonObject> onBus = Promise.promise();
    vertx.eventBus().<JsonObject>consumer(Addresses.MX_EVENTS, m -> {
      if ("21".equals(m.body().getString("callId"))) onBus.tryComplete(m.body());
    });
    Future<MxMessage> awaited = c.awaitMessage("HeldEvent", "21", Duration.ofSeconds(5));
    sim.inject("alice", held("22"));
    sim.inject("alice", "<RetrievedEvent><retrievedConnection><callID>21</callID></retrievedConnection></RetrievedEvent>");
    sim.inject("alice", held("21"));
    assertThat(await(awaited).callId()).isEqualTo("21");
    JsonObject ev = await(onBus.future());
    assertThat(ev.getString("login")).isEqualTo("alice");
    assertThat(ev.getString("name")).isIn("RetrievedEvent", "HeldEvent");
    assertThat(forCall21).containsExactly("21");
    assertThat(allHeld).containsExactly("22", "21");
  }

  @Test
  void exclusiveOperationsRunOneAfterAnother() {
    MxConnection c = ready("alice", "secret");
    List<String> order = new CopyOnWriteArrayList<>();
    Future<String> first = c.exclusive(() -> {
      order.add("first-start");
      return c.request("<Slow/>", Duration.ofSeconds(2)).map(m -> {
        order.add("first-end");
        return "1";
      });
    });
    Future<String> second = c.exclusive(() -> {
      order.add("second-start");
      return Future.succeededFuture("2");
    });
    assertThat(await(second)).isEqualTo("2");
    assertThat(await(first)).isEqualTo("1");
    assertThat(order).containsExactly("first-start", "first-end", "second-start");
  }

  @Test
  void requestsFailWith503WhileNotReady() {
    MxConnection c = connection("alice", "wrong");
    failure(c.connect(new MxCredentials("127.0.0.1", sim.port(), "alice", "wrong")));
    Throwable t = failure(c.request("<X/>", Duration.ofSeconds(1)));
    assertThat(MxException.statusOf(t)).isEqualTo(503);
    assertThat(log.count(CLOSED)).isEqualTo(1);
  }

  private MxConnection ready(String user, String pw) {
    MxConnection c = connection(user, pw);
    await(c.connect(new MxCredentials("127.0.0.1", sim.port(), user, pw)));
    return c;
  }

  static String held(String callId) {
    return "<HeldEvent><monitorCrossRefID>17</monitorCrossRefID><heldConnection><callID>" + callId
        + "</callID><deviceID>3095</deviceID></heldConnection><holdingDevice><deviceIdentifier>3095</deviceIdentifier></holdingDevice>"
        + "<cause>normal</cause></HeldEvent>";
  }
}
