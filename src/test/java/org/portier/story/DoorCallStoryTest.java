package org.portier.story;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.junit5.VertxExtension;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.portier.security.Secrets;
import org.portier.testing.FakeApns;
import org.portier.testing.FakeFcm;
import org.portier.testing.FakeSmsGateway;
import org.portier.testing.TestNode;

/**
 * The whole door-call story in one JVM, through the public faces only: an operator creates a
 * house, door, flat and subscribers; residents log in by OTP (a test number and a real SMS through
 * a fake gateway) and register an iOS VoIP token and an Android FCM token; a door call reaches
 * Pushy's MockApnsServer and a fake FCM; the SIP server resolves the one-time credentials until
 * the call ends or expires; dead tokens, 503s and a restart with unsent pushes are handled.
 */
@ExtendWith(VertxExtension.class)
class DoorCallStoryTest {
  static final List<String> SEED_FIELDS = List.of("server", "port", "transport", "extension", "pass", "dtmf", "stun", "stunTransport",
      "turn", "turnTransport", "turnUsername", "turnPassword", "image", "live", "timestamp", "ttl", "callerId", "platform", "flatId",
      "flatNumber", "baseUrl", "hash");
  static final String IOS_PHONE = "79990000001";
  static final String ANDROID_PHONE = "79001112233";
  static final String VOIP_TOKEN = "a1b2c3d4".repeat(8);
  static final String FCM_TOKEN = "fcm-token-android-0123456789:APA91b" + "x".repeat(40);
  static final String TURN_SECRET = "coturn-static-auth-secret-0123";
  static final byte[] JPEG = {(byte) 0xFF, (byte) 0xD8, (byte) 0xFF, (byte) 0xE0, 1, 2, 3, 4, (byte) 0xFF, (byte) 0xD9};
  private static final Pattern SMS_CODE = Pattern.compile("Code: (\\d{4})");

  private Vertx vertx;
  private TestNode node;
  private FakeApns apns;
  private FakeFcm fcm;
  private FakeSmsGateway sms;
  private HttpServer camera;
  private String flatId;

  private static <T> T get(Future<T> f) throws Exception {
    return f.toCompletionStage().toCompletableFuture().get(20, TimeUnit.SECONDS);
  }

  @BeforeEach
  void setUp(Vertx vertx) throws Exception {
    this.vertx = vertx;
    apns = FakeApns.start();
    fcm = get(FakeFcm.start(vertx));
    sms = get(new FakeSmsGateway().start(vertx));
    camera = get(vertx.createHttpServer().requestHandler(r -> r.response().putHeader("content-type", "image/jpeg").end(Buffer.buffer(JPEG)))
        .listen(0, "127.0.0.1"));
    node = TestNode.inTempDir();
    configure(node);
    get(node.start(vertx));
    operatorCreatesTheHouse();
  }

  private void configure(TestNode n) {
    FakeApns.configure(n, apns);
    FakeFcm.configure(n, fcm);
    n.set("otp.sms.url", "http://127.0.0.1:" + sms.port() + "/sms")
        .set("sip.stun", "stun:stun.portier.test:3478")
        .set("turn.uri", "turn:turn.portier.test:3478").set("turn.secret", TURN_SECRET)
        .set("doorcall.ttl", "30s")
        .set("push.retryBase", "50ms").set("push.retryMax", "200ms");
  }

  @AfterEach
  void tearDown() throws Exception {
    get(node.stop());
    apns.close();
    get(fcm.close());
    get(sms.stop());
    get(camera.close());
  }

  // --- the operator and the residents

  private void operatorCreatesTheHouse() throws Exception {
    String house = get(node.create("/houses", new JsonObject().put("address", "ул. Ленина, 1"))).getString("id");
    get(node.create("/houses/" + house + "/doors", new JsonObject().put("panelId", 100053).put("doorId", 0).put("name", "Подъезд 1")
        .put("icon", "entrance").put("dtmf", "1").put("snapshotUrl", "http://127.0.0.1:" + camera.actualPort() + "/shot.jpg")));
    flatId = get(node.create("/houses/" + house + "/flats", new JsonObject().put("number", "11"))).getString("id");
    get(node.create("/flats/" + flatId + "/subscribers", new JsonObject().put("phone", IOS_PHONE).put("role", "owner")));
    get(node.create("/flats/" + flatId + "/subscribers", new JsonObject().put("phone", ANDROID_PHONE).put("role", "resident")));
  }

