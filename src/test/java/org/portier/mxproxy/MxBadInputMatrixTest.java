package org.portier.mxproxy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.portier.mxproxy.MxErrorChecks.commands;
import static org.portier.mxproxy.MxErrorChecks.error;
import static org.portier.mxproxy.MxErrorChecks.get;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpRequest;
import io.vertx.ext.web.client.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.spec.ECGenParameterSpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.stream.Stream;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.TestInstance;
import org.portier.mx.MxSimulator;
import org.portier.testing.TestNode;

/**
 * Client mistakes on every endpoint of the MX face, against a node with a live MX session on the
 * simulator: bad credentials and tokens everywhere, then bad ids, bodies, types, fields and
 * timestamps where the endpoint takes them. Each is checked for its exact status and message,
 * for never being a 500 or showing Java internals, and for sending nothing to MX. Unknown JSON
 * fields are ignored, as MX Proxy's Go decoder did.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class MxBadInputMatrixTest {
  private static final String MX = MxLiveSession.MX;
  private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();
  private static final int BODY_LIMIT = 4096;
  private static final String PUSH_TOKEN = "t".repeat(40);

  private Vertx vertx;
  private MxLiveSession session;
  private MxSimulator sim;
  private TestNode node;
  private String token;

  /** One endpoint of the face: method, a path with valid ids, and a valid body (null: it takes none). */
  record Endpoint(HttpMethod method, String path, JsonObject body) {
    @Override
    public String toString() {
      return method + " " + path;
    }
  }

  /** One refused request and what it must get. */
  record Case(String name, Send send, int status, String message) {}

  @FunctionalInterface
  interface Send {
    HttpResponse<Buffer> send() throws Exception;
  }

  @BeforeAll
  void start() throws Exception {
    vertx = Vertx.vertx();
    session = MxLiveSession.start(vertx, n -> n.set("http.bodyLimit", BODY_LIMIT).set("mxproxy.debugLog", true).set("mxproxy.authPerIp", "")
        .set("mxproxy.fcmApps", new JsonArray().add("app1")));
    sim = session.sim;
    node = session.node;
    token = session.token;
  }

  @AfterAll
  void stop() throws Exception {
    session.stop();
    get(vertx.close());
  }

  /** Every Bearer endpoint of the face (the mx-proxy.md §1.3 route list), each with a body it would accept. */
  static List<Endpoint> bearerEndpoints() {
    JsonObject conf = new JsonObject().put("name", "standup").put("accessId", 47281964).put("duration", 30);
    return List.of(
        new Endpoint(HttpMethod.GET, "/auth", null),
        new Endpoint(HttpMethod.DELETE, "/auth", null),
        new Endpoint(HttpMethod.DELETE, "/auth/logout", null),
        new Endpoint(HttpMethod.GET, "/contacts", null),
        new Endpoint(HttpMethod.GET, "/calls", null),
        new Endpoint(HttpMethod.GET, "/services", null),
        new Endpoint(HttpMethod.PATCH, "/calls", new JsonObject().put("remote", true).put("device", "79031744445")),
        new Endpoint(HttpMethod.PATCH, "/calls/sipPhone", null),
        new Endpoint(HttpMethod.POST, "/calls", new JsonObject().put("to", "1099")),
        new Endpoint(HttpMethod.PUT, "/calls/123", new JsonObject().put("device", "sipPhone")),
        new Endpoint(HttpMethod.POST, "/calls/123", new JsonObject().put("to", "12345")),
        new Endpoint(HttpMethod.DELETE, "/calls/123", null),
        new Endpoint(HttpMethod.GET, "/calls/123", null),
        new Endpoint(HttpMethod.PUT, "/calls/123/hold", null),
        new Endpoint(HttpMethod.PUT, "/calls/123/unhold", null),
        new Endpoint(HttpMethod.POST, "/calls/123/conference", new JsonObject().put("ownerCallId", 40)),
        new Endpoint(HttpMethod.GET, "/voicemails", null),
        new Endpoint(HttpMethod.GET, "/voicemails/82", null),
        new Endpoint(HttpMethod.DELETE, "/voicemails/82", null),
        new Endpoint(HttpMethod.PATCH, "/voicemails/82", new JsonObject().put("read", true)),
        new Endpoint(HttpMethod.GET, "/conferences/info", null),
        new Endpoint(HttpMethod.GET, "/conferences", null),
        new Endpoint(HttpMethod.POST, "/conferences", conf),
        new Endpoint(HttpMethod.PUT, "/conferences/5", conf),
        new Endpoint(HttpMethod.DELETE, "/conferences/5", null),
        new Endpoint(HttpMethod.POST, "/conferences/5", new JsonObject().put("accessId", 47281964)),
        new Endpoint(HttpMethod.PUT, "/tokens/apn/com.example.app/" + PUSH_TOKEN, null),
        new Endpoint(HttpMethod.DELETE, "/tokens/fcm/app1/" + PUSH_TOKEN, null));
  }

  /** The endpoints that bind a JSON body (MX Proxy's Bind on POST/PUT/PATCH). */
  private static List<Endpoint> bodyEndpoints() {
    return bearerEndpoints().stream().filter(e -> e.body() != null).toList();
  }

  // ---- requests ----

  private HttpResponse<Buffer> send(HttpMethod m, String path, String authorization, String contentType, Buffer body) throws Exception {
    HttpRequest<Buffer> req = node.http(m, path);
    if (authorization != null) req.putHeader("Authorization", authorization);
    if (contentType != null) req.putHeader("Content-Type", contentType);
    return get(body == null ? req.send() : req.sendBuffer(body));
  }

  private Send bearer(Endpoint e, String bearerToken) {
    return () -> send(e.method(), e.path(), bearerToken == null ? null : "Bearer " + bearerToken, e.body() == null ? null : "application/json",
        e.body() == null ? null : e.body().toBuffer());
  }

  private Send body(HttpMethod m, String path, String contentType, Buffer body) {
    return () -> send(m, path, "Bearer " + token, contentType, body);
  }

  private Send json(HttpMethod m, String path, Object body) {
    return body(m, path, "application/json", Buffer.buffer(body instanceof JsonObject o ? o.encode() : body.toString()));
  }

  private Send authForm(String authorization, String contentType, Buffer body) {
    return () -> send(HttpMethod.POST, "/auth", authorization, contentType, body);
  }

  private static String basic(String user, String password) {
    return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
  }

  /** Runs a case: its status and message, no Java internals, and not one frame or session more at the simulator. */
  private DynamicTest check(Case c) {
    return DynamicTest.dynamicTest(c.name() + " → " + c.status() + " " + c.message(), () -> {
      long commandsBefore = commands(sim, MX);
      int sessionsBefore = sim.sessionsAccepted();
      HttpResponse<Buffer> r = c.send().send();
      assertThat(r.statusCode()).as(c.name() + ": a client mistake is never a 500").isNotEqualTo(500);
      error(r, c.name(), c.status(), c.message());
      assertThat(commands(sim, MX)).as(c.name() + ": nothing reached MX").isEqualTo(commandsBefore);
      assertThat(sim.sessionsAccepted()).as(c.name() + ": no MX session opened").isEqualTo(sessionsBefore);
    });
  }

  // ---- credentials ----

  @TestFactory
  Stream<DynamicTest> badTokensOnEveryBearerEndpoint() throws Exception {
    MxErrorChecks.SigningKey k = MxErrorChecks.signingKey(node);
    KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
    g.initialize(new ECGenParameterSpec("secp256r1"));
    PrivateKey foreign = g.generateKeyPair().getPrivate();
    String user = MxLiveSession.USER;
    String claims = B64.encodeToString(MxJwtTest.claims(user, 0, 60).encode().getBytes(StandardCharsets.UTF_8));
    String none = B64.encodeToString(new JsonObject().put("alg", "none").put("typ", "JWT").encode().getBytes(StandardCharsets.UTF_8)) + "." + claims + ".";
    String hsInput = B64.encodeToString(new JsonObject().put("alg", "HS256").put("typ", "JWT").put("kid", k.kid()).encode()
        .getBytes(StandardCharsets.UTF_8)) + "." + claims;
    Mac mac = Mac.getInstance("HmacSHA256");
    mac.init(new SecretKeySpec("any-shared-secret".getBytes(StandardCharsets.US_ASCII), "HmacSHA256"));
    String hs256 = hsInput + "." + B64.encodeToString(mac.doFinal(hsInput.getBytes(StandardCharsets.US_ASCII)));
    String[][] tokens = {
        {"expired token", MxJwtTest.forge(MxJwtTest.es256(k.kid()), MxJwtTest.claims(user, -200, -100), k.key()), "invalid token: token expired"},
        {"token signed by a foreign key", MxJwtTest.forge(MxJwtTest.es256(k.kid()), MxJwtTest.claims(user, 0, 60), foreign),
            "invalid token: bad ecdsa signature"},
        {"token of a foreign key id", MxJwtTest.forge(MxJwtTest.es256("zz9"), MxJwtTest.claims(user, 0, 60), foreign),
            "invalid token: unknown or obsolete signing key"},
        {"alg=none token", none, "invalid token: token not signed"},
        {"alg=HS256 token", hs256, "invalid token: unsupported signing algorithm"},
        {"garbage token", "not-a-jwt", "invalid token: invalid token"},
    };
    List<DynamicTest> out = new ArrayList<>();
    for (Endpoint e : bearerEndpoints()) {
      // MX Proxy's logout answered 403 where the other routes answered 401
      boolean logout = e.method() == HttpMethod.DELETE && e.path().startsWith("/auth");
      out.add(check(new Case(e + " without Bearer", bearer(e, null), logout ? 403 : 401,
          logout ? "bearer authorization token required" : "unauthorized")));
      out.add(check(new Case(e + " with Basic instead of Bearer", () -> send(e.method(), e.path(), basic("client1", "client-secret-1"), null, null),
          logout ? 403 : 401, logout ? "bearer authorization token required" : "unauthorized")));
      for (String[] t : tokens) out.add(check(new Case(e + " with " + t[0], bearer(e, t[1]), logout ? 403 : 401, t[2])));
    }
    return out.stream();
  }

  @TestFactory
  Stream<DynamicTest> badClientCredentialsOnPostAuthAndDebugLog() {
    Buffer form = Buffer.buffer("grant_type=password&username=alice%40example.com&password=pw");
    String formType = "application/x-www-form-urlencoded";
    String good = basic("client1", "client-secret-1");
    List<Case> cases = new ArrayList<>(List.of(
        new Case("POST /auth without Basic", authForm(null, formType, form), 401, "unauthorized"),
        new Case("POST /auth with a Bearer token", authForm("Bearer " + token, formType, form), 401, "unauthorized"),
        new Case("POST /auth with broken Basic", authForm("Basic !!!not-base64", formType, form), 401, "unauthorized"),
        new Case("POST /auth with an unknown client", authForm(basic("nobody", "client-secret-1"), formType, form), 403, "bad client-id or app secret"),
        new Case("POST /auth with a wrong secret", authForm(basic("client1", "wrong"), formType, form), 403, "bad client-id or app secret"),
        new Case("POST /auth with grant_type=client_credentials", authForm(good, formType,
            Buffer.buffer("grant_type=client_credentials&username=u&password=pw")), 403, "bad grant_type"),
        new Case("POST /auth without grant_type", authForm(good, formType, Buffer.buffer("username=u&password=pw")), 403, "bad grant_type"),
        new Case("POST /auth without username", authForm(good, formType, Buffer.buffer("grant_type=password&password=pw")), 400,
            "username is required"),
        new Case("POST /auth without password", authForm(good, formType, Buffer.buffer("grant_type=password&username=u")), 400,
            "password is required"),
        new Case("POST /auth without Content-Type", authForm(good, null, form), 400, "empty content type"),
        new Case("POST /auth with a JSON body", authForm(good, "application/json",
            Buffer.buffer("{\"grant_type\":\"password\",\"username\":\"u\",\"password\":\"pw\"}")), 400, "unsupported content type"),
        new Case("POST /auth with charset=iso-8859-1", authForm(good, formType + "; charset=iso-8859-1", form), 400, "unsupported charset"),
        new Case("POST /auth with a broken percent escape", authForm(good, formType, Buffer.buffer("grant_type=password&username=u%G1&password=pw")),
            400, "malformed request body"),
        new Case("POST /auth with bytes that are not UTF-8", authForm(good, formType, Buffer.buffer("grant_type=password&username=u%FF&password=pw")),
            400, "the form body is not valid UTF-8"),
        new Case("POST /auth with a body over the limit", authForm(good, formType, Buffer.buffer("grant_type=password&username=" + "u".repeat(BODY_LIMIT * 2))),
            413, "the request body is too large"),
        // /debug/log (turned on here) takes the app's Basic credentials, as POST /auth (mx-proxy.md §1.9)
        new Case("GET /debug/log without Basic", () -> send(HttpMethod.GET, "/debug/log", null, null, null), 401, "unauthorized"),
        new Case("GET /debug/log with a Bearer token", () -> send(HttpMethod.GET, "/debug/log", "Bearer " + token, null, null), 401, "unauthorized"),
        new Case("GET /debug/log with a wrong secret", () -> send(HttpMethod.GET, "/debug/log", basic("client1", "nope"), null, null), 403,
            "bad client-id or app secret"),
        new Case("GET /debug/log with an unknown client", () -> send(HttpMethod.GET, "/debug/log", basic("x", "client-secret-1"), null, null), 403,
            "bad client-id or app secret"),
        new Case("GET /debug/log while logName is empty", () -> send(HttpMethod.GET, "/debug/log", good, null, null), 404, "not found")));
    return cases.stream().map(this::check);
  }

  @Test
  void theChallengesOfMissingCredentials() throws Exception {
    assertThat(send(HttpMethod.POST, "/auth", null, null, null).getHeader("WWW-Authenticate")).isEqualTo("Basic realm=\"MXProxy client application\"");
    assertThat(send(HttpMethod.GET, "/debug/log", null, null, null).getHeader("WWW-Authenticate")).isEqualTo("Basic realm=\"MXProxy client application\"");
    assertThat(send(HttpMethod.GET, "/voicemails", null, null, null).getHeader("WWW-Authenticate")).isEqualTo("Bearer realm=\"MXProxy\"");
    assertThat(send(HttpMethod.GET, "/voicemails", "Bearer x", null, null).getHeader("WWW-Authenticate")).isEqualTo("Bearer realm=\"MXProxy\"");
  }

  // ---- input ----

  @TestFactory
  Stream<DynamicTest> nonNumericIds() {
    String[][] routes = {
        {"GET", "/calls/%s", "call"}, {"PUT", "/calls/%s", "call"}, {"POST", "/calls/%s", "call"}, {"DELETE", "/calls/%s", "call"},
        {"PUT", "/calls/%s/hold", "call"}, {"PUT", "/calls/%s/unhold", "call"}, {"POST", "/calls/%s/conference", "call"},
        {"GET", "/voicemails/%s", "voicemail"}, {"DELETE", "/voicemails/%s", "voicemail"}, {"PATCH", "/voicemails/%s", "voicemail"},
        {"PUT", "/conferences/%s", "conference"}, {"DELETE", "/conferences/%s", "conference"}, {"POST", "/conferences/%s", "conference"},
    };
    // a valid body for each, so that the id is the only mistake
    JsonObject anyBody = new JsonObject().put("device", "sipPhone").put("to", "12345").put("read", true).put("accessId", 1).put("name", "x");
    List<Case> cases = new ArrayList<>();
    for (String[] r : routes) {
      for (String id : new String[] {"abc", "-1", "1.5", "12345678901234567890"}) {
        String path = String.format(r[1], id);
        cases.add(new Case(r[0] + " " + path, json(HttpMethod.valueOf(r[0]), path, anyBody), 400,
            "bad " + r[2] + " id \"" + id + "\": a number is expected"));
      }
    }
    return cases.stream().map(this::check);
  }

  @TestFactory
  Stream<DynamicTest> badBodiesOnEveryBodyEndpoint() {
    List<Case> cases = new ArrayList<>();
    for (Endpoint e : bodyEndpoints()) {
      HttpMethod m = e.method();
      String p = e.path();
      Buffer valid = e.body().toBuffer();
      cases.add(new Case(e + " malformed JSON", body(m, p, "application/json", Buffer.buffer("{\"to\":")), 400, "malformed JSON body"));
      cases.add(new Case(e + " not JSON at all", body(m, p, "application/json", Buffer.buffer("to=1099")), 400, "malformed JSON body"));
      cases.add(new Case(e + " an array instead of an object", body(m, p, "application/json", Buffer.buffer("[" + e.body().encode() + "]")), 400,
          "the request body must be a JSON object"));
      cases.add(new Case(e + " a JSON string instead of an object", body(m, p, "application/json", Buffer.buffer("\"x\"")), 400,
          "the request body must be a JSON object"));
      cases.add(new Case(e + " without Content-Type", body(m, p, null, valid), 400, "empty content type"));
      cases.add(new Case(e + " as text/plain", body(m, p, "text/plain", valid), 400, "unsupported content type"));
      cases.add(new Case(e + " as a form", body(m, p, "application/x-www-form-urlencoded", Buffer.buffer("to=1099")), 400, "unsupported content type"));
      cases.add(new Case(e + " charset=windows-1251", body(m, p, "application/json; charset=windows-1251", valid), 400, "unsupported charset"));
      cases.add(new Case(e + " bytes that are not UTF-8", body(m, p, "application/json",
          Buffer.buffer(new byte[] {'{', '"', 'n', 'o', 't', 'e', '"', ':', '"', (byte) 0xC3, '"', '}'})), 400, "the request body is not valid UTF-8"));
      cases.add(new Case(e + " a body over the limit", body(m, p, "application/json",
          Buffer.buffer("{\"note\":\"" + "x".repeat(BODY_LIMIT * 2) + "\"}")), 413, "the request body is too large"));
      // POST /calls/{id}/conference takes no body at all (ownerCallId defaults to the call)
      if (!p.endsWith("/conference")) {
        cases.add(new Case(e + " an empty body", body(m, p, "application/json", Buffer.buffer()), 400, "empty request body"));
      }
    }
    return cases.stream().map(this::check);
  }

  @TestFactory
  Stream<DynamicTest> wrongTypesAndMissingFields() {
    JsonObject conf = new JsonObject().put("name", "standup").put("accessId", 47281964);
    Object[][] cases = {
        {HttpMethod.PATCH, "/calls", new JsonObject().put("remote", "yes"), "bad request: remote must be true or false"},
        {HttpMethod.PATCH, "/calls", new JsonObject().put("device", new JsonArray()), "bad request: device must be a string"},
        {HttpMethod.PATCH, "/calls", new JsonObject().put("ringDelay", "5"), "bad request: ringDelay must be a whole number from 0 to 3600"},
        {HttpMethod.PATCH, "/calls", new JsonObject().put("vmDelay", -1), "bad request: vmDelay must be a whole number from 0 to 3600"},
        {HttpMethod.POST, "/calls", new JsonObject(), "bad request: to is required"},
        {HttpMethod.POST, "/calls", new JsonObject().put("to", true), "bad request: to must be a string"},
        {HttpMethod.POST, "/calls", new JsonObject().put("to", "1099").put("from", new JsonObject()), "bad request: from must be a string"},
        {HttpMethod.PUT, "/calls/123", new JsonObject(), "bad request: device is required"},
        {HttpMethod.PUT, "/calls/123", new JsonObject().put("device", "sipPhone").put("timeout", "30"),
            "bad request: timeout must be a whole number from 0 to 3600"},
        {HttpMethod.PUT, "/calls/123", new JsonObject().put("device", "sipPhone").put("assign", "yes"), "bad request: assign must be true or false"},
        {HttpMethod.POST, "/calls/123", new JsonObject(), "bad request: to is required"},
        {HttpMethod.POST, "/calls/123", new JsonObject().put("to", new JsonArray().add(1)), "bad request: to must be a string"},
        {HttpMethod.POST, "/calls/123/conference", new JsonObject().put("ownerCallId", "x"),
            "bad request: ownerCallId must be a whole number from 0 to 999999999999999999"},
        {HttpMethod.PATCH, "/voicemails/82", new JsonObject(), "bad request"},
        {HttpMethod.PATCH, "/voicemails/82", new JsonObject().put("read", "true"), "bad request: read must be true or false"},
        {HttpMethod.PATCH, "/voicemails/82", new JsonObject().put("note", 5), "bad request: note must be a string"},
        {HttpMethod.POST, "/conferences", conf.copy().put("name", 5), "bad request: name must be a string"},
        {HttpMethod.POST, "/conferences", conf.copy().put("duration", "long"), "bad request: duration must be a whole number"},
        {HttpMethod.POST, "/conferences", conf.copy().put("startDate", 1.5), "bad request: startDate must be a whole number"},
        {HttpMethod.POST, "/conferences", conf.copy().put("waitForOwner", "yes"), "bad request: waitForOwner must be true or false"},
        {HttpMethod.POST, "/conferences", conf.copy().put("ownerId", "me"), "bad request: ownerId must be a whole number"},
        {HttpMethod.PUT, "/conferences/5", conf.copy().put("accessId", "abc"), "bad request: accessId must be a whole number"},
        {HttpMethod.POST, "/conferences/5", new JsonObject(), "bad request: accessId is required"},
        {HttpMethod.POST, "/conferences/5", new JsonObject().put("accessId", new JsonObject()), "bad request: accessId must be a whole number"},
    };
    return Stream.of(cases).map(c -> check(new Case(c[0] + " " + c[1] + " " + c[2], json((HttpMethod) c[0], (String) c[1], c[2]), 400,
        (String) c[3])));
  }

  @TestFactory
  Stream<DynamicTest> badTimestampsOnTheCallLog() {
    String[] bad = {"yesterday", "2017-09-03", "2017-13-45T00:00:00Z", "1e9", "12345678901234567890", "2017-09-03T00:00:00"};
    List<Case> cases = new ArrayList<>();
    for (String t : bad) {
      cases.add(new Case("GET /calls?timestamp=" + t, () -> send(HttpMethod.GET, "/calls?timestamp=" + java.net.URLEncoder.encode(t, "UTF-8"),
          "Bearer " + token, null, null), 400, "bad timestamp format"));
    }
    cases.add(new Case("GET /calls with timestamp twice", () -> send(HttpMethod.GET, "/calls?timestamp=1&timestamp=2", "Bearer " + token, null, null),
        400, "bad timestamp format"));
    return cases.stream().map(this::check);
  }

  @TestFactory
  Stream<DynamicTest> badPushTokenPaths() {
    return Stream.of(
        new Case("PUT /tokens/voip/...", () -> send(HttpMethod.PUT, "/tokens/voip/app1/" + PUSH_TOKEN, "Bearer " + token, null, null), 404,
            "unsupported push type \"voip\""),
        new Case("PUT /tokens/fcm/unknown-app/...", () -> send(HttpMethod.PUT, "/tokens/fcm/other/" + PUSH_TOKEN, "Bearer " + token, null, null), 404,
            "unsupported FCM application ID"),
        new Case("PUT /tokens/apn/{topic}/ with a short token", () -> send(HttpMethod.PUT, "/tokens/apn/com.example.app/abc", "Bearer " + token, null, null),
            400, "bad push token"),
        new Case("PUT /tokens/fcm/app1/ with characters no provider uses", () -> send(HttpMethod.PUT, "/tokens/fcm/app1/" + "x".repeat(30) + "%24%25",
            "Bearer " + token, null, null), 400, "bad push token"),
        new Case("DELETE /tokens/fcm/app1/ of a token never registered", () -> send(HttpMethod.DELETE, "/tokens/fcm/app1/" + "n".repeat(40),
            "Bearer " + token, null, null), 404, "not found")).map(this::check);
  }

  /** Unknown JSON fields are ignored, as MX Proxy's Go decoder did: the request goes through. */
  @Test
  void unknownFieldsAreIgnored() throws Exception {
    HttpResponse<Buffer> made = json(HttpMethod.POST, "/calls", new JsonObject().put("to", "1099").put("bogus", new JsonArray().add(1))).send();
    assertThat(made.statusCode()).as(TestNode.status(made)).isEqualTo(200);
    var frames = sim.received(MX, "MakeCall");
    assertThat(frames.get(frames.size() - 1).xml()).doesNotContain("bogus");
    HttpResponse<Buffer> mode = json(HttpMethod.PATCH, "/calls", new JsonObject().put("remote", false).put("extra", "x")).send();
    assertThat(mode.statusCode()).as(TestNode.status(mode)).isEqualTo(200);
  }
}
