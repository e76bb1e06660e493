package org.portier.mxproxy;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpRequest;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.junit5.VertxExtension;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.portier.mx.MxSimulator;
import org.portier.mx.XmlOut;
import org.portier.testing.TestNode;

/**
 * Call control end to end: a real login (provisioning → MX actor → the simulator over TLS), then
 * each command checked by its answer and by the frame the simulator received.
 */
@ExtendWith(VertxExtension.class)
class MxCallControlEndToEndTest {
  static final String USER = MxLiveSession.USER;
  static final String MX = MxLiveSession.MX;
  static final String EXT = MxLiveSession.EXT;

  private Vertx vertx;
  private MxSimulator sim;
  private MxLiveSession session;
  private TestNode node;
  private String token;

  private static <T> T get(Future<T> f) throws Exception {
    return f.toCompletionStage().toCompletableFuture().get(20, TimeUnit.SECONDS);
  }

  @BeforeEach
  void start(Vertx vertx) throws Exception {
    this.vertx = vertx;
    session = MxLiveSession.start(vertx, n -> {});
    sim = session.sim;
    node = session.node;
    token = session.token;
  }

  @AfterEach
  void stop() throws Exception {
    session.stop();
  }

  private HttpRequest<Buffer> req(HttpMethod m, String path) {
    return node.http(m, path).bearerTokenAuthentication(token);
  }

  private HttpResponse<Buffer> send(HttpMethod m, String path, JsonObject body) throws Exception {
    return get(body == null ? req(m, path).send() : req(m, path).sendJsonObject(body));
  }

  private JsonObject ok(HttpMethod m, String path, JsonObject body) throws Exception {
    HttpResponse<Buffer> r = send(m, path, body);
    assertThat(r.statusCode()).as(m + " " + path + ": " + TestNode.status(r)).isEqualTo(200);
    assertThat(r.getHeader("content-type")).startsWith("application/json");
    return r.bodyAsJsonObject();
  }

  private void status(HttpResponse<Buffer> r, int status, String error) {
    assertThat(r.statusCode()).as(TestNode.status(r)).isEqualTo(status);
    if (error != null) assertThat(r.bodyAsJsonObject().getString("error")).isEqualTo(error);
  }

  private String last(String command) {
    var frames = sim.received(MX, command);
    assertThat(frames).as(command + " frames").isNotEmpty();
    return frames.get(frames.size() - 1).xml();
  }

  /**
   * Orders the test after events injected before it: the simulator writes the injected event
   * before this command's reply on the same socket, and the actor handles frames in order.
   */
  private void barrier() throws Exception {
    assertThat(send(HttpMethod.PUT, "/calls/1/unhold", null).statusCode()).isEqualTo(200);
  }

  private static String delivered(String callId, String to) {
    return XmlOut.root("DeliveredEvent").start("connection").leaf("callID", callId).leaf("deviceID", to).end()
        .start("callingDevice").leaf("deviceIdentifier", "3044").end().start("calledDevice").leaf("deviceIdentifier", to).end()
        .leaf("cause", "newCall").build();
  }

  private static String cleared(String callId) {
    return XmlOut.root("ConnectionClearedEvent").start("droppedConnection").leaf("callID", callId).leaf("deviceID", EXT).end()
        .start("releasingDevice").leaf("deviceIdentifier", EXT).end().leaf("cause", "normalClearing").build();
  }

  @Test
  void makeCallFromTheUsersExtAndWithADeviceAssignedFirst() throws Exception {
    JsonObject made = ok(HttpMethod.POST, "/calls", new JsonObject().put("to", "1099")).getJsonObject("makeCall");
    assertThat(made).isEqualTo(new JsonObject().put("callId", 25L).put("deviceId", EXT).put("calledDevice", "1099"));
    assertThat(last("MakeCall")).isEqualTo("<MakeCall><callingDevice typeOfNumber=\"deviceID\">273</callingDevice>"
        + "<calledDirectoryNumber>1099</calledDirectoryNumber></MakeCall>");
    assertThat(sim.received(MX, "AssignDevice")).isEmpty();

    made = ok(HttpMethod.POST, "/calls", new JsonObject().put("to", "1100").put("from", "3095").put("device", "sipPhone")).getJsonObject("makeCall");
    assertThat(made.getLong("callId")).isEqualTo(26L);
    assertThat(made.getString("deviceId")).isEqualTo("3095");
    assertThat(last("AssignDevice")).isEqualTo("<AssignDevice><deviceID type=\"device\">sipPhone</deviceID></AssignDevice>");
    assertThat(sim.received(MX, "AssignDevice").get(0).at()).isLessThanOrEqualTo(sim.received(MX, "MakeCall").get(1).at());
  }

