package org.portier.mobile;

import org.portier.testing.FakeSmsGateway;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpRequest;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.extension.ExtendWith;
import org.portier.testing.TestNode;

/**
 * A Portier node whose SMS gateway is a {@link FakeSmsGateway}, plus helpers to call the mobile
 * face the way the apps do and to look into the database. Test methods run on the JUnit thread,
 * so they may wait for futures.
 */
@ExtendWith(VertxExtension.class)
abstract class MobileTestBase {
  static final String TEST_PHONE = "79990000001";
  static final String TEST_CODE = "1234";
  static final String SMS_KEY = "sms-gateway-key-42";
  static final String ANDROID = "Android,14,Google,Pixel 8";
  private static final Pattern CODE_IN_SMS = Pattern.compile("Code: (\\d{4})");

  protected TestNode node;
  protected FakeSmsGateway sms;
  protected Vertx vertx;

  @BeforeEach
  void startNode(Vertx vertx, VertxTestContext tc) {
    this.vertx = vertx;
    sms = new FakeSmsGateway();
    sms.start(vertx).compose(g -> {
      node = TestNode.inTempDir();
      node.set("otp.sms.url", "http://127.0.0.1:" + g.port() + "/send?to={phone}&tag=a%20b")
          .set("otp.sms.body", "{\"phone\":\"{phone}\",\"text\":\"Code: {code}\"}")
          .set("otp.sms.headers", new JsonObject().put("X-Api-Key", SMS_KEY))
          .set("otp.sms.timeout", "1s");
      // Tests log the same phone in many times from 127.0.0.1; RateLimitTest turns the limits on.
      for (String k : List.of("requestCodePerPhone", "requestCodePerIp", "confirmCodePerPhone", "confirmCodePerIp",
          "checkPhonePerPhone", "checkPhonePerIp", "registerQrPerSubscriber")) {
        node.set("mobile.limits." + k, "");
      }
      configure(node);
      return node.start(vertx);
    }).onComplete(tc.succeedingThenComplete());
  }

  /** Per-class config changes before the node starts. */
  protected void configure(TestNode node) {}

  @AfterEach
  void stopNode(VertxTestContext tc) {
    Future<Void> n = node == null ? Future.succeededFuture() : node.stop();
    n.eventually(() -> sms.stop()).onComplete(tc.succeedingThenComplete());
  }

  static <T> T await(Future<T> f) throws Exception {
    return f.toCompletionStage().toCompletableFuture().get(15, TimeUnit.SECONDS);
  }

  // --- calling the face

  /** POST module/method with a JSON object, raw bytes (sent as application/json) or no body at all (null). */
  HttpResponse<Buffer> post(String method, Object body) throws Exception {
    return post(method, body, null, Map.of());
  }

  HttpResponse<Buffer> post(String method, Object body, String token) throws Exception {
    return post(method, body, token, Map.of());
  }

  HttpResponse<Buffer> post(String method, Object body, String token, Map<String, String> headers) throws Exception {
    HttpRequest<Buffer> req = node.http(HttpMethod.POST, "/mobile/" + method);
    if (token != null) req.putHeader("Authorization", "Bearer " + token);
    headers.forEach(req::putHeader);
    if (body == null) return await(req.send());
    if (body instanceof Buffer b) return await(req.putHeader("Content-Type", "application/json").sendBuffer(b));
    return await(req.sendJsonObject((JsonObject) body));
  }

  static JsonObject phoneBody(String phone) {
    return new JsonObject().put("userPhone", phone);
  }

  static JsonObject codeBody(String phone, String code) {
    return new JsonObject().put("userPhone", phone).put("smsCode", code);
  }

  /** Logs in as the apps do (requestCode, then confirmCode with the code the SMS carried); returns the token. */
  String login(String phone) throws Exception {
    return login(phone, ANDROID);
  }

  String login(String phone, String systemInfo) throws Exception {
    Map<String, String> headers = Map.of("Accept-Language", "ru", "X-System-Info", systemInfo);
    HttpResponse<Buffer> asked = post("user/requestCode", phoneBody(phone), null, headers);
    assertThat(asked.statusCode()).as(TestNode.status(asked)).isEqualTo(200);
    String code = TEST_PHONE.equals(phone) ? TEST_CODE : codeFrom(sms.next());
    HttpResponse<Buffer> confirmed = post("user/confirmCode", codeBody(phone, code), null, headers);
    assertThat(confirmed.statusCode()).as(TestNode.status(confirmed)).isEqualTo(200);
    return confirmed.bodyAsJsonObject().getJsonObject("data").getString("accessToken");
  }

  static String codeFrom(FakeSmsGateway.Received sms) {
    Matcher m = CODE_IN_SMS.matcher(new JsonObject(sms.body()).getString("text"));
    assertThat(m.matches()).as(sms.body()).isTrue();
    return m.group(1);
  }

  /** Asserts the envelope of an error: HTTP status = code, name and a message containing {@code text}. */
  static JsonObject assertEnvelope(HttpResponse<Buffer> r, int code, String text) {
    assertThat(r.statusCode()).as(TestNode.status(r)).isEqualTo(code);
    assertThat(r.getHeader("content-type")).startsWith("application/json");
    JsonObject body = r.bodyAsJsonObject();
    assertThat(body.getInteger("code")).isEqualTo(code);
    assertThat(body.getString("name")).isNotBlank();
    assertThat(body.getString("message")).as(body.encode()).contains(text);
    return body;
  }

  // --- operator data and the database

  /** A house with one door (panel 100053, output 0) and flat 11 whose subscriber is {@code phone}; returns the flat id. */
  String operatorFlat(String address, long panelId, String phone, String doorCode) throws Exception {
    String house = await(node.create("/houses", new JsonObject().put("address", address))).getString("id");
    await(node.create("/houses/" + house + "/doors", new JsonObject().put("panelId", panelId).put("doorId", 0)
        .put("name", "Подъезд 1").put("icon", "entrance")));
    JsonObject flat = new JsonObject().put("number", "11");
    if (doorCode != null) flat.put("doorCode", doorCode);
    String flatId = await(node.create("/houses/" + house + "/flats", flat)).getString("id");
    await(node.create("/flats/" + flatId + "/subscribers", new JsonObject().put("phone", phone).put("role", "owner")));
    return flatId;
  }

  List<Row> rows(String sql, Object... args) throws Exception {
    Tuple t = Tuple.tuple();
    for (Object a : args) t.addValue(a);
    List<Row> out = new ArrayList<>();
    await(node.portier().store().pool().preparedQuery(sql).execute(t)).forEach(out::add);
    return out;
  }

  long count(String sql, Object... args) throws Exception {
    return rows(sql, args).get(0).getLong(0);
  }

  void sql(String sql, Object... args) throws Exception {
    rows(sql, args);
  }

  /** Everything the mobile face may write, as one JSON snapshot to compare before and after. */
  JsonObject dbSnapshot() throws Exception {
    JsonObject snap = new JsonObject();
    for (String q : List.of("SELECT * FROM subscribers ORDER BY id", "SELECT * FROM devices ORDER BY id",
        "SELECT * FROM otp_challenges ORDER BY phone", "SELECT * FROM flats ORDER BY id",
        "SELECT * FROM device_flat_settings ORDER BY device_id, flat_id")) {
      JsonArray a = new JsonArray();
      for (Row r : rows(q)) a.add(r.toJson());
      snap.put(q, a);
    }
    return snap;
  }
}
