package org.portier.mobile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.portier.mobile.ConformanceShapes.envelope;
import static org.portier.mobile.ConformanceShapes.shape;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.portier.testing.TestNode;

/**
 * Walks every method the SmartYard Android (A) or iOS (I) app calls (contract §4) with the
 * request shapes each app sends: Android with ids as JSON numbers and methods without parameters
 * as a POST with no body and no Content-Type; iOS with ids as strings and {} as the empty body.
 * Checks the status, the envelope and the JSON type of every field the contract lists.
 */
class ConformanceTest extends MobileTestBase {
  static final String PHONE = "79001234567";
  static final String ROOMMATE = "79005550000";
  static final String IOS = "iOS, 17.5, iPhone, iPhone15,2";
  static final String CONFIRM = "+74950000000";

  static final String NAMES = "{\"name\":\"str\",\"patronymic\":\"str\",\"last\":\"str\"}";
  static final String LOGIN = "{\"accessToken\":\"str\",\"names\":" + NAMES + "}";
  static final String ADDRESS_LIST = "[{\"houseId\":\"numstr\",\"address\":\"str\",\"doors\":[{\"domophoneId\":\"numstr\",\"doorId\":\"int\","
      + "\"icon\":\"str\",\"name\":\"str\",\"doorCode\":\"str?\",\"blocked\":\"str?\"}],\"cctv\":\"int\",\"hasPlog\":\"tf?\"}]";
  static final String SETTINGS_LIST = "[{\"address\":\"str\",\"houseId\":\"numstr\",\"flatId\":\"numstr\",\"flatNumber\":\"str\",\"doorCode\":\"str?\","
      + "\"flatOwner\":\"tf\",\"hasGates\":\"tf\",\"hasPlog\":\"tf?\",\"services\":[\"str\"],\"contractOwner\":\"tf\","
      + "\"roommates\":[{\"phone\":\"str\",\"expire\":\"str\",\"type\":\"str\"}],\"keys\":[{\"keyId\":\"str\"}]}]";
  static final String INTERCOM = "{\"allowDoorCode\":\"tf\",\"doorCode\":\"str?\",\"CMS\":\"tf\",\"VoIP\":\"tf\",\"autoOpen\":\"str\",\"whiteRabbit\":\"str\","
      + "\"disablePlog\":\"tf?\",\"hiddenPlog\":\"tf?\",\"FRSDisabled\":\"tf?\",\"LPRSDisabled\":\"tf?\"}";
  static final String OPTIONS = "{\"cityCams\":\"tf\",\"payments\":\"tf\",\"chat\":\"tf\",\"supportPhone\":\"str?\",\"paymentsUrl\":\"str?\","
      + "\"chatUrl\":\"str?\",\"timeZone\":\"str?\",\"guestAccess\":\"str?\",\"version\":\"int\",\"cctvView\":\"str?\",\"entrancesView\":\"str\","
      + "\"activeTab\":\"str?\",\"issuesVersion\":\"str?\",\"validationNamePattern\":\"str?\",\"validationPatronymicPattern\":\"str?\","
      + "\"validationLastPattern\":\"str?\",\"addressVerificationTabLayoutVisible\":\"tf\",\"addressVerificationTab1Visible\":\"tf\","
      + "\"addressVerificationTab2Visible\":\"tf\",\"eventsTracking\":\"tf\",\"stories\":\"tf\",\"faceGroups\":\"tf\",\"faceClustering\":\"tf\"}";
  static final String HELP_ME = "{\"server\":\"str\",\"port\":\"int\",\"transport\":\"str\",\"extension\":\"str\",\"pass\":\"str\",\"dial\":\"str\",\"stun\":\"str?\"}";

  /** One method called by one app: its body (null = no body at all), the expected status and data shape (null = no data). */
  record Call(String method, JsonObject body, int status, String shape) {}

  @Override
  protected void configure(TestNode node) {
    node.set("otp.confirmationNumbers", new JsonArray().add(CONFIRM))
        .set("mobile.helpMe.server", "sip.portier.test").set("mobile.helpMe.port", 5060).set("mobile.helpMe.extension", "9999")
        .set("mobile.helpMe.pass", "support-secret").set("mobile.helpMe.dial", "429999").set("mobile.helpMe.stun", "stun:stun.portier.test:3478")
        .set("mobile.options.supportPhone", "+74950000001").set("mobile.options.issuesVersion", "2");
  }

