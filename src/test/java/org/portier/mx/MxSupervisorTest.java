package org.portier.mx;

import static org.assertj.core.api.Assertions.assertThat;
import static org.portier.mx.MxFixture.ask;
import static org.portier.mx.MxFixture.await;
import static org.portier.mx.MxFixture.connect;
import static org.portier.mx.MxFixture.connectRequest;
import static org.portier.mx.MxFixture.refused;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import io.vertx.sqlclient.Row;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.portier.bus.Addresses;
import org.portier.testing.TestNode;

/** The event-bus contract of the mx actor on a real Portier node, against the simulator. */
@ExtendWith(VertxExtension.class)
class MxSupervisorTest {
  private Vertx vertx;
  private MxSimulator sim;
  private TestNode node;

  @BeforeEach
  void start(Vertx vertx) {
    this.vertx = vertx;
    sim = MxFixture.simulator(vertx, MxSimulator.User.of("alice", "secret", "3095"), MxSimulator.User.of("bob", "b-pass", "3044"),
        MxSimulator.User.of("quiet", "pw", "3300"));
    sim.silentLogin("quiet", true);
    node = MxFixture.configure(TestNode.inTempDir());
    await(node.start(vertx));
  }

  @AfterEach
  void stop() {
    if (node != null) await(node.stop());
    await(sim.close());
  }

  @Test
  void connectLogsInAndRepliesWithTheSession() {
    JsonObject r = await(connect(vertx, connectRequest(sim, "alice", "secret")));
    assertThat(r.fieldNames()).containsExactlyInAnyOrder("login", "state", "ext", "jid", "mx", "since");
    assertThat(r.getString("login")).isEqualTo("alice");
    assertThat(r.getString("state")).isEqualTo("READY");
    assertThat(r.getString("ext")).isEqualTo("3095");
    assertThat(r.getValue("jid")).isInstanceOf(String.class);
    assertThat(r.getString("mx")).isEqualTo(MxSimulator.SERIAL);
    assertThat(r.getLong("since")).isPositive();
    JsonObject state = await(ask(vertx, Addresses.mxUser("alice"), new JsonObject().put("op", "state")));
    assertThat(state.getString("state")).isEqualTo("READY");
    assertThat(state.getString("ext")).isEqualTo("3095");
  }

  @Test
  void loginFailuresMapTo403And504AndLeaveNoUserBehind() {
    ReplyException bad = refused(connect(vertx, connectRequest(sim, "alice", "wrong")));
    assertThat(bad.failureCode()).isEqualTo(403);
    assertThat(bad.getMessage()).isEqualTo("Invalid user name or password");
    ReplyException silent = refused(connect(vertx, connectRequest(sim, "quiet", "pw")));
    assertThat(silent.failureCode()).isEqualTo(504);
    assertThat(silent.getMessage()).isEqualTo("mx login timed out");
    ReplyException down = refused(connect(vertx, connectRequest(sim, "bob", "b-pass").put("port", TestNode.freePort())));
    assertThat(down.failureCode()).isEqualTo(503);
    ReplyException malformed = refused(connect(vertx, new JsonObject().put("login", "x").put("port", "7778")));
    assertThat(malformed.failureCode()).isEqualTo(400);
    assertThat(connections()).isEmpty();
    assertThat(rows()).isEmpty();
    assertThat(refused(ask(vertx, Addresses.mxUser("alice"), new JsonObject().put("op", "state"))).failureType())
        .isEqualTo(io.vertx.core.eventbus.ReplyFailure.NO_HANDLERS);
  }

  @Test
  void racingConnectsOfOneLoginShareOneTlsSession() {
    List<Future<JsonObject>> all = new ArrayList<>();
    for (int i = 0; i < 8; i++) all.add(connect(vertx, connectRequest(sim, "alice", "secret")));
    await(Future.all(all));
    all.forEach(f -> assertThat(f.result().getString("state")).isEqualTo("READY"));
    assertThat(sim.sessionsAccepted()).isEqualTo(1);
    assertThat(sim.received("alice", "MonitorStart")).hasSize(1);
    // and once more while READY: still the same session
    await(connect(vertx, connectRequest(sim, "alice", "secret")));
    assertThat(sim.sessionsAccepted()).isEqualTo(1);
    assertThat(rows()).hasSize(1);
  }

  @Test
  void aConnectDuringAReconnectJoinsIt() {
    await(connect(vertx, connectRequest(sim, "alice", "secret")));
    sim.refuseSessions(true);
    sim.closeAbruptly("alice");
    Future<JsonObject> a = connect(vertx, connectRequest(sim, "alice", "secret"));
    Future<JsonObject> b = connect(vertx, connectRequest(sim, "alice", "secret"));
    vertx.setTimer(300, t -> sim.refuseSessions(false));
    // each caller joins the attempt in flight: 503 while MX refuses, READY once it is back; never a second session
    await(Future.join(a, b).otherwiseEmpty());
    await(waitFor(() -> "READY".equals(state("alice"))));
    assertThat(sim.sessionsOf("alice")).hasSize(1);
    assertThat(connections()).hasSize(1);
  }

