package org.portier.mxproxy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.portier.mxproxy.MxErrorChecks.commands;
import static org.portier.mxproxy.MxErrorChecks.error;
import static org.portier.mxproxy.MxErrorChecks.errorStartingWith;
import static org.portier.mxproxy.MxErrorChecks.get;

import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpRequest;
import io.vertx.ext.web.client.HttpResponse;
import java.security.KeyPairGenerator;
import java.security.spec.ECGenParameterSpec;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.portier.mx.MxSimulator;
import org.portier.mx.XmlOut;
import org.portier.testing.TestNode;

/**
 * MX Proxy 2.1's error table (mx-proxy.md §4), row by row, against a node with a real MX session on the
 * simulator. Each row says what MX Proxy 2.1 answered and checks what Portier answers: the same,
 * or (marked "Portier:") the documented improvement (mx-proxy.md §6, README "MX face errors").
 * Rows run in order on one session; the ones that drop the MX connection come last.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class MxErrorTableTest {
  private static final String MX = MxLiveSession.MX;
  private static final String RETRY_AFTER = "5";

  private Vertx vertx;
  private MxLiveSession session;
  private MxSimulator sim;
  private TestNode node;
  private String token;
  private int closedPort;

  /** One row of the table: its cause as the reference words it, and the check of Portier's answer. */
  record Row(String cause, Check check) {
    @Override
    public String toString() {
      return cause;
    }
  }

  @FunctionalInterface
  interface Check {
    void run(String row) throws Exception;
  }

  @BeforeAll
  void start() throws Exception {
    vertx = Vertx.vertx();
    closedPort = TestNode.freePort();
    session = MxLiveSession.start(vertx, n -> n.set("mx.replyTimeout", "1s").set("mxproxy.provisioningTimeout", "500ms")
        .set("mxproxy.authPerIp", "").set("mxproxy.fcmApps", new JsonArray().add("app1")), this::provision);
    sim = session.sim;
    node = session.node;
    token = session.token;
    sim.addUser(MxSimulator.User.of("bob", "mx-secret", "274")).addUser(MxSimulator.User.of("carol", "mx-secret", "275"))
        .addUser(MxSimulator.User.of("silent", "mx-secret", "276")).silentLogin("silent", true);
  }

  @AfterAll
  void stop() throws Exception {
    session.stop();
    get(vertx.close());
  }

  /** Provisioning answers by user name: each failure the table lists, and "sim-NAME@x" → the simulator's user NAME. */
  private boolean provision(MxSimulator s, String user, HttpServerRequest req) {
    JsonObject mx = new JsonObject().put("account_name", MxLiveSession.MX).put("account_pwd", "mx-secret").put("address", "127.0.0.1")
        .put("csta_port", Integer.toString(s.port())).put("csta_ssl", true).put("sn", "63022");
    String name = user.replaceAll("@.*", "");
    switch (name) {
      case "down" -> req.connection().close();
      case "slow" -> { } // never answers
      case "e401" -> req.response().setStatusCode(401).end();
      case "e500" -> req.response().setStatusCode(500).end("boom");
      case "badjson" -> req.response().end("{\"MX\": {");
      case "empty" -> req.response().end(new JsonObject().put("MX", mx.put("account_pwd", "")).encode());
      case "nossl" -> req.response().end(new JsonObject().put("MX", mx.put("csta_ssl", false)).encode());
      case "badpw" -> req.response().end(new JsonObject().put("MX", mx.put("account_pwd", "wrong")).encode());
      case "silent" -> req.response().end(new JsonObject().put("MX", mx.put("account_name", "silent")).encode());
      case "noport" -> req.response().end(new JsonObject().put("MX", mx.put("csta_port", Integer.toString(closedPort))).encode());
      default -> {
        if (!name.startsWith("sim-")) return false;
        req.response().end(new JsonObject().put("MX", mx.put("account_name", name.substring(4))).encode());
      }
    }
    return true;
  }

  // ---- requests ----

  private HttpResponse<Buffer> login(String client, String secret, String user) throws Exception {
    HttpRequest<Buffer> req = node.http(HttpMethod.POST, "/auth");
    if (client != null) req.basicAuthentication(client, secret);
    return get(req.sendForm(MultiMap.caseInsensitiveMultiMap().add("grant_type", "password").add("username", user).add("password", "pw")));
  }

  private String tokenOf(String user) throws Exception {
    HttpResponse<Buffer> r = login("client1", "client-secret-1", user);
    assertThat(r.statusCode()).as("login of " + user + ": " + TestNode.status(r)).isEqualTo(200);
    return r.bodyAsJsonObject().getString("access_token");
  }

  private HttpResponse<Buffer> call(HttpMethod m, String path, String bearer) throws Exception {
    HttpRequest<Buffer> req = node.http(m, path);
    if (bearer != null) req.bearerTokenAuthentication(bearer);
    return get(req.send());
  }

  private HttpResponse<Buffer> call(HttpMethod m, String path) throws Exception {
    return call(m, path, token);
  }

  private HttpResponse<Buffer> json(HttpMethod m, String path, JsonObject body) throws Exception {
    return get(node.http(m, path).bearerTokenAuthentication(token).sendJsonObject(body));
  }

  private HttpResponse<Buffer> raw(HttpMethod m, String path, String contentType, String body) throws Exception {
    HttpRequest<Buffer> req = node.http(m, path).bearerTokenAuthentication(token);
    if (contentType != null) req.putHeader("Content-Type", contentType);
    return get(req.sendBuffer(Buffer.buffer(body)));
  }

  /** The simulator answers {@code command} with a CSTAErrorCode for the duration of {@code request} only. */
  private HttpResponse<Buffer> refused(String command, String text, Request request) throws Exception {
    sim.cstaError(command, "privateErrorCode", text);
    try {
      HttpResponse<Buffer> r = request.send();
      assertThat(sim.received(MX, command)).as(command + " reached MX").isNotEmpty();
      return r;
    } finally {
      sim.cstaError(command, null, null);
    }
  }

  @FunctionalInterface
  interface Request {
    HttpResponse<Buffer> send() throws Exception;
  }

  private static void header(HttpResponse<Buffer> r, String row, String name, String value) {
    assertThat(r.getHeader(name)).as(row + ": " + name).isEqualTo(value);
  }

  // ---- the table ----

  Stream<Row> rows() {
    return Stream.of(
        new Row("POST /auth with no Basic auth → 401 + WWW-Authenticate Basic, unauthorized", row -> {
          HttpResponse<Buffer> r = login(null, null, MxLiveSession.USER);
          error(r, row, 401, "unauthorized");
          header(r, row, "WWW-Authenticate", "Basic realm=\"MXProxy client application\"");
        }),
        new Row("unknown client / wrong secret → 403 bad client-id or app secret", row -> {
          error(login("nobody", "client-secret-1", MxLiveSession.USER), row + " (unknown client)", 403, "bad client-id or app secret");
          error(login("client1", "wrong", MxLiveSession.USER), row + " (wrong secret)", 403, "bad client-id or app secret");
        }),
        new Row("grant_type ≠ password → 403 bad grant_type", row -> {
          HttpResponse<Buffer> r = get(node.http(HttpMethod.POST, "/auth").basicAuthentication("client1", "client-secret-1")
              .sendForm(MultiMap.caseInsensitiveMultiMap().add("grant_type", "client_credentials").add("username", "u").add("password", "pw")));
          error(r, row, 403, "bad grant_type");
        }),
        new Row("provisioning: transport error / timeout / non-200 / bad JSON → 503 / 504 / same status / 502", row -> {
          error(login("client1", "client-secret-1", "down@x"), row + " (transport error)", 503, "provisioning server unavailable: the connection failed");
          error(login("client1", "client-secret-1", "slow@x"), row + " (timeout)", 504, "provisioning server timeout");
          error(login("client1", "client-secret-1", "e401@x"), row + " (401)", 401, "Unauthorized");
          error(login("client1", "client-secret-1", "e500@x"), row + " (500)", 500, "Internal Server Error");
          error(login("client1", "client-secret-1", "badjson@x"), row + " (bad JSON)", 502, "bad provisioning response: not JSON");
        }),
        new Row("provisioning: missing fields / csta_ssl false → 403", row -> {
          error(login("client1", "client-secret-1", "empty@x"), row + " (missing fields)", 403, "mx provisioning is not configured");
          error(login("client1", "client-secret-1", "nossl@x"), row + " (csta_ssl false)", 403, "unprotected connection to mx server is not supported");
        }),
        new Row("MX loginFailed → 403 with the MX text", row ->
            error(login("client1", "client-secret-1", "badpw@x"), row, 403, "Invalid user name or password")),
        new Row("MX dial/login timeout / other connect error → 504 / 503", row -> {
          error(login("client1", "client-secret-1", "silent@x"), row + " (login timeout)", 504, "mx login timed out");
          errorStartingWith(login("client1", "client-secret-1", "noport@x"), row + " (connect error)", 503,
              "cannot connect to mx 127.0.0.1:" + closedPort);
        }),
        new Row("no Bearer header → 401 + WWW-Authenticate Bearer, unauthorized", row -> {
          HttpResponse<Buffer> r = call(HttpMethod.GET, "/contacts", null);
          error(r, row, 401, "unauthorized");
          header(r, row, "WWW-Authenticate", "Bearer realm=\"MXProxy\"");
        }),
        new Row("bad/expired/foreign token → 401 invalid token: <reason>", this::badTokens),
        new Row("token OK but no live MX connection → 401 active mx connection unavailable", row -> {
          String bob = tokenOf("sim-bob@x");
          assertThat(call(HttpMethod.DELETE, "/auth", bob).statusCode()).as(row + ": logout").isEqualTo(200);
          HttpResponse<Buffer> r = call(HttpMethod.GET, "/contacts", bob);
          error(r, row, 401, "active mx connection unavailable");
          header(r, row, "WWW-Authenticate", "Bearer realm=\"MXProxy\"");
        }),
        new Row("logout: no Bearer / bad token / user missing in store → 403 / 403 / 404", row -> {
          error(call(HttpMethod.DELETE, "/auth", null), row + " (no Bearer)", 403, "bearer authorization token required");
          error(call(HttpMethod.DELETE, "/auth/logout", "garbage"), row + " (bad token)", 403, "invalid token: invalid token");
          String carol = tokenOf("sim-carol@x");
          assertThat(call(HttpMethod.DELETE, "/auth/logout", carol).statusCode()).as(row + ": first logout").isEqualTo(200);
          error(call(HttpMethod.DELETE, "/auth", carol), row + " (user missing)", 404, "not found");
        }),
        new Row("non-numeric {id} in calls routes → Portier: 400, nothing sent to MX (MX Proxy: 404 not found)", row -> {
          long before = commands(sim, MX);
          error(call(HttpMethod.GET, "/calls/abc"), row, 400, "bad call id \"abc\": a number is expected");
          error(call(HttpMethod.PUT, "/calls/1x/hold"), row, 400, "bad call id \"1x\": a number is expected");
          assertThat(commands(sim, MX)).as(row + ": nothing sent to MX").isEqualTo(before);
        }),
        new Row("bad timestamp → 400 bad timestamp format", row -> {
          error(call(HttpMethod.GET, "/calls?timestamp=yesterday"), row, 400, "bad timestamp format");
          error(call(HttpMethod.GET, "/calls?timestamp=2017-13-45T00:00:00Z"), row, 400, "bad timestamp format");
        }),
        new Row("Bind: no Content-Type / other type / non-UTF-8 charset / malformed JSON → 400 ×3 / Portier: 400 (MX Proxy: 500)", row -> {
          error(raw(HttpMethod.POST, "/calls", null, "{\"to\":\"1099\"}"), row + " (no type)", 400, "empty content type");
          error(raw(HttpMethod.POST, "/calls", "text/plain", "{\"to\":\"1099\"}"), row + " (other type)", 400, "unsupported content type");
          error(raw(HttpMethod.POST, "/calls", "application/json; charset=windows-1251", "{\"to\":\"1099\"}"), row + " (charset)", 400,
              "unsupported charset");
          error(raw(HttpMethod.POST, "/calls", "application/json", "{\"to\":"), row + " (malformed JSON)", 400, "malformed JSON body");
        }),
        new Row("MX did not answer in time → Portier: 504 (MX Proxy: 408) mx response timeout", row -> {
          sim.mute(MX, true);
          try {
            error(call(HttpMethod.GET, "/services"), row, 504, "mx response timeout");
          } finally {
            sim.mute(MX, false);
          }
        }),
        new Row("CSTAErrorCode (default) → 500 with the CSTA text", row -> {
          HttpResponse<Buffer> services = refused("GetServiceList", "URM Denied", () -> call(HttpMethod.GET, "/services"));
          error(services, row + " (services)", 500, "URM Denied");
          // MX Proxy's "error" first, then which CSTA element carried it (mx-proxy.md §6.8)
          assertThat(services.bodyAsString()).as(row + ": body").isEqualTo("{\"error\":\"URM Denied\",\"csta\":\"privateErrorCode\"}");
          error(refused("HoldCall", "Invalid call", () -> call(HttpMethod.PUT, "/calls/7/hold")), row + " (hold)", 500, "Invalid call");
          error(refused("GetConfList", "URM Denied", () -> call(HttpMethod.GET, "/conferences")), row + " (conferences)", 500, "URM Denied");
          error(refused("MailGetListIncoming", "URM Denied", () -> call(HttpMethod.GET, "/voicemails")), row + " (voicemails)", 500,
              "URM Denied");
        }),
        new Row("CSTAErrorCode on POST /calls (MakeCall) → 400 with the CSTA text", row ->
            error(refused("MakeCall", "Invalid destination", () -> json(HttpMethod.POST, "/calls", new JsonObject().put("to", "1099"))),
                row, 400, "Invalid destination")),
        new Row("CSTAErrorCode on voicemail delete / patch / file, conference delete → 404 not found", row -> {
          HttpResponse<Buffer> deleted = refused("MailDeleteIncoming", "Mail not found", () -> call(HttpMethod.DELETE, "/voicemails/82"));
          error(deleted, row + " (delete)", 404, "not found");
          assertThat(deleted.bodyAsString()).as(row + ": body").isEqualTo("{\"error\":\"not found\"}");
          error(refused("MailSetStatus", "Mail not found", () -> json(HttpMethod.PATCH, "/voicemails/82", new JsonObject().put("read", true))),
              row + " (patch read)", 404, "not found");
          error(refused("UpdateVmNote", "Mail not found", () -> json(HttpMethod.PATCH, "/voicemails/82", new JsonObject().put("note", "x"))),
              row + " (patch note)", 404, "not found");
          error(refused("MailReceiveIncoming", "Mail not found", () -> call(HttpMethod.GET, "/voicemails/82")), row + " (file)", 404,
              "not found");
          error(refused("DeleteConference", "Conference not found", () -> call(HttpMethod.DELETE, "/conferences/5")),
              row + " (conference delete)", 404, "not found");
        }),
        new Row("AssignDevice echo mismatch → 400 bad device name \"x\"", row -> {
          MxSimulator.Handler assign = sim.handler("AssignDevice");
          sim.handle("AssignDevice", (s, m) -> {
            s.reply(m, XmlOut.root("AssignDeviceResponse").build());
            s.event(XmlOut.root("AssignDeviceInfo").leaf("deviceID", "someoneElse").build());
          });
          try {
            error(call(HttpMethod.PATCH, "/calls/sipPhone"), row, 400, "bad device name \"sipPhone\"");
          } finally {
            sim.handle("AssignDevice", assign);
          }
        }),
        new Row("PATCH /voicemails with neither field → 400 bad request", row ->
            error(json(HttpMethod.PATCH, "/voicemails/82", new JsonObject()), row, 400, "bad request")),
        new Row("call not in the calls map (GET /calls/{id}) → 404 not found", row ->
            error(call(HttpMethod.GET, "/calls/424242"), row, 404, "not found")),
        new Row("push token checks → 404 / 400 (mx-proxy.md §3)", row -> {
          String token40 = "a".repeat(40);
          error(call(HttpMethod.PUT, "/tokens/gcm/app1/" + token40), row + " (type)", 404, "unsupported push type \"gcm\"");
          error(call(HttpMethod.PUT, "/tokens/fcm/other/" + token40), row + " (FCM app)", 404, "unsupported FCM application ID");
          error(call(HttpMethod.PUT, "/tokens/fcm/app1/short"), row + " (token)", 400, "bad push token");
          error(call(HttpMethod.DELETE, "/tokens/fcm/app1/" + "b".repeat(40)), row + " (unknown token)", 404, "not found");
        }),
        new Row("unknown path / wrong method → 404 not found / 405 + Allow, method not allowed", row -> {
          error(call(HttpMethod.GET, "/calls/1/nothing"), row + " (unknown path)", 404, "not found");
          error(call(HttpMethod.GET, "/voicemails/1/2"), row + " (unknown path)", 404, "not found");
          HttpResponse<Buffer> r = call(HttpMethod.DELETE, "/contacts");
          error(r, row + " (wrong method)", 405, "method not allowed");
          header(r, row, "Allow", "GET");
          header(call(HttpMethod.GET, "/calls/1/hold"), row, "Allow", "PUT");
        }),
        new Row("success with no body (assign device, tokens, conference from call) → 204", row -> {
          for (HttpResponse<Buffer> r : List.of(call(HttpMethod.PATCH, "/calls/sipPhone"), call(HttpMethod.PUT, "/tokens/fcm/app1/" + "c".repeat(40)),
              call(HttpMethod.POST, "/calls/43/conference"))) {
            assertThat(r.statusCode()).as(row + ": " + TestNode.status(r)).isEqualTo(204);
            assertThat(r.body() == null || r.body().length() == 0).as(row + ": empty body").isTrue();
          }
        }),
        // the rows below drop the MX connection
        new Row("connection closed while waiting for Clear/Held/Retrieved → Portier: 503 + Retry-After (MX Proxy: 400 empty mx response)", row -> {
          MxSimulator.Handler hold = sim.handler("HoldCall");
          sim.handle("HoldCall", (s, m) -> sim.closeAbruptly(MX));
          try {
            HttpResponse<Buffer> r = call(HttpMethod.PUT, "/calls/9/hold");
            error(r, row, 503, "mx closed the connection");
            header(r, row, "Retry-After", RETRY_AFTER);
          } finally {
            sim.handle("HoldCall", hold);
          }
          get(MxErrorChecks.awaitState(vertx, MxLiveSession.USER, "READY"::equals));
        }),
        new Row("write to a dead MX socket / reconnecting → Portier: 503 + Retry-After (MX Proxy: 500 / 401)", row -> {
          sim.refuseSessions(true);
          try {
            sim.closeAbruptly(MX);
            get(MxErrorChecks.awaitState(vertx, MxLiveSession.USER, s -> s != null && !s.equals("READY")));
            HttpResponse<Buffer> r = call(HttpMethod.GET, "/contacts");
            error(r, row, 503, "mx connection is being established, retry later");
            header(r, row, "Retry-After", RETRY_AFTER);
          } finally {
            sim.refuseSessions(false);
          }
          get(MxErrorChecks.awaitState(vertx, MxLiveSession.USER, "READY"::equals));
        }));
  }

  /** Expired, foreign (unknown kid, or the right kid with another key), garbage, unsigned and wrongly typed tokens. */
  private void badTokens(String row) throws Exception {
    MxErrorChecks.SigningKey k = MxErrorChecks.signingKey(node);
    KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
    g.initialize(new ECGenParameterSpec("secp256r1"));
    var foreign = g.generateKeyPair().getPrivate();
    String user = MxLiveSession.USER;
    String[][] cases = {
        {MxJwtTest.forge(MxJwtTest.es256(k.kid()), MxJwtTest.claims(user, -200, -100), k.key()), "invalid token: token expired"},
        {MxJwtTest.forge(MxJwtTest.es256("zzzz9999"), MxJwtTest.claims(user, 0, 60), foreign), "invalid token: unknown or obsolete signing key"},
        {MxJwtTest.forge(MxJwtTest.es256(k.kid()), MxJwtTest.claims(user, 0, 60), foreign), "invalid token: bad ecdsa signature"},
        {"garbage", "invalid token: invalid token"},
        {token.substring(0, token.lastIndexOf('.') + 1), "invalid token: token not signed"},
        {MxJwtTest.forge(MxJwtTest.es256(k.kid()).put("typ", "JOSE"), MxJwtTest.claims(user, 0, 60), k.key()), "invalid token: bad token type"},
    };
    for (String[] c : cases) {
      HttpResponse<Buffer> r = call(HttpMethod.GET, "/contacts", c[0]);
      error(r, row + " (" + c[1] + ")", 401, c[1]);
      header(r, row, "WWW-Authenticate", "Bearer realm=\"MXProxy\"");
    }
    // the forging is right: the node's own key with fresh claims is accepted
    assertThat(call(HttpMethod.GET, "/auth", MxJwtTest.forge(MxJwtTest.es256(k.kid()), MxJwtTest.claims(user, 0, 60), k.key())).statusCode())
        .as(row + ": a well-forged token works").isEqualTo(200);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("rows")
  void row(Row row) throws Exception {
    row.check().run(row.cause());
  }
}