  private String flatId;

  private String fixture() throws Exception {
    flatId = operatorFlat("Lenina 1", 100053, PHONE, "40374");
    await(node.create("/flats/" + flatId + "/subscribers", new JsonObject().put("phone", ROOMMATE).put("role", "resident")));
    return flatId;
  }

  private static JsonObject o() {
    return new JsonObject();
  }

  private void walk(String app, String token, List<Call> calls) throws Exception {
    for (Call c : calls) {
      String what = app + " " + c.method();
      Object data = envelope(what, post(c.method(), c.body(), token), c.status());
      if (c.shape() == null) {
        assertThat(data).as(what + ": no data").isNull();
      } else {
        assertThat(data).as(what + ": data present").isNotNull();
        shape(what, data, c.shape());
      }
    }
  }

  @Test
  void androidShapes() throws Exception {
    fixture();
    String token = login(PHONE);
    long flat = Long.parseLong(flatId);
    walk("android", token, calls(null, o().put("flatId", flat), o().put("flatId", flat).put("settings", o().put("VoIP", "t").put("whiteRabbit", 5)),
        o().put("houseId", 0), o().put("cameraId", 1), o().put("locationId", 1), o().put("streetId", 1), o().put("houseId", 1)));
  }

  @Test
  void iosShapes() throws Exception {
    fixture();
    String token = login(PHONE, IOS);
    walk("ios", token, calls(o(), o().put("flatId", flatId), o().put("flatId", flatId).put("settings", o().put("VoIP", "t").put("whiteRabbit", "5")),
        o().put("houseId", "0"), o().put("cameraId", "1"), o().put("locationId", "1"), o().put("streetId", "1"), o().put("houseId", "1")));
  }

  /** The read-only and "not served" methods, with the app's empty body, flat, settings, house and camera requests. */
  private static List<Call> calls(JsonObject empty, JsonObject flat, JsonObject settings, JsonObject house, JsonObject camera,
      JsonObject location, JsonObject street, JsonObject geoHouse) {
    return List.of(
        new Call("user/phonePattern", empty, 200, "\"str\""),
        new Call("user/ping", empty, 204, null),
        new Call("user/appVersion", o().put("version", "164").put("platform", "android"), 204, null),
        new Call("user/notification", empty, 200, "{\"money\":\"tf\",\"enable\":\"tf\"}"),
        new Call("user/notification", o().put("money", "f").put("enable", "t"), 200, "{\"money\":\"tf\",\"enable\":\"tf\"}"),
        new Call("user/sendName", o().put("name", "Иван").put("patronymic", "Петрович"), 204, null),
        new Call("user/getName", empty, 200, NAMES),
        new Call("user/pushTokens", empty, 200, "{\"pushToken\":\"str\",\"voipToken\":\"str\"}"),
        new Call("user/getPaymentsList", empty, 204, null),
        new Call("user/restore", o().put("contract", "12345"), 404, null),
        new Call("user/addMyPhone", o().put("login", "12345").put("password", "secret"), 404, null),
        new Call("address/getAddressList", empty, 200, ADDRESS_LIST),
        new Call("address/getSettingsList", empty, 200, SETTINGS_LIST),
        new Call("address/intercom", flat, 200, INTERCOM),
        new Call("address/intercom", settings, 200, INTERCOM),
        new Call("address/registerQR", o().put("QR", "https://example.org/qr/99999"), 200, "\"str\""),
        new Call("address/resend", flat.copy().put("guestPhone", ROOMMATE), 204, null),
        new Call("address/offices", empty, 200, "[{\"lat\":\"int\",\"lon\":\"int\",\"address\":\"str\",\"opening\":\"str\"}]"),
        new Call("address/plogDays", flat, 204, null),
        new Call("address/plog", flat.copy().put("day", "2026-11-22"), 204, null),
        new Call("address/getStories", empty, 204, null),
        new Call("cctv/all", house, 204, null),
        new Call("cctv/allTree", house, 204, null),
        new Call("cctv/camMap", empty, 204, null),
        new Call("cctv/overview", empty, 204, null),
        new Call("cctv/ranges", camera, 200, "[{\"stream\":\"str\"}]"),
        new Call("cctv/recPrepare", o().put("id", 1).put("from", "2026-11-22 10:00:00").put("to", "2026-11-22 10:05:00"), 404, null),
        new Call("cctv/recDownload", o().put("id", 1), 204, null),
        new Call("cctv/youtube", empty, 204, null),
        new Call("sip/helpMe", empty, 200, HELP_ME),
        new Call("frs/listFaces", flat, 204, null),
        new Call("frs/like", o().put("event", "uuid").put("comment", "я"), 404, null),
        new Call("frs/disLike", o().put("event", "uuid"), 404, null),
        new Call("geo/getAllLocations", empty, 200, "[{\"locationId\":\"str\"}]"),
        new Call("geo/getStreets", location, 200, "[{\"streetId\":\"str\"}]"),
        new Call("geo/getHouses", street, 200, "[{\"houseId\":\"str\"}]"),
        new Call("geo/getServices", geoHouse, 204, null),
        new Call("geo/address", geoHouse, 404, null),
        new Call("geo/coder", o().put("address", "Ленина 1"), 200, "{\"lat\":\"str\",\"lon\":\"str\",\"address\":\"str\"}"),
        new Call("issues/create", o().put("issue", o().put("summary", "x")), 417, null),
        new Call("issues/createV2", o().put("type", "requestCallback"), 417, null),
        new Call("issues/listConnect", empty, 204, null),
        new Call("issues/listConnectV2", empty, 204, null),
        new Call("issues/action", o().put("key", "K-1").put("action", "close"), 417, null),
        new Call("issues/actionV2", o().put("key", "K-1").put("action", "close"), 417, null),
        new Call("issues/comment", o().put("key", "K-1").put("comment", "x"), 417, null),
        new Call("issues/commentV2", o().put("key", "K-1").put("comment", "x"), 417, null),
        new Call("pay/prepare", o().put("clientId", "1").put("amount", "100"), 404, null),
        new Call("pay/process", o().put("paymentId", "1").put("sbId", "2"), 404, null),
        new Call("pay/register", o().put("orderNumber", "1").put("amount", 100), 404, null),
        new Call("ext/options", empty, 200, OPTIONS),
        new Call("ext/list", empty, 204, null),
        new Call("ext/ext", o().put("extId", "1"), 404, null));
  }

