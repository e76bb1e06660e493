package org.portier.inbox;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpRequest;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.junit5.VertxExtension;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.extension.ExtendWith;
import org.portier.testing.FakeApns;
import org.portier.testing.FakeFcm;
import org.portier.testing.FakeSmsGateway;
import org.portier.testing.TestNode;

/**
 * A node with the real push path (FakeApns for APNs, FakeFcm for FCM, a fake SMS gateway for
 * logins) and an operator's house: flat 11 with an iOS resident (the test number) and an Android
 * resident (logs in by SMS). Helpers call the faces as the apps and the operator do.
 */
@ExtendWith(VertxExtension.class)
abstract class InboxTestBase {
  static final String IOS_PHONE = "79990000001";
  static final String ANDROID_PHONE = "79001112233";
  static final String IOS_INFO = "iOS, 17.5, iPhone, iPhone15,2";
  static final String ANDROID_INFO = "Android,14,Google,Pixel 8";
  static final String VOIP_TOKEN = "a1b2c3d4".repeat(8);
  static final String IOS_FCM_TOKEN = "ios-fcm-token-0123456789:APA91b" + "i".repeat(40);
  static final String ANDROID_FCM_TOKEN = "fcm-token-android-0123456789:APA91b" + "x".repeat(40);
  private static final Pattern SMS_CODE = Pattern.compile("Code: (\\d{4})");

  protected Vertx vertx;
  protected TestNode node;
  protected FakeApns apns;
  protected FakeFcm fcm;
  protected FakeSmsGateway sms;
  protected String houseId;
  protected String flatId;

  static <T> T get(Future<T> f) throws Exception {
    return f.toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
  }

  @BeforeEach
  void startNode(Vertx vertx) throws Exception {
    this.vertx = vertx;
    apns = FakeApns.start();
    fcm = get(FakeFcm.start(vertx));
    sms = get(new FakeSmsGateway().start(vertx));
    node = TestNode.inTempDir();
    configure(node);
    get(node.start(vertx));
    houseId = get(node.create("/houses", new JsonObject().put("address", "ул. Ленина, 1"))).getString("id");
    flatId = get(node.create("/houses/" + houseId + "/flats", new JsonObject().put("number", "11"))).getString("id");
    get(node.create("/flats/" + flatId + "/subscribers", new JsonObject().put("phone", IOS_PHONE).put("role", "owner")));
    get(node.create("/flats/" + flatId + "/subscribers", new JsonObject().put("phone", ANDROID_PHONE).put("role", "resident")));
  }

  protected void configure(TestNode n) {
    FakeApns.configure(n, apns);
    FakeFcm.configure(n, fcm);
    n.set("otp.sms.url", "http://127.0.0.1:" + sms.port() + "/sms").set("push.retryBase", "50ms").set("push.retryMax", "200ms");
  }

  @AfterEach
  void stopNode() throws Exception {
    get(node.stop());
    apns.close();
    get(fcm.close());
    get(sms.stop());
  }

  // --- the residents

  HttpResponse<Buffer> mobile(String method, String token, Object body) throws Exception {
    HttpRequest<Buffer> req = node.http(HttpMethod.POST, "/mobile/" + method).putHeader("Accept-Language", "ru");
    if (token != null) req.bearerTokenAuthentication(token);
    if (body == null) return get(req.send());
    if (body instanceof Buffer b) return get(req.putHeader("Content-Type", "application/json").sendBuffer(b));
    return get(req.sendJsonObject((JsonObject) body));
  }

