package org.portier.mobile;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.portier.testing.PushStandIn;
import org.portier.testing.TestNode;

/** address/getSettingsList, address/access (guests with expiry), address/resetCode and address/registerQR. */
class FlatSharingTest extends MobileTestBase {
  private static final String OWNER = "79001234567";
  private static final String GUEST = "79007654321";
  private static final String STRANGER = "79005550000";
  private static final ZoneId MOSCOW = ZoneId.of("Europe/Moscow");
  private static final DateTimeFormatter FORMAT = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");

  private final LinkedBlockingQueue<JsonObject> pushes = new LinkedBlockingQueue<>();
  private PushStandIn standIn;

  @BeforeEach
  void standIn() {
    standIn = PushStandIn.install(vertx, body -> {
      JsonArray ids = new JsonArray();
      for (int i = 0; i < body.getJsonArray("pushes").size(); i++) {
        pushes.add(body.getJsonArray("pushes").getJsonObject(i));
        ids.add(Integer.toString(1000 + i));
      }
      return Future.succeededFuture(new JsonObject().put("ids", ids));
    });
  }

  @AfterEach
  void closeStandIn() {
    standIn.close();
  }

  private static String in(long minutes) {
    return FORMAT.format(LocalDateTime.now(MOSCOW).plusMinutes(minutes));
  }

  private JsonArray settings(String token) throws Exception {
    HttpResponse<Buffer> r = post("address/getSettingsList", null, token);
    assertThat(r.statusCode()).as(TestNode.status(r)).isEqualTo(200);
    assertThat(r.bodyAsJsonObject().containsKey("data")).isTrue();
    return r.bodyAsJsonObject().getJsonArray("data");
  }

  @Test
  void settingsListHasOneEntryPerFlatWithRoommatesAndAnEmptyListWithoutFlats() throws Exception {
    String flatId = operatorFlat("Lenina 1", 100053, OWNER, "40374");
    await(node.create("/flats/" + flatId + "/subscribers", new JsonObject().put("phone", STRANGER).put("role", "resident")));
    String owner = login(OWNER);
    JsonArray list = settings(owner);
    assertThat(list).hasSize(1);
    JsonObject flat = list.getJsonObject(0);
    String houseId = rows("SELECT house_id FROM flats WHERE id = ?", Long.parseLong(flatId)).get(0).getValue(0).toString();
    assertThat(flat).isEqualTo(new JsonObject().put("address", "Lenina 1, кв. 11").put("houseId", houseId).put("flatId", flatId)
        .put("flatNumber", "11").put("doorCode", "40374").put("flatOwner", "t").put("hasGates", "f")
        .put("services", new JsonArray().add("domophone")).put("contractOwner", "f")
        .put("roommates", new JsonArray().add(new JsonObject().put("phone", STRANGER).put("expire", "3001-01-01 00:00:00").put("type", "inner")))
        .put("keys", new JsonArray()));
    // the resident sees the owner and is no owner
    JsonObject theirs = settings(login(STRANGER)).getJsonObject(0);
    assertThat(theirs.getString("flatOwner")).isEqualTo("f");
    assertThat(theirs.getJsonArray("roommates").getJsonObject(0).getString("type")).isEqualTo("owner");
    // no flats: 200 with an empty list (the iOS app fails on 204 here)
    HttpResponse<Buffer> none = post("address/getSettingsList", new JsonObject(), login(TEST_PHONE));
    assertThat(none.statusCode()).isEqualTo(200);
    assertThat(none.bodyAsJsonObject().getJsonArray("data")).isEmpty();
  }