  @Test
  void loginMethodsInBothShapes() throws Exception {
    Map<String, String> android = Map.of("Accept-Language", "ru", "X-System-Info", ANDROID);
    Map<String, String> ios = Map.of("Accept-Language", "ru", "X-System-Info", IOS);
    envelope("phonePattern without a token", post("user/phonePattern", null), 200);
    for (Map<String, String> app : List.of(android, ios)) {
      String what = app.get("X-System-Info");
      shape(what, envelope(what + " requestCode", post("user/requestCode", phoneBody(TEST_PHONE), null, app), 200),
          "{\"method\":\"str\",\"confirmationNumbers?\":[\"str\"]}");
      shape(what, envelope(what + " confirmCode", post("user/confirmCode", codeBody(TEST_PHONE, TEST_CODE), null, app), 200), LOGIN);
      envelope(what + " checkPhone before the call", post("user/checkPhone", phoneBody(PHONE), null, app), 401);
    }
    assertThat(await(node.integration(HttpMethod.POST, "/verification-calls")
        .sendJsonObject(o().put("from", PHONE).put("to", CONFIRM))).statusCode()).isEqualTo(201);
    shape("checkPhone", envelope("checkPhone after the call", post("user/checkPhone", phoneBody(PHONE), null, ios), 200), LOGIN);
  }