  private HttpResponse<Buffer> mobile(String method, String token, String systemInfo, JsonObject body) throws Exception {
    var req = node.http(HttpMethod.POST, "/mobile/" + method).putHeader("X-System-Info", systemInfo).putHeader("Accept-Language", "ru");
    if (token != null) req.bearerTokenAuthentication(token);
    return get(req.sendJsonObject(body));
  }

  private String login(String phone, String systemInfo, boolean bySms) throws Exception {
    HttpResponse<Buffer> r = mobile("user/requestCode", null, systemInfo, new JsonObject().put("userPhone", phone));
    assertThat(r.statusCode()).as(TestNode.status(r)).isEqualTo(200);
    String code = "1234";
    if (bySms) {
      FakeSmsGateway.Received sent = sms.next();
      assertThat(sent.body()).contains(phone);
      Matcher m = SMS_CODE.matcher(sent.body());
      assertThat(m.find()).as(sent.body()).isTrue();
      code = m.group(1);
    }
    r = mobile("user/confirmCode", null, systemInfo, new JsonObject().put("userPhone", phone).put("smsCode", code));
    assertThat(r.statusCode()).as(TestNode.status(r)).isEqualTo(200);
    return r.bodyAsJsonObject().getJsonObject("data").getString("accessToken");
  }

  /** Both residents log in and register their tokens: iOS VoIP (sandbox) and Android FCM. */
  private void residentsRegister() throws Exception {
    String ios = login(IOS_PHONE, "iOS, 17.5, iPhone, iPhone15,2", false);
    HttpResponse<Buffer> r = mobile("user/registerPushToken", ios, "iOS, 17.5, iPhone, iPhone15,2", new JsonObject()
        .put("platform", "ios").put("voipToken", VOIP_TOKEN).put("pushToken", "ios-fcm-token-0123456789").put("production", "f"));
    assertThat(r.statusCode()).as(TestNode.status(r)).isEqualTo(204);
    String android = login(ANDROID_PHONE, "Android,14,Google,Pixel 8", true);
    r = mobile("user/registerPushToken", android, "Android,14,Google,Pixel 8",
        new JsonObject().put("platform", "android").put("pushToken", FCM_TOKEN).put("pushService", "fcm"));
    assertThat(r.statusCode()).as(TestNode.status(r)).isEqualTo(204);
    r = mobile("address/getAddressList", android, "Android,14,Google,Pixel 8", new JsonObject());
    assertThat(r.bodyAsJsonObject().getJsonArray("data").getJsonObject(0).getJsonArray("doors").getJsonObject(0).getString("domophoneId"))
        .isEqualTo("100053");
  }

  private JsonObject ring() throws Exception {
    HttpResponse<Buffer> r = get(node.integration(HttpMethod.POST, "/door-calls")
        .sendJsonObject(new JsonObject().put("panelId", 100053).put("flatNumber", "11").put("callerId", "Домофон, 11")));
    assertThat(r.statusCode()).as(TestNode.status(r)).isEqualTo(201);
    return r.bodyAsJsonObject();
  }

  private HttpResponse<Buffer> credentials(String extension) throws Exception {
    return get(node.http(HttpMethod.GET, "/sip/v1/credentials/" + extension).bearerTokenAuthentication(TestNode.SIP_KEY).send());
  }

  private JsonObject status(String callId) throws Exception {
    return get(node.integration(HttpMethod.GET, "/door-calls/" + callId).send()).bodyAsJsonObject();
  }

  private String extensionOf(JsonObject call, String platform) {
    return call.getJsonArray("legs").stream().map(JsonObject.class::cast).filter(l -> l.getString("platform").equals(platform))
        .findFirst().orElseThrow().getString("extension");
  }