  @Test
  void answerTransferClearHoldUnholdAndConference() throws Exception {
    assertThat(ok(HttpMethod.PUT, "/calls/123", new JsonObject().put("device", "sipPhone")).getJsonObject("sipAnswer"))
        .isEqualTo(new JsonObject().put("callId", 123L).put("device", "sipPhone").put("timeout", 30L).put("assign", false));
    assertThat(last("AnswerCall")).isEqualTo("<AnswerCall><callToBeAnswered><callID>123</callID><deviceID>sipPhone</deviceID></callToBeAnswered></AnswerCall>");

    assertThat(ok(HttpMethod.POST, "/calls/123", new JsonObject().put("device", "sipPhone").put("to", "12345")).getJsonObject("transfer"))
        .isEqualTo(new JsonObject().put("callId", 123L).put("device", "sipPhone").put("to", "12345"));
    assertThat(last("SingleStepTransferCall")).isEqualTo("<SingleStepTransferCall><activeCall><callID>123</callID><deviceID>sipPhone</deviceID>"
        + "</activeCall><transferredTo>12345</transferredTo></SingleStepTransferCall>");

    JsonObject held = ok(HttpMethod.PUT, "/calls/123/hold", null).getJsonObject("held");
    assertThat(held.getString("type")).isEmpty();
    assertThat(held.getLong("callId")).isEqualTo(123L);
    assertThat(held.getString("releasingDevice")).isEqualTo(EXT);
    assertThat(held.getLong("timestamp")).isZero();
    assertThat(last("HoldCall")).isEqualTo("<HoldCall><callToBeHeld><callID>123</callID><deviceID>273</deviceID></callToBeHeld></HoldCall>");

    JsonObject retrieved = ok(HttpMethod.PUT, "/calls/123/unhold", null).getJsonObject("retrieved");
    assertThat(retrieved.getString("releasingDevice")).isEqualTo(EXT);
    assertThat(last("RetrieveCall")).isEqualTo("<RetrieveCall><callToBeRetrieved><callID>123</callID><deviceID>273</deviceID></callToBeRetrieved></RetrieveCall>");

    JsonObject cleared = ok(HttpMethod.DELETE, "/calls/123", null).getJsonObject("connectionCleared");
    assertThat(cleared.getLong("callId")).isEqualTo(123L);
    assertThat(cleared.getString("deviceId")).isEqualTo(EXT);
    assertThat(cleared.getString("type")).isEmpty();
    assertThat(last("ClearConnection")).isEqualTo("<ClearConnection><connectionToBeCleared><callID>123</callID><deviceID>273</deviceID>"
        + "</connectionToBeCleared></ClearConnection>");

    HttpResponse<Buffer> conf = send(HttpMethod.POST, "/calls/43/conference", null);
    assertThat(conf.statusCode()).as(TestNode.status(conf)).isEqualTo(204);
    assertThat(last("CreateConfFromCalls")).contains("<callId>43</callId>").contains("<ownerCallId>43</ownerCallId>").contains("<ownerId>");
    assertThat(send(HttpMethod.POST, "/calls/43/conference", new JsonObject().put("ownerCallId", 40)).statusCode()).isEqualTo(204);
    assertThat(last("CreateConfFromCalls")).contains("<ownerCallId>40</ownerCallId>");
  }

  @Test
  void answerWithAssignAssignsTheDeviceFirst() throws Exception {
    ok(HttpMethod.PUT, "/calls/124", new JsonObject().put("device", "deskPhone").put("assign", true).put("timeout", 10));
    assertThat(last("AssignDevice")).contains(">deskPhone<");
    assertThat(last("AnswerCall")).contains("<deviceID>deskPhone</deviceID>");
  }

  @Test
  void callModeIsWrittenAndEchoed() throws Exception {
    JsonObject mode = ok(HttpMethod.PATCH, "/calls", new JsonObject().put("remote", true).put("device", "79031744445")).getJsonObject("callMode");
    assertThat(mode).isEqualTo(new JsonObject().put("remote", true).put("device", "79031744445").put("ringDelay", 1L).put("vmDelay", 30L));
    String xml = get(sim.awaitFrame(f -> f.xml().contains("id=\"mode\""))).xml();
    assertThat(xml).isEqualTo("<iq type=\"set\" id=\"mode\" mode=\"remote\" ringdelay=\"1\" vmdelay=\"30\"><address>79031744445</address></iq>");
    ok(HttpMethod.PATCH, "/calls", new JsonObject().put("remote", false).put("ringDelay", 0).put("vmDelay", 0));
    assertThat(get(sim.awaitFrame(f -> f.xml().contains("mode=\"local\""))).xml()).isEqualTo("<iq type=\"set\" id=\"mode\" mode=\"local\"></iq>");
    assertThat(ok(HttpMethod.PATCH, "/calls", new JsonObject().put("remote", true).put("deviceName", "phone")).getJsonObject("callMode")
        .getString("device")).isEqualTo("phone");
    assertThat(get(sim.awaitFrame(f -> f.xml().contains("<address>phone</address>"))).xml()).contains("mode=\"remote\"");
  }

