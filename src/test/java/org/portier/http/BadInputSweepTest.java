package org.portier.http;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.NetSocket;
import io.vertx.ext.web.client.HttpRequest;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.sqlclient.Tuple;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.portier.mx.MxSimulator;
import org.portier.mxproxy.MxLiveSession;
import org.portier.testing.FakeSmsGateway;
import org.portier.testing.TestNode;
import org.slf4j.LoggerFactory;

/**
 * Client mistakes in the JSON and form bodies, paths and query strings of every face (integration,
 * mobile, SIP realtime, MX), against one node with a live MX session and a logged-in phone: numbers
 * out of range (2^64 + 7001 must never become 7001), fractions, exponents, wrong types, lone
 * surrogates, duplicate keys, missing and unknown fields, bodies beyond http.bodyLimit, broken
 * UTF-8 and a trickled body. Each gets the face's own error format with a message naming the
 * field, never a 5xx, nothing is stored, and the log holds no stack trace.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class BadInputSweepTest {
  private static final int BODY_LIMIT = 4096;
  private static final String PHONE = "79990000042";
  private static final String TWO_64_PLUS_7001 = "18446744073709558617";
  private static final String TWO_64 = "18446744073709551616";
  private static final String TWO_63 = "9223372036854775808";
  private static final Pattern CODE = Pattern.compile("Code: (\\d{4})");

  private Vertx vertx;
  private FakeSmsGateway sms;
  private MxLiveSession session;
  private TestNode node;
  private String mobileToken;
  private String houseId;
  private String flatId;
  private String subscriberId;
  private final ListAppender<ILoggingEvent> log = new ListAppender<>();

  @BeforeAll
  void start() throws Exception {
    vertx = Vertx.vertx();
    sms = get(new FakeSmsGateway().start(vertx));
    session = MxLiveSession.start(vertx, n -> {
      n.set("http.bodyLimit", BODY_LIMIT).set("mxproxy.authPerIp", "")
          .set("otp.sms.url", "http://127.0.0.1:" + sms.port() + "/send?to={phone}")
          .set("otp.sms.body", "{\"phone\":\"{phone}\",\"text\":\"Code: {code}\"}").set("otp.sms.timeout", "2s");
      for (String k : List.of("requestCodePerPhone", "requestCodePerIp", "confirmCodePerPhone", "confirmCodePerIp",
          "checkPhonePerPhone", "checkPhonePerIp", "registerQrPerSubscriber")) {
        n.set("mobile.limits." + k, "");
      }
    });
    node = session.node;
    houseId = get(node.create("/houses", new JsonObject().put("address", "Lenina 1"))).getString("id");
    get(node.create("/houses/" + houseId + "/doors", new JsonObject().put("panelId", 7001).put("doorId", 0).put("name", "Entrance")));
    flatId = get(node.create("/houses/" + houseId + "/flats", new JsonObject().put("number", "11"))).getString("id");
    subscriberId = get(node.create("/flats/" + flatId + "/subscribers", new JsonObject().put("phone", PHONE).put("role", "owner"))).getString("id");
    mobileToken = login();
    HttpResponse<Buffer> push = mobile("user/registerPushToken", new JsonObject().put("platform", "android")
        .put("pushToken", "fcm-token-" + "a".repeat(140)).encode());
    assertThat(push.statusCode()).as(TestNode.status(push)).isEqualTo(204);
  }

  @AfterAll
  void stop() throws Exception {
    if (session != null) session.stop();
    if (sms != null) get(sms.stop());
    get(vertx.close());
  }

  @BeforeEach
  void watchTheLog() {
    log.list.clear();
    log.start();
    root().addAppender(log);
  }

  @AfterEach
  void noStackTraceWasLogged() {
    root().detachAppender(log);
    for (ILoggingEvent e : List.copyOf(log.list)) {
      assertThat(e.getThrowableProxy()).as("logged with a stack trace: " + e.getFormattedMessage()).isNull();
      assertThat(e.getFormattedMessage()).as("log line").doesNotContain("Exception").doesNotContain("at org.");
    }
  }

  private static Logger root() {
    return (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
  }

  // ---- the integration face: {"status", "error", "message"}

  @Test
  void integrationNumbersOutOfRangeStartNoDoorCall() throws Exception {
    long calls = count("SELECT COUNT(*) FROM door_calls");
    for (String panel : List.of(TWO_64_PLUS_7001, TWO_63, "-1", "0", "\"" + TWO_64_PLUS_7001 + "\"", "\"-7001\"", "2147490649")) {
      integrationError(post("/door-calls", "{\"panelId\":" + panel + ",\"flatNumber\":\"11\"}"), 422, "panelId must be between 1 and");
    }
    for (String panel : List.of("1e3", "7001.5", "7001.0", "7.001e3")) {
      integrationError(post("/door-calls", "{\"panelId\":" + panel + ",\"flatNumber\":\"11\"}"), 422, "panelId must be a whole number");
    }
    integrationError(post("/door-calls", "{\"panelId\":true,\"flatNumber\":\"11\"}"), 422, "panelId must be a whole number");
    integrationError(post("/door-calls", "{\"panelId\":7001,\"flatNumber\":\"11\",\"doorId\":" + TWO_64 + "}"), 422, "doorId must be between 0 and 255");
    integrationError(post("/door-calls", "{\"panelId\":7001,\"flatNumber\":\"11\",\"doorId\":-1}"), 422, "doorId must be between 0 and 255");
    integrationError(post("/door-calls", "{\"flatId\":" + plus64(flatId) + "}"), 422, "flatId must be between 1 and");
    integrationError(post("/door-calls", "{\"flatId\":\"" + plus64(flatId) + "\"}"), 422, "flatId must be between 1 and");
    integrationError(post("/door-calls", "{\"panelId\":7001,\"flatNumber\":" + TWO_64 + "}"), 422, "flatNumber must be between 1 and");
    integrationError(post("/door-calls", "{\"panelId\":7001,\"flatNumber\":11.5}"), 422, "flatNumber must be a whole number");
    integrationError(post("/door-calls", "{\"panelId\":7001,\"flatNumber\":\"11\",\"callerId\":5}"), 422, "callerId must be a string");
    integrationError(post("/door-calls", "{\"panelId\":7001,\"flatNumber\":\"11\",\"callerId\":\"Door \\ud800\"}"), 400, "\"callerId\"");
    integrationError(post("/door-calls", "{\"panelId\":7001,\"panelId\":7001,\"flatNumber\":\"11\"}"), 400, "\"panelId\" is given twice");
    integrationError(post("/door-calls", "{\"flatNumber\":\"11\"}"), 422, "give either flatId or panelId");
    integrationError(post("/door-calls", "{\"panelId\":7001,\"flatNumber\":\"11\",\"bogus\":1}"), 422, "unknown field bogus");
    assertThat(count("SELECT COUNT(*) FROM door_calls")).as("no door call was started").isEqualTo(calls);

    // the same panel written as it should be does start one: the refusals above were about the numbers
    HttpResponse<Buffer> ok = post("/door-calls", "{\"panelId\":\"7001\",\"flatNumber\":\"11\"}");
    assertThat(ok.statusCode()).as(TestNode.status(ok)).isEqualTo(201);
    assertThat(count("SELECT COUNT(*) FROM door_calls")).isEqualTo(calls + 1);
  }

  @Test
  void integrationDoorsMessagesAndPathsRefuseWrappedIds() throws Exception {
    long doors = count("SELECT COUNT(*) FROM doors");
    integrationError(post("/houses/" + houseId + "/doors", "{\"panelId\":" + TWO_64_PLUS_7001 + ",\"doorId\":1,\"name\":\"x\"}"), 422, "panelId");
    integrationError(post("/houses/" + houseId + "/doors", "{\"panelId\":7002,\"doorId\":" + TWO_64 + ",\"name\":\"x\"}"), 422, "doorId must be between 0 and 255");
    integrationError(post("/houses/" + houseId + "/doors", "{\"panelId\":7002,\"doorId\":1e0,\"name\":\"x\"}"), 422, "doorId must be a whole number");
    assertThat(count("SELECT COUNT(*) FROM doors")).as("no door was added").isEqualTo(doors);

    long messages = count("SELECT COUNT(*) FROM inbox_messages");
    String msg = ",\"title\":\"Hello\",\"body\":\"Water off on Monday\"}";
    integrationError(post("/messages", "{\"subscriberId\":" + plus64(subscriberId) + msg), 422, "subscriberId must be between 1 and");
    integrationError(post("/messages", "{\"subscriberId\":\"" + plus64(subscriberId) + "\"" + msg), 422, "subscriberId must be between 1 and");
    integrationError(post("/messages", "{\"subscriberId\":" + subscriberId + ".5" + msg), 422, "subscriberId must be a whole number");
    integrationError(post("/messages", "{\"flatId\":" + plus64(flatId) + msg), 422, "flatId must be between 1 and");
    integrationError(post("/messages", "{\"houseId\":-" + houseId + msg), 422, "houseId must be between 1 and");
    integrationError(post("/messages", "{\"subscriberId\":" + subscriberId + ",\"title\":\"\\udc00\",\"body\":\"x\"}"), 400, "\"title\"");
    integrationError(post("/messages", "{\"subscriberId\":" + subscriberId + ",\"title\":\"a\",\"title\":\"b\",\"body\":\"x\"}"), 400,
        "\"title\" is given twice");
    assertThat(count("SELECT COUNT(*) FROM inbox_messages")).as("no message was stored").isEqualTo(messages);

    for (String id : List.of(plus64(houseId), TWO_63, "-1", "1e3")) {
      integrationError(get(node.integration(HttpMethod.GET, "/houses/" + id).send()), 404, "no house with id");
    }
    integrationError(get(node.integration(HttpMethod.GET, "/houses?limit=" + TWO_64).send()), 422, "limit must be a number between");
    integrationError(get(node.integration(HttpMethod.GET, "/houses?limit=-1").send()), 422, "limit");
  }

  @Test
  void integrationBodiesThatAreNotCleanJsonAreRefusedAndNothingStored() throws Exception {
    long houses = count("SELECT COUNT(*) FROM houses");
    integrationError(post("/houses", "{\"address\":\"Lenina \\ud800 2\"}"), 400, "\"address\" is not valid Unicode text");
    integrationError(post("/houses", "{\"address\":\"a\",\"address\":\"b\"}"), 400, "\"address\" is given twice");
    integrationError(post("/houses", "{}"), 422, "address is required");
    integrationError(post("/houses", "{\"address\":5}"), 422, "address must be a string");
    integrationError(post("/houses", "{\"address\":\"x\",\"extra\":true}"), 422, "unknown field extra");
    integrationError(post("/houses", "[1,2]"), 400, "must be a JSON object");
    integrationError(post("/houses", "{\"address\":\"x\""), 400, "not valid JSON");
    integrationError(post("/houses", "{\"address\":" + "9".repeat(300) + "}"), 400, "not valid JSON");
    integrationError(post("/houses", "{\"address\":\"" + "x".repeat(BODY_LIMIT) + "\"}"), 413, "too large");
    integrationError(send(node.integration(HttpMethod.POST, "/houses"), utf8Broken("{\"address\":\"Lenina ", "\"}")), 400, "not valid UTF-8");
    integrationError(send(node.integration(HttpMethod.POST, "/houses").putHeader("Content-Type", "application/x-www-form-urlencoded"),
        Buffer.buffer("address=%")), 400, "could not be read");
    assertThat(count("SELECT COUNT(*) FROM houses")).as("no house was stored").isEqualTo(houses);

    String answer = trickle("/integration/v1/houses", "Bearer " + TestNode.API_KEY, "{\"address\":\"Trickled 7\"}");
    assertThat(answer).startsWith("HTTP/1.1 201").contains("\"address\":\"Trickled 7\"");
    assertThat(count("SELECT COUNT(*) FROM houses")).isEqualTo(houses + 1);
  }

  // ---- the mobile face: the envelope {"code", "name", "message"}

  @Test
  void mobileNumbersOutOfRangeAndBadBodies() throws Exception {
    long openings = count("SELECT COUNT(*) FROM door_openings");
    for (String panel : List.of(TWO_64_PLUS_7001, "\"" + TWO_64_PLUS_7001 + "\"", TWO_63, "-1")) {
      mobileError(mobile("address/openDoor", "{\"domophoneId\":" + panel + "}"), 422, "domophoneId must be between 1 and");
    }
    mobileError(mobile("address/openDoor", "{\"domophoneId\":7001.5}"), 422, "domophoneId must be a whole number");
    mobileError(mobile("address/openDoor", "{\"domophoneId\":1e3}"), 422, "domophoneId must be a whole number");
    mobileError(mobile("address/openDoor", "{\"domophoneId\":7001,\"doorId\":" + TWO_64 + "}"), 422, "doorId must be between 0 and 255");
    mobileError(mobile("address/openDoor", "{\"domophoneId\":7001,\"domophoneId\":7001}"), 400, "\"domophoneId\" is given twice");
    assertThat(count("SELECT COUNT(*) FROM door_openings")).as("no door was opened").isEqualTo(openings);

    mobileError(mobile("address/intercom", "{\"flatId\":" + plus64(flatId) + "}"), 422, "flatId must be between 1 and");
    mobileError(mobile("address/intercom", "{\"flatId\":\"" + plus64(flatId) + "\"}"), 422, "flatId must be between 1 and");
    mobileError(mobile("inbox/readed", "{\"messageId\":" + TWO_64 + "}"), 422, "messageId must be between 1 and");
    mobileError(mobile("user/registerPushToken", "{\"platform\":\"ios\",\"pushToken\":\"" + "b".repeat(40) + "\",\"type\":" + TWO_64 + "}"),
        422, "type must be between 0 and 3");
    mobileError(mobile("user/appVersion", "{\"version\":1e3,\"platform\":\"android\"}"), 422, "version");
    mobileError(mobile("user/appVersion", "{\"version\":" + TWO_64 + ",\"platform\":\"android\"}"), 422, "version");

    String name = rows("SELECT name FROM subscribers WHERE id = ?", Long.parseLong(subscriberId));
    mobileError(mobile("user/sendName", "{\"name\":\"Ivan \\ud800\"}"), 400, "\"name\" is not valid Unicode text");
    mobileError(mobile("user/sendName", "{\"name\":\"Ivan\",\"name\":\"Petr\"}"), 400, "\"name\" is given twice");
    mobileError(mobile("user/sendName", "{\"name\":\"" + "x".repeat(BODY_LIMIT) + "\"}"), 413, "too large");
    mobileError(send(mobileRequest("user/sendName"), utf8Broken("{\"name\":\"Ivan ", "\"}")), 400, "not valid UTF-8");
    mobileError(send(mobileRequest("user/sendName").putHeader("Content-Type", "application/x-www-form-urlencoded"), Buffer.buffer("name=%zz")),
        400, "could not be read");
    mobileError(mobile("user/sendName", "{\"name\":"), 400, "not valid JSON");
    assertThat(rows("SELECT name FROM subscribers WHERE id = ?", Long.parseLong(subscriberId))).as("the name was not changed").isEqualTo(name);

    String answer = trickle("/mobile/user/sendName", "Bearer " + mobileToken, "{\"name\":\"Trickled\"}");
    assertThat(answer).as(answer).matches("(?s)HTTP/1.1 20[04].*");
    assertThat(rows("SELECT name FROM subscribers WHERE id = ?", Long.parseLong(subscriberId))).isEqualTo("[\"Trickled\"]");
  }

  // ---- the SIP realtime face: {"error"}

  @Test
  void sipRealtimeRefusesWithoutAnswering5xx() throws Exception {
    for (String ext : List.of(TWO_64, TWO_64_PLUS_7001, "-2000000001", "2e9")) {
      JsonObject body = sipError(get(sip(HttpMethod.GET, "/sip/v1/credentials/" + ext).send()), 404);
      assertThat(body.getString("error")).contains("no live credentials");
    }
    sipError(send(sip(HttpMethod.POST, "/sip/asterisk/ps_endpoints/single").putHeader("Content-Type", "application/x-www-form-urlencoded"),
        Buffer.buffer("id=" + "1".repeat(BODY_LIMIT))), 413);
    for (String form : List.of("id=" + TWO_64, "id=%ED%A0%80", "id=%ff%fe", "id%20LIKE=%", "id=2000000001&id=2000000001")) {
      HttpResponse<Buffer> r = get(sip(HttpMethod.POST, "/sip/asterisk/ps_endpoints/single")
          .putHeader("Content-Type", "application/x-www-form-urlencoded").sendBuffer(Buffer.buffer(form)));
      assertThat(r.statusCode()).as(form + ": " + TestNode.status(r)).isLessThan(500);
      assertThat(r.bodyAsString() == null ? "" : r.bodyAsString()).as(form).doesNotContain("password").doesNotContain("Exception");
    }
  }

  // ---- the MX face: {"error"}, 400 for a client's mistake, as MX Proxy answered

  @Test
  void mxJsonAndFormBodies() throws Exception {
    MxSimulator sim = session.sim;
    long before = mxCommands(sim);
    mxError(mx(HttpMethod.POST, "/calls/123/conference", "{\"ownerCallId\":" + plus64("40") + "}"), "ownerCallId must be a whole number from 0 to");
    mxError(mx(HttpMethod.POST, "/calls/123/conference", "{\"ownerCallId\":40.5}"), "ownerCallId must be a whole number");
    mxError(mx(HttpMethod.POST, "/calls/123/conference", "{\"ownerCallId\":-1}"), "ownerCallId must be a whole number");
    mxError(mx(HttpMethod.POST, "/conferences/5", "{\"accessId\":" + plus64("47281964") + "}"), "accessId must be a whole number");
    mxError(mx(HttpMethod.POST, "/conferences/5", "{\"accessId\":\"" + TWO_64 + "\"}"), "accessId must be a whole number");
    mxError(mx(HttpMethod.POST, "/conferences/5", "{\"accessId\":4.7e7}"), "accessId must be a whole number");
    mxError(mx(HttpMethod.POST, "/conferences", "{\"name\":\"standup\",\"accessId\":1,\"duration\":30,\"ownerId\":" + TWO_64 + "}"),
        "ownerId must be a whole number");
    mxError(mx(HttpMethod.POST, "/calls", "{\"to\":1099.5}"), "to must be a string");
    mxError(mx(HttpMethod.POST, "/calls", "{\"to\":\"1099\",\"to\":\"1100\"}"), "\"to\" is given twice");
    mxError(mx(HttpMethod.PATCH, "/voicemails/82", "{\"note\":\"call back \\ud83d\"}"), "\"note\" is not valid Unicode text");
    mxError(mx(HttpMethod.PATCH, "/voicemails/82", "{\"read\":true,\"read\":false}"), "\"read\" is given twice");
    mxError(mx(HttpMethod.PATCH, "/voicemails/82", "{\"read\":1}"), "bad request: read must be true or false");
    mxError(mx(HttpMethod.PATCH, "/voicemails/82", "{\"read\":"), "malformed JSON body");
    for (String id : List.of(TWO_64, TWO_63, "-1", "1e3")) {
      mxError(mx(HttpMethod.PATCH, "/voicemails/" + id, "{\"read\":true}"), "bad voicemail id");
    }
    HttpResponse<Buffer> big = mx(HttpMethod.POST, "/calls", "{\"to\":\"" + "1".repeat(BODY_LIMIT) + "\"}");
    assertThat(big.statusCode()).as(TestNode.status(big)).isEqualTo(413);
    assertThat(big.bodyAsJsonObject().getString("error")).contains("too large");
    mxError(send(node.http(HttpMethod.POST, "/calls").bearerTokenAuthentication(session.token).putHeader("Content-Type", "application/json"),
        utf8Broken("{\"to\":\"10", "99\"}")), "not valid UTF-8");
    assertThat(mxCommands(sim)).as("nothing reached MX").isEqualTo(before);

    // the login form: broken UTF-8 and oversized bodies, before any provisioning or MX session
    HttpResponse<Buffer> form = send(node.http(HttpMethod.POST, "/auth").basicAuthentication("client1", "client-secret-1")
        .putHeader("Content-Type", "application/x-www-form-urlencoded"), Buffer.buffer("grant_type=password&username=al%ffce&password=pw"));
    mxError(form, "not valid UTF-8");
    // a lone surrogate cannot be written in UTF-8: its three-byte form is refused as broken UTF-8
    mxError(send(node.http(HttpMethod.POST, "/auth").basicAuthentication("client1", "client-secret-1")
        .putHeader("Content-Type", "application/x-www-form-urlencoded"), Buffer.buffer("grant_type=password&username=al%ED%A0%80&password=pw")),
        "not valid UTF-8");
    mxError(send(node.http(HttpMethod.POST, "/auth").basicAuthentication("client1", "client-secret-1")
        .putHeader("Content-Type", "application/x-www-form-urlencoded"), Buffer.buffer("grant_type=password&username=" + MxLiveSession.USER
        + "&username=bob&password=pw")), "the form field \"username\" is given twice");
    HttpResponse<Buffer> bigForm = send(node.http(HttpMethod.POST, "/auth").basicAuthentication("client1", "client-secret-1")
        .putHeader("Content-Type", "application/x-www-form-urlencoded"), Buffer.buffer("grant_type=password&username=" + "a".repeat(BODY_LIMIT)));
    assertThat(bigForm.statusCode()).as(TestNode.status(bigForm)).isEqualTo(413);
  }

  // ---- requests

  private HttpResponse<Buffer> post(String path, String json) throws Exception {
    return send(node.integration(HttpMethod.POST, path).putHeader("Content-Type", "application/json"), Buffer.buffer(json));
  }

  private HttpRequest<Buffer> mobileRequest(String method) {
    return node.http(HttpMethod.POST, "/mobile/" + method).bearerTokenAuthentication(mobileToken).putHeader("Content-Type", "application/json");
  }

  private HttpResponse<Buffer> mobile(String method, String json) throws Exception {
    return send(mobileRequest(method), Buffer.buffer(json));
  }

  private HttpRequest<Buffer> sip(HttpMethod m, String path) {
    return node.http(m, path).bearerTokenAuthentication(TestNode.SIP_KEY);
  }

  private HttpResponse<Buffer> mx(HttpMethod m, String path, String json) throws Exception {
    return send(node.http(m, path).bearerTokenAuthentication(session.token).putHeader("Content-Type", "application/json"), Buffer.buffer(json));
  }

  private static HttpResponse<Buffer> send(HttpRequest<Buffer> req, Buffer body) throws Exception {
    return get(req.sendBuffer(body));
  }

  /** The text around a byte that is no UTF-8 (0xff), as a body. */
  private static Buffer utf8Broken(String before, String after) {
    return Buffer.buffer(before.getBytes(StandardCharsets.UTF_8)).appendByte((byte) 0xff).appendBytes(after.getBytes(StandardCharsets.UTF_8));
  }

  /** An id as it would wrap to {@code id}: 2^64 + id. */
  private static String plus64(String id) {
    return new java.math.BigInteger(TWO_64).add(new java.math.BigInteger(id)).toString();
  }

  /**
   * POSTs {@code json} over a raw connection, the headers at once and the body a few bytes at a
   * time over about a second (well within any request deadline); returns the whole answer.
   */
  private String trickle(String path, String authorization, String json) throws Exception {
    byte[] body = json.getBytes(StandardCharsets.UTF_8);
    String head = "POST " + path + " HTTP/1.1\r\nHost: 127.0.0.1:" + node.httpPort + "\r\nAuthorization: " + authorization
        + "\r\nContent-Type: application/json\r\nContent-Length: " + body.length + "\r\nConnection: close\r\n\r\n";
    Promise<String> answer = Promise.promise();
    vertx.createNetClient().connect(node.httpPort, "127.0.0.1").onSuccess((NetSocket s) -> {
      Buffer in = Buffer.buffer();
      s.handler(in::appendBuffer);
      s.closeHandler(v -> answer.tryComplete(in.toString(StandardCharsets.UTF_8)));
      s.write(head);
      int step = Math.max(1, body.length / 8);
      for (int i = 0, n = 0; i < body.length; i += step, n++) {
        Buffer piece = Buffer.buffer().appendBytes(body, i, Math.min(step, body.length - i));
        vertx.setTimer(150L * (n + 1), t -> s.write(piece));
      }
    }).onFailure(answer::tryFail);
    return get(answer.future());
  }

  private String login() throws Exception {
    HttpResponse<Buffer> asked = get(node.http(HttpMethod.POST, "/mobile/user/requestCode").putHeader("X-System-Info", "Android,14,Google,Pixel 8")
        .sendJsonObject(new JsonObject().put("userPhone", PHONE)));
    assertThat(asked.statusCode()).as(TestNode.status(asked)).isEqualTo(200);
    Matcher m = CODE.matcher(new JsonObject(sms.next().body()).getString("text"));
    assertThat(m.matches()).isTrue();
    HttpResponse<Buffer> confirmed = get(node.http(HttpMethod.POST, "/mobile/user/confirmCode").putHeader("X-System-Info", "Android,14,Google,Pixel 8")
        .sendJsonObject(new JsonObject().put("userPhone", PHONE).put("smsCode", m.group(1))));
    assertThat(confirmed.statusCode()).as(TestNode.status(confirmed)).isEqualTo(200);
    return confirmed.bodyAsJsonObject().getJsonObject("data").getString("accessToken");
  }

  // ---- the faces' error formats

  private static void noServerError(HttpResponse<Buffer> r) {
    assertThat(r.statusCode()).as("a client mistake is never a 5xx: " + TestNode.status(r)).isLessThan(500);
    assertThat(r.getHeader("content-type")).as(TestNode.status(r)).startsWith("application/json");
    assertThat(r.bodyAsString()).as("no Java internals").doesNotContain("Exception").doesNotContain("at org.").doesNotContain("jackson");
  }

  private static void integrationError(HttpResponse<Buffer> r, int status, String message) {
    noServerError(r);
    JsonObject body = r.bodyAsJsonObject();
    assertThat(r.statusCode()).as(TestNode.status(r)).isEqualTo(status);
    assertThat(body.fieldNames()).containsExactlyInAnyOrder("status", "error", "message");
    assertThat(body.getInteger("status")).isEqualTo(status);
    assertThat(body.getString("error")).isNotBlank();
    assertThat(body.getString("message")).as(body.encode()).contains(message);
  }

  private static void mobileError(HttpResponse<Buffer> r, int status, String message) {
    noServerError(r);
    JsonObject body = r.bodyAsJsonObject();
    assertThat(r.statusCode()).as(TestNode.status(r)).isEqualTo(status);
    assertThat(body.getInteger("code")).isEqualTo(status);
    assertThat(body.getString("name")).isNotBlank();
    assertThat(body.getString("message")).as(body.encode()).contains(message);
  }

  private static JsonObject sipError(HttpResponse<Buffer> r, int status) {
    noServerError(r);
    assertThat(r.statusCode()).as(TestNode.status(r)).isEqualTo(status);
    JsonObject body = r.bodyAsJsonObject();
    assertThat(body.fieldNames()).containsExactly("error");
    return body;
  }

  private static void mxError(HttpResponse<Buffer> r, String message) {
    noServerError(r);
    assertThat(r.statusCode()).as(TestNode.status(r)).isEqualTo(400);
    assertThat(r.bodyAsJsonObject().getString("error")).as(r.bodyAsString()).contains(message);
  }

  private static long mxCommands(MxSimulator sim) {
    return sim.received().stream().filter(x -> x.login().equals(MxLiveSession.MX) && !x.name().isEmpty() && !x.name().equals("keepalive")).count();
  }

  // ---- the store

  private long count(String sql) throws Exception {
    return get(node.portier().store().pool().query(sql).execute()).iterator().next().getLong(0);
  }

  private String rows(String sql, Object arg) throws Exception {
    JsonArray out = new JsonArray();
    get(node.portier().store().pool().preparedQuery(sql).execute(Tuple.of(arg))).forEach(r -> out.add(r.getValue(0)));
    return out.encode();
  }

  private static <T> T get(Future<T> f) throws Exception {
    return f.toCompletionStage().toCompletableFuture().get(20, TimeUnit.SECONDS);
  }
}