  @Test
  void guestAccessWithExpiryIsSeenPushedAndEndsEverywhere() throws Exception {
    String flatId = operatorFlat("Lenina 1", 100053, OWNER, null);
    String owner = login(OWNER);
    String guest = login(GUEST);
    assertThat(post("user/registerPushToken", new JsonObject().put("platform", "android").put("pushToken", "guest-fcm-token-0123456789"), guest)
        .statusCode()).isEqualTo(204);
    String until = in(60);
    // iOS sends strings; Android sends the flat id as a number
    HttpResponse<Buffer> granted = post("address/access", new JsonObject().put("flatId", Long.parseLong(flatId)).put("guestPhone", "8" + GUEST.substring(1))
        .put("type", "outer").put("expire", until), owner);
    assertThat(granted.statusCode()).as(TestNode.status(granted)).isEqualTo(204);

    JsonObject push = pushes.poll(10, TimeUnit.SECONDS);
    assertThat(push).isNotNull();
    assertThat(push.getString("provider")).isEqualTo("fcm");
    assertThat(push.getString("token")).isEqualTo("guest-fcm-token-0123456789");
    assertThat(push.getString("pushType")).isEqualTo("alert");
    assertThat(push.getString("title")).isEqualTo("Новый адрес");
    assertThat(push.getString("body")).contains("Lenina 1, кв. 11");
    assertThat(push.getJsonObject("data")).isEqualTo(new JsonObject().put("action", "newAddress").put("badge", "0"));

    // the guest sees the address; the owner sees the guest with the expiry
    assertThat(post("address/getAddressList", null, guest).statusCode()).isEqualTo(200);
    JsonObject guestView = settings(guest).getJsonObject(0);
    assertThat(guestView.getString("flatOwner")).isEqualTo("f");
    assertThat(settings(owner).getJsonObject(0).getJsonArray("roommates"))
        .containsExactly(new JsonObject().put("phone", GUEST).put("expire", until).put("type", "outer"));
    assertThat(rows("SELECT role FROM flat_subscribers WHERE subscriber_id = (SELECT id FROM subscribers WHERE phone = ?)", GUEST)
        .get(0).getString(0)).isEqualTo("guest");

    // a door call rings the guest's phone while access lasts
    JsonObject call = startCall(flatId);
    assertThat(call.getJsonArray("legs")).hasSize(1);
    pushes.clear();

    // access ends
    sql("UPDATE flat_subscribers SET expires_at = ? WHERE role = 'guest'", System.currentTimeMillis() - 1);
    assertThat(post("address/getAddressList", null, guest).statusCode()).isEqualTo(204);
    assertThat(settings(guest)).isEmpty();
    assertThat(settings(owner).getJsonObject(0).getJsonArray("roommates")).isEmpty();
    assertEnvelope(post("address/intercom", new JsonObject().put("flatId", flatId), guest), 404, "не найдена среди ваших адресов");
    assertThat(startCall(flatId).getJsonArray("legs")).isEmpty();

    // granted again: back, with a new push
    assertThat(post("address/access", new JsonObject().put("flatId", flatId).put("guestPhone", GUEST).put("expire", in(30)), owner).statusCode()).isEqualTo(204);
    assertThat(pushes.poll(10, TimeUnit.SECONDS)).isNotNull();
    assertThat(settings(guest)).hasSize(1);
  }

  private JsonObject startCall(String flatId) throws Exception {
    HttpResponse<Buffer> r = await(node.integration(HttpMethod.POST, "/door-calls").sendJsonObject(new JsonObject().put("flatId", flatId)));
    assertThat(r.statusCode()).as(TestNode.status(r)).isEqualTo(201);
    return r.bodyAsJsonObject();
  }