  @Test
  void sendRoundTripsAndMapsErrors() {
    await(connect(vertx, connectRequest(sim, "alice", "secret")));
    JsonObject reply = await(ask(vertx, Addresses.mxUser("alice"), new JsonObject().put("op", "send")
        .put("xml", "<MakeCall><callingDevice typeOfNumber=\"deviceID\">3095</callingDevice></MakeCall>")));
    assertThat(reply.getString("name")).isEqualTo("MakeCallResponse");
    // the simulator's call fixture (SimCalls) answers with the new call's id
    assertThat(reply.getString("xml")).startsWith("<MakeCallResponse><callingDevice><callID>");
    sim.cstaError("HoldCall", "privateErrorCode", "URM Denied");
    ReplyException csta = refused(ask(vertx, Addresses.mxUser("alice"), new JsonObject().put("op", "send").put("xml", "<HoldCall/>")));
    assertThat(csta.failureCode()).isEqualTo(400);
    assertThat(csta.getMessage()).isEqualTo("URM Denied");
    sim.handle("Never", (s, m) -> { });
    ReplyException late = refused(ask(vertx, Addresses.mxUser("alice"), new JsonObject().put("op", "send").put("xml", "<Never/>").put("timeout", 150)));
    assertThat(late.failureCode()).isEqualTo(504);
    assertThat(refused(ask(vertx, Addresses.mxUser("alice"), new JsonObject().put("op", "send").put("xml", "<broken"))).failureCode()).isEqualTo(400);
    sim.refuseSessions(true);
    sim.closeAbruptly("alice");
    await(waitFor(() -> !"READY".equals(state("alice"))));
    ReplyException down = refused(ask(vertx, Addresses.mxUser("alice"), new JsonObject().put("op", "send").put("xml", "<X/>")));
    assertThat(down.failureCode()).isEqualTo(503);
    assertThat(down.getMessage()).isEqualTo("reconnecting");
  }

  @Test
  void eventsArePublishedOnTheBus() {
    await(connect(vertx, connectRequest(sim, "alice", "secret")));
    io.vertx.core.Promise<JsonObject> got = io.vertx.core.Promise.promise();
    vertx.eventBus().<JsonObject>consumer(Addresses.MX_EVENTS, m -> got.tryComplete(m.body()));
    sim.inject("alice", MxConnectionTest.held("77"));
    JsonObject ev = await(got.future());
    assertThat(ev.getString("login")).isEqualTo("alice");
    assertThat(ev.getString("name")).isEqualTo("HeldEvent");
    assertThat(ev.getString("callId")).isEqualTo("77");
    assertThat(ev.getString("xml")).startsWith("<HeldEvent>");
  }

  @Test
  void usersAreStoredEncryptedAndReconnectedAfterARestart() {
    await(connect(vertx, connectRequest(sim, "alice", "secret")));
    await(connect(vertx, connectRequest(sim, "bob", "b-pass")));
    List<JsonObject> rows = rows();
    assertThat(rows).hasSize(2);
    for (JsonObject r : rows) {
      assertThat(r.encode()).doesNotContain("secret").doesNotContain("b-pass").doesNotContain(MxLogin.hash("secret").trim());
      assertThat(r.getString("state")).isEqualTo("READY");
    }
    assertThat(rows.get(0).getString("ext")).isEqualTo("3095");
    await(node.stop());
    int before = sim.sessionsAccepted();
    TestNode again = MxFixture.configure(new TestNode(node.dir));
    node = again;
    await(again.start(vertx));
    await(waitFor(() -> "READY".equals(state("alice")) && "READY".equals(state("bob"))));
    assertThat(sim.sessionsAccepted()).isEqualTo(before + 2);
    // the password came back from the store: the new login carries its hash
    assertThat(sim.received().stream().filter(r -> r.name().equals("loginRequest") && r.xml().contains("<userName>alice</userName>")))
        .last().satisfies(r -> assertThat(r.xml()).contains(MxLogin.hash("secret").trim()));
  }

  @Test
  void aConnectWithNewCredentialsRefreshesTheStoredOnes() {
    await(connect(vertx, connectRequest(sim, "alice", "secret")));
    String before = rows().get(0).getString("mx_password_enc");
    sim.addUser(MxSimulator.User.of("alice", "rotated", "3095"));
    // READY already: same session, new password kept for the next login
    await(connect(vertx, connectRequest(sim, "alice", "rotated")));
    assertThat(sim.sessionsAccepted()).isEqualTo(1);
    assertThat(rows().get(0).getString("mx_password_enc")).isNotEqualTo(before);
    await(node.stop());
    node = MxFixture.configure(new TestNode(node.dir));
    await(node.start(vertx));
    await(waitFor(() -> "READY".equals(state("alice"))));
  }