  String login(String phone, String systemInfo) throws Exception {
    var req = node.http(HttpMethod.POST, "/mobile/user/requestCode").putHeader("X-System-Info", systemInfo).putHeader("Accept-Language", "ru");
    HttpResponse<Buffer> r = get(req.sendJsonObject(new JsonObject().put("userPhone", phone)));
    assertThat(r.statusCode()).as(TestNode.status(r)).isEqualTo(200);
    String code = "1234";
    if (!IOS_PHONE.equals(phone)) {
      Matcher m = SMS_CODE.matcher(sms.next().body());
      assertThat(m.find()).isTrue();
      code = m.group(1);
    }
    r = get(node.http(HttpMethod.POST, "/mobile/user/confirmCode").putHeader("X-System-Info", systemInfo).putHeader("Accept-Language", "ru")
        .sendJsonObject(new JsonObject().put("userPhone", phone).put("smsCode", code)));
    assertThat(r.statusCode()).as(TestNode.status(r)).isEqualTo(200);
    return r.bodyAsJsonObject().getJsonObject("data").getString("accessToken");
  }

  /** The iOS resident: VoIP token for calls, FCM push token for texts (as the iOS app registers them). */
  String iosResident() throws Exception {
    String token = login(IOS_PHONE, IOS_INFO);
    HttpResponse<Buffer> r = mobile("user/registerPushToken", token, new JsonObject().put("platform", "ios").put("voipToken", VOIP_TOKEN)
        .put("pushToken", IOS_FCM_TOKEN).put("production", "f"));
    assertThat(r.statusCode()).as(TestNode.status(r)).isEqualTo(204);
    return token;
  }

  String androidResident() throws Exception {
    String token = login(ANDROID_PHONE, ANDROID_INFO);
    HttpResponse<Buffer> r = mobile("user/registerPushToken", token,
        new JsonObject().put("platform", "android").put("pushToken", ANDROID_FCM_TOKEN).put("pushService", "fcm"));
    assertThat(r.statusCode()).as(TestNode.status(r)).isEqualTo(204);
    return token;
  }

  // --- the operator

  HttpResponse<Buffer> send(JsonObject body) throws Exception {
    return get(node.integration(HttpMethod.POST, "/messages").sendJsonObject(body));
  }

  JsonObject sendOk(JsonObject body) throws Exception {
    HttpResponse<Buffer> r = send(body);
    assertThat(r.statusCode()).as(TestNode.status(r)).isIn(201, 202);
    return r.bodyAsJsonObject();
  }

  static JsonObject text(String recipientField, Object recipient, String title) {
    return new JsonObject().put(recipientField, recipient).put("title", title).put("body", "Текст: " + title);
  }

  JsonObject message(String id) throws Exception {
    HttpResponse<Buffer> r = get(node.integration(HttpMethod.GET, "/messages/" + id).send());
    assertThat(r.statusCode()).as(TestNode.status(r)).isEqualTo(200);
    return r.bodyAsJsonObject();
  }

  JsonObject broadcast(String id) throws Exception {
    HttpResponse<Buffer> r = get(node.integration(HttpMethod.GET, "/messages/broadcasts/" + id).send());
    assertThat(r.statusCode()).as(TestNode.status(r)).isEqualTo(200);
    return r.bodyAsJsonObject();
  }

  /** Polls until the condition holds (the fan-out and push actors work in the background). */
  <T> T until(ThrowingSupplier<T> what, Predicate<T> done, String description) throws Exception {
    long deadline = System.currentTimeMillis() + 30_000;
    T last = null;
    while (System.currentTimeMillis() < deadline) {
      last = what.get();
      if (done.test(last)) return last;
      Thread.sleep(20);
    }
    throw new AssertionError(description + " never happened; last: " + last);
  }

  interface ThrowingSupplier<T> {
    T get() throws Exception;
  }

  /** FCM requests for a token, once {@code n} have arrived. */
  List<FakeFcm.Request> fcmFor(String token, int n) throws Exception {
    return until(() -> fcm.receivedFor(token), l -> l.size() >= n, n + " FCM pushes to " + token.substring(0, 12));
  }

  // --- the database

  List<Row> rows(String sql, Object... args) throws Exception {
    Tuple t = Tuple.tuple();
    for (Object a : args) t.addValue(a);
    List<Row> out = new ArrayList<>();
    get(node.portier().store().pool().preparedQuery(sql).execute(t)).forEach(out::add);
    return out;
  }

  long count(String sql, Object... args) throws Exception {
    return rows(sql, args).get(0).getLong(0);
  }
}