  @Test
  void revokingFollowsTheOwnersRules() throws Exception {
    String flatId = operatorFlat("Lenina 1", 100053, OWNER, null);
    await(node.create("/flats/" + flatId + "/subscribers", new JsonObject().put("phone", STRANGER).put("role", "resident")));
    String owner = login(OWNER);
    String resident = login(STRANGER);
    String past = in(-10);
    // a resident may grant, but not remove others
    assertThat(post("address/access", new JsonObject().put("flatId", flatId).put("guestPhone", GUEST), resident).statusCode()).isEqualTo(204);
    long members = count("SELECT COUNT(*) FROM flat_subscribers");
    HttpResponse<Buffer> denied = post("address/access", new JsonObject().put("flatId", flatId).put("guestPhone", GUEST).put("expire", past), resident);
    assertThat(denied.statusCode()).isEqualTo(200);
    assertThat(denied.bodyAsJsonObject().getString("data")).isEqualTo("Нет прав для удаления");
    HttpResponse<Buffer> ownerNotRemovable = post("address/access", new JsonObject().put("flatId", flatId).put("guestPhone", OWNER).put("expire", past), resident);
    assertThat(ownerNotRemovable.bodyAsJsonObject().getString("data")).isEqualTo("Нет прав для удаления");
    assertThat(count("SELECT COUNT(*) FROM flat_subscribers")).isEqualTo(members);
    // the owner may remove the guest; anyone may remove themselves
    assertThat(post("address/access", new JsonObject().put("flatId", flatId).put("guestPhone", GUEST).put("expire", past), owner).statusCode()).isEqualTo(204);
    assertThat(post("address/access", new JsonObject().put("flatId", flatId).put("expire", past), resident).statusCode()).isEqualTo(204);
    assertThat(count("SELECT COUNT(*) FROM flat_subscribers")).isEqualTo(members - 2);
    assertThat(settings(owner).getJsonObject(0).getJsonArray("roommates")).isEmpty();
  }

  @Test
  void accessRefusesBadInputAndStrangersAndChangesNothing() throws Exception {
    String mine = operatorFlat("Lenina 1", 100053, OWNER, "12345");
    String theirs = operatorFlat("Lenina 2", 100099, STRANGER, "54321");
    String owner = login(OWNER);
    JsonObject before = dbSnapshot();
    long members = count("SELECT COUNT(*) FROM flat_subscribers");
    assertEnvelope(post("address/access", new JsonObject().put("flatId", theirs).put("guestPhone", GUEST), owner), 404, "не найдена среди ваших адресов");
    assertEnvelope(post("address/access", new JsonObject().put("flatId", theirs).put("guestPhone", STRANGER).put("expire", in(-5)), owner), 404, "не найдена");
    assertEnvelope(post("address/access", new JsonObject().put("flatId", 987654).put("guestPhone", GUEST), owner), 404, "не найдена");
    assertEnvelope(post("address/access", new JsonObject().put("guestPhone", GUEST), owner), 422, "flatId is required");
    assertEnvelope(post("address/access", new JsonObject().put("flatId", mine), owner), 422, "guestPhone is required");
    assertEnvelope(post("address/access", new JsonObject().put("flatId", mine).put("guestPhone", "123"), owner), 422, "guestPhone");
    assertEnvelope(post("address/access", new JsonObject().put("flatId", mine).put("guestPhone", 79007654321L), owner), 422, "guestPhone must be a string");
    assertEnvelope(post("address/access", new JsonObject().put("flatId", mine).put("guestPhone", GUEST).put("expire", "tomorrow"), owner), 422, "expire must be");
    assertEnvelope(post("address/access", new JsonObject().put("flatId", mine).put("guestPhone", GUEST).put("type", "family"), owner), 422, "type must be one of");
    assertEnvelope(post("address/access", new JsonObject().put("flatId", "x").put("guestPhone", GUEST), owner), 422, "flatId must be a whole number");
    assertEnvelope(post("address/access", new JsonObject().put("flatId", mine).put("guestPhone", GUEST).put("expire", in(-5)), owner), 404, "не найден среди жильцов");
    assertThat(count("SELECT COUNT(*) FROM flat_subscribers")).isEqualTo(members);
    assertThat(dbSnapshot()).isEqualTo(before);
    assertThat(pushes).isEmpty();
  }