  /** Polls the status page until the leg's push reaches {@code state} (the push actor works in the background). */
  private JsonObject awaitPush(String callId, String platform, String state) throws Exception {
    long deadline = System.currentTimeMillis() + 15_000;
    JsonObject leg = null;
    while (System.currentTimeMillis() < deadline) {
      leg = status(callId).getJsonArray("legs").stream().map(JsonObject.class::cast)
          .filter(l -> l.getString("platform").equals(platform)).findFirst().orElseThrow();
      if (state.equals(leg.getJsonObject("push").getString("state"))) return leg;
      Thread.sleep(50);
    }
    throw new AssertionError("push of the " + platform + " leg never became " + state + ": " + leg);
  }

  private static void assertSeedPayload(JsonObject data, String platform, String extension) {
    for (String f : SEED_FIELDS) {
      assertThat(data.getValue(f)).as("field " + f + " in " + data.encode()).isInstanceOf(String.class);
      assertThat(data.getString(f)).as("field " + f).isNotEmpty();
    }
    data.forEach(e -> assertThat(e.getValue()).as(e.getKey()).isInstanceOf(String.class));
    assertThat(data.getString("platform")).isEqualTo(platform);
    assertThat(data.getString("extension")).isEqualTo(extension);
    assertThat(data.getString("hash")).matches("[0-9a-f]{32}").isEqualTo(data.getString("pass"));
    assertThat(data.getString("baseUrl")).endsWith("/mobile/");
    assertThat(data.getString("image")).isEqualTo(data.getString("baseUrl") + "call/camshot/" + data.getString("hash"));
    assertThat(data.getString("live")).isEqualTo(data.getString("baseUrl") + "call/live/" + data.getString("hash"));
    assertThat(data.getString("server")).isEqualTo("sip.portier.test");
    assertThat(data.getString("transport")).isEqualTo("tcp");
    assertThat(data.getString("dtmf")).isEqualTo("1");
    assertThat(data.getString("callerId")).isEqualTo("Домофон, 11");
    assertThat(data.getString("flatNumber")).isEqualTo("11");
    assertThat(data.getString("ttl")).isEqualTo("30");
    // TURN REST: <expiry>:<extension>, base64 HMAC-SHA1 with the shared secret
    String user = data.getString("turnUsername");
    assertThat(user).matches("\\d{10}:" + extension);
    assertThat(data.getString("turnPassword")).isEqualTo(hmac(user));
  }