  @Test
  void aStoredUserThatCannotConnectAtStartKeepsTrying() {
    await(connect(vertx, connectRequest(sim, "alice", "secret")));
    await(node.stop());
    sim.refuseSessions(true);
    node = MxFixture.configure(new TestNode(node.dir));
    await(node.start(vertx));
    await(waitFor(() -> sim.sessionsAccepted() >= 4));
    assertThat(state("alice")).isIn("RECONNECTING", "CONNECTING", "LOGGING_IN");
    sim.refuseSessions(false);
    await(waitFor(() -> "READY".equals(state("alice"))));
  }

  @Test
  void logoutStopsTheMonitorClosesAndForgetsTheUser() {
    await(connect(vertx, connectRequest(sim, "alice", "secret")));
    JsonObject r = await(ask(vertx, Addresses.MX_LOGOUT, new JsonObject().put("login", "alice")));
    assertThat(r).isEqualTo(new JsonObject().put("userLogout", "alice"));
    assertThat(sim.received("alice", "MonitorStop")).hasSize(1);
    await(sim.awaitFrame(f -> f.name().equals("logout")));
    await(waitFor(() -> sim.sessionsOf("alice").isEmpty()));
    assertThat(rows()).isEmpty();
    assertThat(connections()).isEmpty();
    ReplyException again = refused(ask(vertx, Addresses.MX_LOGOUT, new JsonObject().put("login", "alice")));
    assertThat(again.failureCode()).isEqualTo(404);
    assertThat(again.getMessage()).isEqualTo("not found");
  }

  @Test
  void connectionsListStatesButNeverPasswords() {
    await(connect(vertx, connectRequest(sim, "alice", "secret")));
    await(connect(vertx, connectRequest(sim, "bob", "b-pass")));
    JsonArray list = connections();
    assertThat(list).hasSize(2);
    JsonObject first = list.getJsonObject(0);
    assertThat(first.fieldNames()).containsExactlyInAnyOrder("login", "state", "since", "ext", "host");
    assertThat(first.getString("login")).isEqualTo("alice");
    assertThat(first.getString("host")).isEqualTo("127.0.0.1");
    assertThat(list.encode()).doesNotContain("secret").doesNotContain("b-pass").doesNotContain("pwd");
  }

  @Test
  void aStoredPasswordMxNowRefusesMarksTheUserFailed() {
    await(connect(vertx, connectRequest(sim, "alice", "secret")));
    sim.addUser(MxSimulator.User.of("alice", "changed", "3095"));
    sim.closeAbruptly("alice");
    await(waitFor(() -> "CLOSED".equals(state("alice"))));
    await(waitFor(() -> rows().size() == 1 && "FAILED".equals(rows().get(0).getString("state"))));
    assertThat(rows().get(0).getString("last_error")).isEqualTo("Invalid user name or password");
    assertThat(connections().getJsonObject(0).getString("lastError")).isEqualTo("Invalid user name or password");
    // a restart does not hammer MX with the refused password either
    await(node.stop());
    int before = sim.sessionsAccepted();
    node = MxFixture.configure(new TestNode(node.dir));
    await(node.start(vertx));
    assertThat(state("alice")).isEqualTo("CLOSED");
    assertThat(sim.sessionsAccepted()).isEqualTo(before);
    // the user logs in again with the new password: back to READY
    assertThat(await(connect(vertx, connectRequest(sim, "alice", "changed"))).getString("state")).isEqualTo("READY");
    await(waitFor(() -> "READY".equals(rows().get(0).getString("state"))));
  }

  private String state(String login) {
    try {
      return await(ask(vertx, Addresses.mxUser(login), new JsonObject().put("op", "state"))).getString("state");
    } catch (AssertionError e) {
      return "none";
    }
  }

  private JsonArray connections() {
    return await(ask(vertx, Addresses.MX_CONNECTIONS, new JsonObject())).getJsonArray("connections");
  }

  private List<JsonObject> rows() {
    List<JsonObject> out = new ArrayList<>();
    for (Row r : await(node.portier().store().pool().query("SELECT * FROM mx_users ORDER BY login").execute())) {
      JsonObject o = new JsonObject();
      for (int i = 0; i < r.size(); i++) o.put(r.getColumnName(i).toLowerCase(), r.getValue(i));
      out.add(o);
    }
    return out;
  }

  /** Polls a condition every 20 ms (for states reached in the background), failing after 15 s. */
  private Future<Void> waitFor(java.util.function.BooleanSupplier condition) {
    io.vertx.core.Promise<Void> p = io.vertx.core.Promise.promise();
    long deadline = System.currentTimeMillis() + 15_000;
    Thread t = new Thread(() -> {
      while (System.currentTimeMillis() < deadline) {
        if (condition.getAsBoolean()) {
          p.tryComplete();
          return;
        }
        try {
          Thread.sleep(20);
        } catch (InterruptedException e) {
          return;
        }
      }
      p.tryFail("condition not met in 15 s");
    });
    t.setDaemon(true);
    t.start();
    return p.future();
  }
}