  @Test
  void resetCodeDrawsAFiveDigitNumberForMembersOnly() throws Exception {
    String mine = operatorFlat("Lenina 1", 100053, OWNER, "12345");
    String theirs = operatorFlat("Lenina 2", 100099, STRANGER, "54321");
    String noCode = operatorFlat("Lenina 3", 100100, OWNER, null);
    String owner = login(OWNER);
    HttpResponse<Buffer> r = post("address/resetCode", new JsonObject().put("flatId", mine), owner);
    assertThat(r.statusCode()).isEqualTo(200);
    Object code = r.bodyAsJsonObject().getJsonObject("data").getValue("code");
    assertThat(code).isInstanceOf(Integer.class);
    assertThat((Integer) code).isBetween(11000, 99999).isNotEqualTo(12345);
    assertThat(rows("SELECT door_code FROM flats WHERE id = ?", Long.parseLong(mine)).get(0).getString(0)).isEqualTo(code.toString());
    JsonObject before = dbSnapshot();
    assertEnvelope(post("address/resetCode", new JsonObject().put("flatId", Long.parseLong(theirs)), owner), 404, "не найдена среди ваших адресов");
    assertEnvelope(post("address/resetCode", new JsonObject().put("flatId", noCode), owner), 405, "нет кода");
    assertEnvelope(post("address/resetCode", new JsonObject(), owner), 422, "flatId is required");
    assertEnvelope(post("address/resetCode", new JsonObject().put("flatId", true), owner), 422, "flatId must be a whole number");
    // a guest may not change the code
    assertThat(post("address/access", new JsonObject().put("flatId", mine).put("guestPhone", GUEST).put("expire", in(60)), owner).statusCode()).isEqualTo(204);
    before = dbSnapshot();
    assertEnvelope(post("address/resetCode", new JsonObject().put("flatId", mine), login(GUEST)), 403, "только владелец или жилец");
    assertThat(rows("SELECT door_code FROM flats WHERE id = ?", Long.parseLong(mine)).get(0).getString(0)).isEqualTo(code.toString());
  }

  @Test
  void registerQrJoinsTheFlatOfTheCode() throws Exception {
    String flatId = operatorFlat("Lenina 1", 100053, OWNER, "40374");
    String me = login(GUEST);
    assertThat(qr("https://example.org/qr/99999", me)).isEqualTo(FlatCodeRoutes.QR_BAD);
    assertThat(qr("garbage", me)).isEqualTo(FlatCodeRoutes.QR_BAD);
    assertThat(count("SELECT COUNT(*) FROM flat_subscribers")).isEqualTo(1);
    assertThat(qr("https://example.org/qr?code=40374", me)).isEqualTo("Адрес добавлен: Lenina 1, кв. 11");
    assertThat(rows("SELECT role FROM flat_subscribers WHERE flat_id = ? AND subscriber_id <> (SELECT id FROM subscribers WHERE phone = ?)",
        Long.parseLong(flatId), OWNER).get(0).getString(0)).isEqualTo("resident");
    assertThat(qr("https://example.org/qr/x_40374", me)).isEqualTo(FlatCodeRoutes.QR_ALREADY);
    assertThat(settings(me)).hasSize(1);
    JsonObject before = dbSnapshot();
    assertEnvelope(post("address/registerQR", new JsonObject().put("QR", ""), me), 404, "Пустой");
    assertEnvelope(post("address/registerQR", new JsonObject(), me), 422, "QR is required");
    assertEnvelope(post("address/registerQR", new JsonObject().put("QR", 40374), me), 422, "QR must be a string");
    assertThat(dbSnapshot()).isEqualTo(before);
  }

  private String qr(String code, String token) throws Exception {
    HttpResponse<Buffer> r = post("address/registerQR", new JsonObject().put("QR", code), token);
    assertThat(r.statusCode()).as(TestNode.status(r)).isEqualTo(200);
    return r.bodyAsJsonObject().getString("data");
  }
}