  @Test
  void assignDeviceIs204AndAnEchoOfAnotherNameIs400() throws Exception {
    HttpResponse<Buffer> r = send(HttpMethod.PATCH, "/calls/sipPhone", null);
    assertThat(r.statusCode()).as(TestNode.status(r)).isEqualTo(204);
    assertThat(last("AssignDevice")).isEqualTo("<AssignDevice><deviceID type=\"device\">sipPhone</deviceID></AssignDevice>");
    sim.handle("AssignDevice", (s, m) -> {
      s.reply(m, "<AssignDeviceResponse/>");
      s.event("<AssignDeviceInfo><deviceID>otherPhone</deviceID></AssignDeviceInfo>");
    });
    status(send(HttpMethod.PATCH, "/calls/sipPhone", null), 400, "bad device name \"sipPhone\"");
  }

  @Test
  void cstaErrorsAre400OnMakeCallAnd500ElsewhereWithTheirText() throws Exception {
    sim.cstaError("MakeCall", "privateErrorCode", "URM Denied").cstaError("HoldCall", "operationErrors", "invalidCallID")
        .cstaError("AssignDevice", "privateErrorCode", "No such device");
    status(send(HttpMethod.POST, "/calls", new JsonObject().put("to", "1099")), 400, "URM Denied");
    status(send(HttpMethod.PUT, "/calls/9/hold", null), 500, "invalidCallID");
    status(send(HttpMethod.PATCH, "/calls/nope", null), 500, "No such device");
    // a failed AssignDevice aborts the call: no MakeCall is sent
    sim.cstaError("MakeCall", null, null);
    int before = sim.received(MX, "MakeCall").size();
    status(send(HttpMethod.POST, "/calls", new JsonObject().put("to", "1099").put("device", "nope")), 500, "No such device");
    assertThat(sim.received(MX, "MakeCall")).hasSize(before);
  }

  @Test
  void mxSilenceIs504AndALostConnectionIs503() throws Exception {
    sim.mute(MX, true);
    status(send(HttpMethod.DELETE, "/calls/5", null), 504, "mx response timeout");
    Future<HttpResponse<Buffer>> pending = req(HttpMethod.PUT, "/calls/5/hold").send();
    get(sim.awaitFrame(f -> f.name().equals("HoldCall")));
    sim.refuseSessions(true).closeAbruptly(MX);
    HttpResponse<Buffer> r = get(pending);
    status(r, 503, null);
    assertThat(r.getHeader("Retry-After")).isNotBlank();
    // while it reconnects, new calls are refused up front with 503 too
    r = send(HttpMethod.POST, "/calls", new JsonObject().put("to", "1099"));
    status(r, 503, null);
    assertThat(r.getHeader("Retry-After")).isNotBlank();
  }

  @Test
  void badIdsAndBodiesAre400AndNeverReachMx() throws Exception {
    status(send(HttpMethod.GET, "/calls/abc", null), 400, "bad call id \"abc\": a number is expected");
    status(send(HttpMethod.PUT, "/calls/12x/hold", null), 400, null);
    status(send(HttpMethod.DELETE, "/calls/-1", null), 400, null);
    status(send(HttpMethod.POST, "/calls/abc/conference", null), 400, null);
    status(send(HttpMethod.PUT, "/calls/abc", new JsonObject().put("device", "x")), 400, null);
    status(get(req(HttpMethod.POST, "/calls").sendBuffer(Buffer.buffer("{\"to\":\"1\"}"))), 400, "empty content type");
    status(get(req(HttpMethod.POST, "/calls").putHeader("content-type", "text/plain").sendBuffer(Buffer.buffer("{\"to\":\"1\"}"))), 400,
        "unsupported content type");
    status(get(req(HttpMethod.POST, "/calls").putHeader("content-type", "application/json; charset=latin1").sendBuffer(Buffer.buffer("{}"))),
        400, "unsupported charset");
    status(get(req(HttpMethod.POST, "/calls").putHeader("content-type", "application/json").sendBuffer(Buffer.buffer("{\"to\":"))), 400, null);
    status(get(req(HttpMethod.POST, "/calls").putHeader("content-type", "application/json").sendBuffer(Buffer.buffer("[1]"))), 400, null);
    status(send(HttpMethod.POST, "/calls", new JsonObject()), 400, "bad request: to is required");
    status(send(HttpMethod.POST, "/calls", new JsonObject().put("to", new JsonObject())), 400, "bad request: to must be a string");
    status(send(HttpMethod.PATCH, "/calls", new JsonObject().put("remote", "yes")), 400, null);
    status(send(HttpMethod.PATCH, "/calls", new JsonObject().put("ringDelay", -1)), 400, null);
    status(send(HttpMethod.PUT, "/calls/5", new JsonObject()), 400, "bad request: device is required");
    status(send(HttpMethod.POST, "/calls/5", new JsonObject().put("device", "x")), 400, "bad request: to is required");
    status(send(HttpMethod.POST, "/calls/5/conference", new JsonObject().put("ownerCallId", "x")), 400, null);
    for (String c : new String[] {"MakeCall", "AnswerCall", "SingleStepTransferCall", "ClearConnection", "HoldCall", "CreateConfFromCalls"}) {
      assertThat(sim.received(MX, c)).as(c).isEmpty();
    }
    assertThat(sim.received(MX, "iq").stream().filter(f -> f.xml().contains("mode"))).isEmpty();
    HttpResponse<Buffer> r = get(req(HttpMethod.PATCH, "/calls/1/hold").send());
    assertThat(r.statusCode()).isEqualTo(405);
    assertThat(r.getHeader("Allow")).isEqualTo("PUT");
  }