  static String hmac(String user) {
    try {
      javax.crypto.Mac mac = javax.crypto.Mac.getInstance("HmacSHA1");
      mac.init(new javax.crypto.spec.SecretKeySpec(TURN_SECRET.getBytes(java.nio.charset.StandardCharsets.UTF_8), "HmacSHA1"));
      return java.util.Base64.getEncoder().encodeToString(mac.doFinal(user.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  // --- the story

  @Test
  void pressingFlat11RingsEveryPhoneOfTheFlat() throws Exception {
    residentsRegister();
    JsonObject call = ring();
    assertThat(call.getJsonArray("legs")).hasSize(2);
    String iosExt = extensionOf(call, "ios");
    String androidExt = extensionOf(call, "android");
    assertThat(iosExt).isNotEqualTo(androidExt);
    long expiresAt = Instant.parse(call.getString("expiresAt")).getEpochSecond();

    // APNs: a VoIP push to the sandbox-registered token, on the bundle's VoIP topic
    FakeApns.Notification n = apns.await(1);
    assertThat(n.token()).isEqualTo(VOIP_TOKEN);
    assertThat(n.pushType()).isEqualTo("voip");
    assertThat(n.topic()).isEqualTo(FakeApns.VOIP_TOPIC);
    assertThat(n.priority()).isEqualTo(10);
    assertThat(n.expiration()).isBetween(expiresAt - 2, expiresAt + 2);
    assertThat(n.payload().containsKey("aps")).isFalse();
    JsonObject iosData = n.payload().getJsonObject("data");
    assertSeedPayload(iosData, "ios", iosExt);

    // FCM: data-only, high priority, TTL = call TTL
    FakeFcm.Request f = fcm.await(1);
    assertThat(f.token()).isEqualTo(FCM_TOKEN);
    assertThat(f.message().containsKey("notification")).isFalse();
    assertThat(f.android().getString("priority")).isEqualToIgnoringCase("high");
    assertThat(f.android().getString("ttl")).matches("(29|30)(\\.\\d+)?s");
    JsonObject androidData = f.data();
    assertSeedPayload(androidData, "android", androidExt);
    assertThat(androidData.getString("pass")).isNotEqualTo(iosData.getString("pass"));

    // the SIP server resolves each leg's credentials; ha1 = md5(extension:realm:password)
    HttpResponse<Buffer> c = credentials(iosExt);
    assertThat(c.statusCode()).isEqualTo(200);
    assertThat(c.bodyAsJsonObject().getString("password")).isEqualTo(iosData.getString("pass"));
    assertThat(c.bodyAsJsonObject().getString("ha1")).isEqualTo(Secrets.md5Hex(iosExt + ":portier:" + iosData.getString("pass")));
    assertThat(credentials(androidExt).bodyAsJsonObject().getString("password")).isEqualTo(androidData.getString("pass"));

    // the snapshot links work without auth while the call lives
    HttpResponse<Buffer> image = get(node.http(HttpMethod.GET, "/mobile/call/camshot/" + iosData.getString("hash")).send());
    assertThat(image.statusCode()).isEqualTo(200);
    assertThat(image.body().getBytes()).isEqualTo(JPEG);

    // the operator sees both pushes accepted and the fetched credentials
    awaitPush(call.getString("callId"), "ios", "accepted");
    JsonObject leg = awaitPush(call.getString("callId"), "android", "accepted");
    JsonObject st = status(call.getString("callId"));
    assertThat(st.getString("state")).isIn("pushed", "registered");
    assertThat(st.getJsonArray("legs").stream().map(JsonObject.class::cast).allMatch(l -> l.getBoolean("credentialsFetched"))).isTrue();
    assertThat(leg.getJsonObject("push").getInteger("attempts")).isEqualTo(1);

    // DELETE ends the call: the credentials and the links vanish at once
    assertThat(get(node.integration(HttpMethod.DELETE, "/door-calls/" + call.getString("callId")).send()).statusCode()).isEqualTo(204);
    assertThat(credentials(iosExt).statusCode()).isEqualTo(404);
    assertThat(credentials(androidExt).statusCode()).isEqualTo(404);
    assertThat(get(node.http(HttpMethod.GET, "/mobile/call/camshot/" + iosData.getString("hash")).send()).statusCode()).isEqualTo(404);
    assertThat(status(call.getString("callId")).getString("state")).isEqualTo("ended");
  }

  @Test
  void credentialsVanishAfterTheirTtl() throws Exception {
    node.set("doorcall.ttl", "2s").writeConfig();
    assertThat(get(node.admin(HttpMethod.POST, "/admin/reload").send()).statusCode()).isEqualTo(200);
    residentsRegister();
    JsonObject call = ring();
    String ext = extensionOf(call, "ios");
    assertThat(credentials(ext).statusCode()).isEqualTo(200);
    long deadline = System.currentTimeMillis() + 10_000;
    while (credentials(ext).statusCode() == 200 && System.currentTimeMillis() < deadline) Thread.sleep(100);
    assertThat(credentials(ext).statusCode()).isEqualTo(404);
    assertThat(Instant.now()).isAfterOrEqualTo(Instant.parse(call.getString("expiresAt")).minusMillis(200));
    assertThat(status(call.getString("callId")).getString("state")).isEqualTo("expired");
  }

  @Test
  void aRejectedTokenIsMarkedDeadAndNotUsedByTheNextCall() throws Exception {
    residentsRegister();
    apns.always(VOIP_TOKEN, FakeApns.Reply.unregistered());
    fcm.always(FCM_TOKEN, FakeFcm.Reply.unregistered());
    JsonObject first = ring();
    JsonObject iosLeg = awaitPush(first.getString("callId"), "ios", "rejected");
    assertThat(iosLeg.getJsonObject("push").getString("reason")).isNotBlank();
    awaitPush(first.getString("callId"), "android", "rejected");
    int apnsBefore = apns.count();
    int fcmBefore = fcm.count();

    // the dead tokens are not used again: Android (FCM token dead) is skipped, and the iPhone, whose
    // VoIP token died, is reached through its live FCM push token instead (iOS without VoIP → FCM)
    JsonObject second = ring();
    assertThat(second.getJsonArray("legs")).hasSize(1);
    assertThat(second.getJsonArray("legs").getJsonObject(0).getString("platform")).isEqualTo("ios");
    assertThat(second.getJsonArray("skipped").encode()).contains("push token is dead");
    FakeFcm.Request iosViaFcm = fcm.await(fcmBefore + 1);
    assertThat(iosViaFcm.token()).isEqualTo("ios-fcm-token-0123456789");
    assertThat(iosViaFcm.data().getString("platform")).isEqualTo("ios");
    assertThat(apns.count()).isEqualTo(apnsBefore);
    assertThat(fcm.receivedFor(FCM_TOKEN)).hasSize(1);
    fcmBefore = fcm.count();

    // registering a fresh token brings the phone back
    String android = login(ANDROID_PHONE, "Android,14,Google,Pixel 8", true);
    String fresh = "fcm-token-android-fresh-0123456789:APA91b" + "y".repeat(40);
    mobile("user/registerPushToken", android, "Android,14,Google,Pixel 8",
        new JsonObject().put("platform", "android").put("pushToken", fresh).put("pushService", "fcm"));
    JsonObject third = ring();
    assertThat(third.getJsonArray("legs")).hasSize(2);
    fcm.await(fcmBefore + 2);
    assertThat(fcm.receivedFor(fresh)).hasSize(1);
  }

  @Test
  void aPushThatFailedWith503IsRetried() throws Exception {
    residentsRegister();
    fcm.reply(FCM_TOKEN, FakeFcm.Reply.unavailable(), FakeFcm.Reply.unavailable());
    apns.failThenAccept(VOIP_TOKEN, 1, com.eatthepath.pushy.apns.server.RejectionReason.SERVICE_UNAVAILABLE);
    JsonObject call = ring();
    JsonObject android = awaitPush(call.getString("callId"), "android", "accepted");
    assertThat(android.getJsonObject("push").getInteger("attempts")).isEqualTo(3);
    assertThat(fcm.receivedFor(FCM_TOKEN)).hasSize(3);
    JsonObject ios = awaitPush(call.getString("callId"), "ios", "accepted");
    assertThat(ios.getJsonObject("push").getInteger("attempts")).isEqualTo(2);
    assertThat(apns.receivedFor(VOIP_TOKEN)).hasSize(2);
  }

  @Test
  void aRestartSendsTheOutboxRowsThatWereNotSent() throws Exception {
    residentsRegister();
    // both providers unreachable: the call's pushes stay in the outbox, retrying
    int dead = TestNode.freePort();
    FakeApns.configure(node, dead);
    node.set("push.fcm.endpoint", "http://127.0.0.1:" + dead).set("push.retryBase", "2s").set("push.retryMax", "2s").writeConfig();
    assertThat(get(node.admin(HttpMethod.POST, "/admin/reload").send()).statusCode()).isEqualTo(200);
    JsonObject call = ring();
    get(node.stop());
    assertThat(apns.count()).isZero();
    assertThat(fcm.count()).isZero();

    // a new node on the same data directory, with the providers back
    TestNode again = new TestNode(node.dir);
    configure(again);
    node = again;
    get(node.start(vertx));
    FakeApns.Notification n = apns.await(1);
    FakeFcm.Request f = fcm.await(1);
    assertThat(n.payload().getJsonObject("data").getString("extension")).isEqualTo(extensionOf(call, "ios"));
    assertThat(f.data().getString("extension")).isEqualTo(extensionOf(call, "android"));
    awaitPush(call.getString("callId"), "ios", "accepted");
    awaitPush(call.getString("callId"), "android", "accepted");
    // and the credentials of that call still resolve after the restart
    assertThat(credentials(extensionOf(call, "ios")).statusCode()).isEqualTo(200);
  }
}