  @Test
  void writingMethodsInBothShapes() throws Exception {
    fixture();
    String android = login(PHONE);
    String ios = login(PHONE, IOS);
    envelope("android registerPushToken", post("user/registerPushToken", o().put("pushToken", "android-fcm-token-0123456789")
        .put("platform", "android").put("pushService", "fcm"), android), 204);
    envelope("ios registerPushToken", post("user/registerPushToken", o().put("pushToken", "ios-fcm-token-0123456789")
        .put("voipToken", "ios-voip-token-0123456789").put("production", "f").put("platform", "ios").put("type", "2")
        .put("clientId", "1"), ios), 204);
    shape("android resetCode", envelope("android resetCode", post("address/resetCode", o().put("flatId", Long.parseLong(flatId)), android), 200),
        "{\"code\":\"int\"}");
    shape("ios resetCode", envelope("ios resetCode", post("address/resetCode", o().put("flatId", flatId), ios), 200), "{\"code\":\"int\"}");
    String later = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss").format(LocalDateTime.now(ZoneId.of("Europe/Moscow")).plusDays(1));
    String past = "2000-01-01 00:00:00";
    envelope("android access", post("address/access", o().put("flatId", Long.parseLong(flatId)).put("guestPhone", "79007654321")
        .put("type", "outer").put("expire", later), android), 204);
    envelope("ios access", post("address/access", o().put("flatId", flatId).put("guestPhone", "79007654322").put("type", "inner")
        .put("expire", later).put("clientId", "1"), ios), 204);
    envelope("ios access removal", post("address/access", o().put("flatId", flatId).put("guestPhone", "79007654322").put("expire", past), ios), 204);
    shape("settings", envelope("settings with a guest", post("address/getSettingsList", o(), ios), 200), SETTINGS_LIST);
    envelope("ios deleteAccount", post("user/deleteAccount", o(), ios), 204);
    envelope("android after deleteAccount", post("user/ping", null, android), 401);
  }

  @Test
  void unauthenticatedGetLinksAnswerWithTheEnvelope() throws Exception {
    for (String path : List.of("/mobile/call/camshot/0123456789abcdef0123456789abcdef", "/mobile/call/live/0123456789abcdef0123456789abcdef",
        "/mobile/address/plogCamshot/2f1c0c4e-0000-4000-8000-000000000000", "/mobile/cctv/download/2f1c0c4e-0000-4000-8000-000000000000")) {
      envelope(path, await(node.http(HttpMethod.GET, path).send()), 404);
    }
  }

  @Test
  void openDoorInBothShapes() throws Exception {
    fixture();
    org.portier.testing.FakePanel panel = await(new org.portier.testing.FakePanel().start(vertx));
    try {
      String houseId = await(node.integration(HttpMethod.GET, "/flats/" + flatId).send()).bodyAsJsonObject().getString("houseId");
      String doorId = await(node.integration(HttpMethod.GET, "/houses/" + houseId + "/doors").send()).bodyAsJsonArray()
          .getJsonObject(0).getString("id");
      var patched = await(node.integration(HttpMethod.PATCH, "/houses/" + houseId + "/doors/" + doorId)
          .sendJsonObject(o().put("openUrl", panel.url() + "/open?output={doorId}")));
      assertThat(patched.statusCode()).as(TestNode.status(patched)).isEqualTo(200);
      String android = login(PHONE);
      String ios = login(PHONE, IOS);
      envelope("android openDoor", post("address/openDoor", o().put("domophoneId", 100053).put("doorId", 0), android), 204);
      assertThat(panel.next().query().get("output")).isEqualTo("0");
      envelope("ios openDoor", post("address/openDoor", o().put("domophoneId", "100053"), ios), 204);
      assertThat(panel.next().path()).isEqualTo("/open");
      envelope("openDoor of a stranger's door", post("address/openDoor", o().put("domophoneId", 999999), ios), 404);
      assertThat(panel.isIdle()).isTrue();
    } finally {
      await(panel.stop());
    }
  }

  /** The inbox methods (package org.portier.inbox). */
  @Test
  void inboxInBothShapes() throws Exception {
    String android = login(PHONE);
    String ios = login(PHONE, IOS);
    for (String token : List.of(android, ios)) {
      Object body = token.equals(android) ? null : o();
      shape("inbox", envelope("inbox/inbox", post("inbox/inbox", body, token), 200), "{\"basePath\":\"str\",\"code\":\"str\"}");
      shape("unreaded", envelope("inbox/unreaded", post("inbox/unreaded", body, token), 200), "{\"count\":\"int\",\"chat\":\"int\"}");
    }
    envelope("ios inbox/delivered", post("inbox/delivered", o().put("messageId", "1"), ios), 404);
    envelope("ios inbox/chatReaded", post("inbox/chatReaded", o(), ios), 204);
    envelope("android inbox/readed", post("inbox/readed", null, android), 204);
  }
}