  @Test
  void noTokenIs401OnEveryCallRoute() throws Exception {
    String[][] routes = {{"GET", "/calls/1"}, {"PATCH", "/calls"}, {"PATCH", "/calls/sipPhone"}, {"POST", "/calls"}, {"PUT", "/calls/1"},
        {"POST", "/calls/1"}, {"DELETE", "/calls/1"}, {"PUT", "/calls/1/hold"}, {"PUT", "/calls/1/unhold"}, {"POST", "/calls/1/conference"}};
    for (String[] r : routes) {
      HttpResponse<Buffer> res = get(node.http(HttpMethod.valueOf(r[0]), r[1]).sendJsonObject(new JsonObject().put("to", "1").put("device", "d")));
      assertThat(res.statusCode()).as(r[0] + " " + r[1]).isEqualTo(401);
      assertThat(res.getHeader("WWW-Authenticate")).startsWith("Bearer");
    }
    assertThat(sim.received(MX, "MakeCall")).isEmpty();
  }

  @Test
  void callInfoKeepsTheLastDeliveredOrEstablishedUntilCleared() throws Exception {
    status(send(HttpMethod.GET, "/calls/77", null), 404, "not found");
    sim.inject(MX, delivered("77", EXT));
    sim.inject(MX, delivered("78", "3095")); // addressed to someone else: not the user's incoming call
    barrier();
    JsonObject info = ok(HttpMethod.GET, "/calls/77", null).getJsonObject("callInfo");
    assertThat(info.getString("type")).isEqualTo("Delivered");
    assertThat(info.getLong("callId")).isEqualTo(77L);
    assertThat(info.getString("callingDevice")).isEqualTo("3044");
    assertThat(info.getLong("timestamp")).isPositive();
    status(send(HttpMethod.GET, "/calls/78", null), 404, "not found");

    sim.inject(MX, XmlOut.root("EstablishedEvent").start("establishedConnection").leaf("callID", "77").leaf("deviceID", EXT).end()
        .start("answeringDevice").leaf("deviceIdentifier", EXT).end().build());
    barrier();
    assertThat(ok(HttpMethod.GET, "/calls/77", null).getJsonObject("callInfo").getString("type")).isEqualTo("Established");

    sim.inject(MX, cleared("77"));
    barrier();
    status(send(HttpMethod.GET, "/calls/77", null), 404, "not found");
  }

  @Test
  void theCallsMapIsClearedOnReconnect() throws Exception {
    sim.inject(MX, delivered("90", EXT));
    barrier();
    ok(HttpMethod.GET, "/calls/90", null);
    int sessions = sim.sessionsAccepted();
    sim.closeAbruptly(MX);
    // back to READY on a new session: the Cleared of call 90 may have been missed, so it is gone
    HttpResponse<Buffer> r = until(() -> req(HttpMethod.GET, "/calls/90").send(), x -> sim.sessionsAccepted() > sessions && x.statusCode() != 503);
    status(r, 404, "not found");
  }

  /** Retries every 50 ms (at most 5 s) until the answer passes: the reconnect has no event a test can join. */
  private HttpResponse<Buffer> until(java.util.function.Supplier<Future<HttpResponse<Buffer>>> ask,
      java.util.function.Predicate<HttpResponse<Buffer>> done) throws Exception {
    long end = System.currentTimeMillis() + 5000;
    while (true) {
      HttpResponse<Buffer> r = get(ask.get());
      if (done.test(r) || System.currentTimeMillis() > end) return r;
      Promise<Void> p = Promise.promise();
      vertx.setTimer(50, t -> p.complete());
      get(p.future());
    }
  }
}
