package org.portier.door;

import static org.assertj.core.api.Assertions.assertThat;
import static org.portier.door.DoorFixture.assertEnvelope;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.junit5.VertxExtension;
import java.util.Base64;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.portier.testing.FakePanel;
import org.portier.testing.TestNode;

/** address/openDoor: the templated request reaches the panel; strangers, missing doors and panel failures get 404; every try is journaled. */
@ExtendWith(VertxExtension.class)
class OpenDoorTest {
  private static final String BASIC = "Basic " + Base64.getEncoder().encodeToString("admin:panel-secret-42".getBytes());
  private DoorFixture fx;
  private String houseA;
  private String flatA;
  private String houseB;

  private void start(Vertx vertx, TestNode node) throws Exception {
    fx = new DoorFixture(node).start(vertx);
    houseA = fx.house("Lenina 1");
    fx.door(houseA, new JsonObject().put("panelId", 100053).put("doorId", 0).put("name", "Подъезд")
        .put("openUrl", fx.panel.url() + "/cgi-bin/open?panel={panelId}&door={doorId}&flat={flatNumber}&who={subscriberPhone}")
        .put("openMethod", "POST").put("openContentType", "application/json")
        .put("openBody", "{\"output\": {doorId}, \"flat\": \"{flatNumber}\", \"phone\": \"{subscriberPhone}\"}")
        .put("openHeaders", new JsonObject().put("Authorization", BASIC).put("X-Panel", "beward")));
    flatA = fx.flat(houseA, "12А");
    fx.subscriber(flatA, DoorFixture.PHONES.get(0));
    houseB = fx.house("Mira 2");
    fx.door(houseB, new JsonObject().put("panelId", 200077).put("doorId", 0).put("name", "Калитка")
        .put("openUrl", fx.panel.url() + "/b/open"));
    fx.subscriber(fx.flat(houseB, "5"), DoorFixture.PHONES.get(1));
  }

  @AfterEach
  void tearDown() throws Exception {
    if (fx != null) DoorFixture.await(fx.stop());
  }

  private JsonArray journal(String houseId) throws Exception {
    HttpResponse<Buffer> r = fx.integration(HttpMethod.GET, "/houses/" + houseId + "/openings", null);
    assertThat(r.statusCode()).as(TestNode.status(r)).isEqualTo(200);
    return r.bodyAsJsonArray();
  }

  @Test
  void aResidentOpensTheDoorWithTheTemplatedRequest(Vertx vertx) throws Exception {
    start(vertx, TestNode.inTempDir());
    String token = fx.login(DoorFixture.PHONES.get(0));

    // iOS sends the ids as strings
    HttpResponse<Buffer> r = fx.openDoor(token, "100053", "0");
    assertThat(r.statusCode()).as(TestNode.status(r)).isEqualTo(204);
    assertThat(r.body()).isNull();
    FakePanel.Received got = fx.panel.next();
    assertThat(got.method()).isEqualTo("POST");
    assertThat(got.path()).isEqualTo("/cgi-bin/open");
    assertThat(got.query().get("panel")).isEqualTo("100053");
    assertThat(got.query().get("door")).isEqualTo("0");
    assertThat(got.query().get("flat")).isEqualTo("12А");
    assertThat(got.query().get("who")).isEqualTo(DoorFixture.PHONES.get(0));
    assertThat(got.headers().get("Authorization")).isEqualTo(BASIC);
    assertThat(got.headers().get("X-Panel")).isEqualTo("beward");
    assertThat(got.headers().get("Content-Type")).isEqualTo("application/json");
    assertThat(new JsonObject(got.body())).isEqualTo(new JsonObject().put("output", 0).put("flat", "12А").put("phone", DoorFixture.PHONES.get(0)));

    // Android sends numbers and may leave doorId out (default 0)
    assertThat(fx.mobile("address/openDoor", new JsonObject().put("domophoneId", 100053), token).statusCode()).isEqualTo(204);
    assertThat(fx.panel.next().path()).isEqualTo("/cgi-bin/open");

    JsonArray journal = journal(houseA);
    assertThat(journal).hasSize(2);
    JsonObject newest = journal.getJsonObject(0);
    assertThat(newest.getString("result")).isEqualTo("ok");
    assertThat(newest.getString("via")).isEqualTo("app");
    assertThat(newest.getString("panelId")).isEqualTo("100053");
    assertThat(newest.getInteger("doorId")).isEqualTo(0);
    assertThat(newest.getString("flatId")).isEqualTo(flatA);
    assertThat(newest.getLong("latencyMs")).isNotNull().isGreaterThanOrEqualTo(0);
    assertThat(newest.containsKey("reason")).isFalse();
    long device = fx.rows("SELECT id FROM devices").get(0).getLong(0);
    assertThat(newest.getString("deviceId")).isEqualTo(Long.toString(device));
    assertThat(Long.parseLong(journal.getJsonObject(0).getString("id"))).isGreaterThan(Long.parseLong(journal.getJsonObject(1).getString("id")));
    assertThat(journal(houseB)).isEmpty();
  }

  @Test
  void strangersAndMissingDoorsAreRefusedAndThePanelHearsNothing(Vertx vertx) throws Exception {
    start(vertx, TestNode.inTempDir());
    String residentOfB = fx.login(DoorFixture.PHONES.get(1));
    String nobody = fx.login(DoorFixture.PHONES.get(2));
    String residentOfA = fx.login(DoorFixture.PHONES.get(0));

    assertEnvelope(fx.openDoor(residentOfB, 100053, 0), 404, "не относится к вашим адресам");
    assertEnvelope(fx.openDoor(nobody, 100053, 0), 404, "не относится к вашим адресам");
    // a door that does not exist gets the same words (nothing tells which panels exist)
    assertEnvelope(fx.openDoor(residentOfA, 999999, 0), 404, "не относится к вашим адресам");
    assertEnvelope(fx.openDoor(residentOfA, 100053, 3), 404, "не относится к вашим адресам");
    // a resident of A cannot open B's door either
    assertEnvelope(fx.openDoor(residentOfA, 200077, 0), 404, "не относится к вашим адресам");
    assertThat(fx.panel.isIdle()).isTrue();

    JsonArray journalA = journal(houseA);
    assertThat(journalA).hasSize(2);
    journalA.forEach(o -> {
      JsonObject row = (JsonObject) o;
      assertThat(row.getString("result")).isEqualTo("refused");
      assertThat(row.getString("reason")).contains("not a resident");
      assertThat(row.containsKey("flatId")).isFalse();
    });
    assertThat(journal(houseB)).hasSize(1);
  }

  @Test
  void aBlockedFlatCannotOpenUntilTheBlockIsLifted(Vertx vertx) throws Exception {
    start(vertx, TestNode.inTempDir());
    String token = fx.login(DoorFixture.PHONES.get(0));
    HttpResponse<Buffer> blocked = fx.integration(HttpMethod.PATCH, "/flats/" + flatA, new JsonObject().put("blocked", "Неоплата"));
    assertThat(blocked.statusCode()).as(TestNode.status(blocked)).isEqualTo(200);
    assertThat(blocked.bodyAsJsonObject().getString("blocked")).isEqualTo("Неоплата");
    assertThat(fx.integration(HttpMethod.GET, "/flats/" + flatA, null).bodyAsJsonObject().getString("blocked")).isEqualTo("Неоплата");

    assertEnvelope(fx.openDoor(token, 100053, 0), 404, "квартира заблокирована. Неоплата");
    assertThat(fx.panel.isIdle()).isTrue();
    JsonObject row = journal(houseA).getJsonObject(0);
    assertThat(row.getString("result")).isEqualTo("refused");
    assertThat(row.getString("reason")).isEqualTo("flat blocked: Неоплата");
    assertThat(row.getString("flatId")).isEqualTo(flatA);

    // a second, unblocked flat in the same house is enough
    String second = fx.flat(houseA, "14");
    fx.subscriber(second, DoorFixture.PHONES.get(0));
    assertThat(fx.openDoor(token, 100053, 0).statusCode()).isEqualTo(204);
    assertThat(fx.panel.next().query().get("flat")).isEqualTo("14");

    HttpResponse<Buffer> lifted = fx.integration(HttpMethod.PATCH, "/flats/" + flatA, new JsonObject().putNull("blocked"));
    assertThat(lifted.statusCode()).isEqualTo(200);
    assertThat(lifted.bodyAsJsonObject().getValue("blocked")).isNull();
    assertThat(fx.openDoor(token, 100053, 0).statusCode()).isEqualTo(204);
    assertThat(fx.panel.next().query().get("flat")).isEqualTo("12А");
  }

  @Test
  void panelFailuresAre404WithTheMessageAndAFailedJournalRow(Vertx vertx) throws Exception {
    start(vertx, TestNode.inTempDir());
    String token = fx.login(DoorFixture.PHONES.get(0));

    fx.panel.status = 500;
    assertEnvelope(fx.openDoor(token, 100053, 0), 404, "Домофон недоступен");
    fx.panel.next();

    // a slow panel, with a short per-door timeout
    fx.panel.status = 200;
    fx.panel.delayMs = 3000;
    String doorRow = fx.rows("SELECT id FROM doors WHERE panel_id = 100053").get(0).getLong(0).toString();
    HttpResponse<Buffer> patched = fx.integration(HttpMethod.PATCH, "/houses/" + houseA + "/doors/" + doorRow,
        new JsonObject().put("openTimeout", "200ms"));
    assertThat(patched.statusCode()).as(TestNode.status(patched)).isEqualTo(200);
    long t0 = System.nanoTime();
    assertEnvelope(fx.openDoor(token, 100053, 0), 404, "Домофон недоступен");
    assertThat((System.nanoTime() - t0) / 1_000_000).isLessThan(2500);
    fx.panel.next();
    fx.panel.delayMs = 0;

    // nobody listens on the panel's port
    int dead = TestNode.freePort();
    assertThat(fx.integration(HttpMethod.PATCH, "/houses/" + houseA + "/doors/" + doorRow,
        new JsonObject().put("openUrl", "http://127.0.0.1:" + dead + "/open")).statusCode()).isEqualTo(200);
    assertEnvelope(fx.openDoor(token, 100053, 0), 404, "Домофон недоступен");

    // no open action at all
    assertThat(fx.integration(HttpMethod.PATCH, "/houses/" + houseA + "/doors/" + doorRow,
        new JsonObject().putNull("openUrl")).statusCode()).isEqualTo(200);
    assertEnvelope(fx.openDoor(token, 100053, 0), 404, "не настроено");
    assertThat(fx.panel.isIdle()).isTrue();

    JsonArray journal = journal(houseA);
    assertThat(journal).hasSize(4);
    assertThat(journal.getJsonObject(0).getString("reason")).isEqualTo("no open action configured");
    assertThat(journal.getJsonObject(1).getString("reason")).contains("cannot connect");
    assertThat(journal.getJsonObject(2).getString("reason")).isEqualTo("the panel did not answer within 200ms");
    assertThat(journal.getJsonObject(3).getString("reason")).isEqualTo("the panel answered HTTP 500");
    journal.forEach(o -> assertThat(((JsonObject) o).getString("result")).isEqualTo("failed"));
    // paging: newest first, offset skips
    HttpResponse<Buffer> page = fx.integration(HttpMethod.GET, "/houses/" + houseA + "/openings?limit=2&offset=1", null);
    assertThat(page.bodyAsJsonArray()).containsExactly(journal.getValue(1), journal.getValue(2));
  }

  @Test
  void opensPerDeviceAreLimited(Vertx vertx) throws Exception {
    TestNode node = TestNode.inTempDir();
    node.set("door.opensPerMinute", 2);
    start(vertx, node);
    String token = fx.login(DoorFixture.PHONES.get(0));
    String other = fx.login(DoorFixture.PHONES.get(3));
    fx.subscriber(flatA, DoorFixture.PHONES.get(3));
    assertThat(fx.openDoor(token, 100053, 0).statusCode()).isEqualTo(204);
    assertThat(fx.openDoor(token, 100053, 0).statusCode()).isEqualTo(204);
    HttpResponse<Buffer> limited = fx.openDoor(token, 100053, 0);
    assertEnvelope(limited, 429, "Слишком много");
    assertThat(Integer.parseInt(limited.getHeader("Retry-After"))).isBetween(1, 60);
    // another device is not affected
    assertThat(fx.openDoor(other, 100053, 0).statusCode()).isEqualTo(204);
    fx.panel.next();
    fx.panel.next();
    fx.panel.next();
    assertThat(fx.panel.isIdle()).isTrue();
    assertThat(journal(houseA)).hasSize(3);
  }

  @Test
  void badInputIsRefusedWithTheEnvelopeAndNothingIsSent(Vertx vertx) throws Exception {
    start(vertx, TestNode.inTempDir());
    String token = fx.login(DoorFixture.PHONES.get(0));
    Object[][] cases = {
        {new JsonObject(), 422, "domophoneId is required"},
        {new JsonObject().putNull("domophoneId"), 422, "domophoneId is required"},
        {new JsonObject().put("domophoneId", "abc"), 422, "domophoneId must be a whole number"},
        {new JsonObject().put("domophoneId", true), 422, "domophoneId must be a whole number"},
        {new JsonObject().put("domophoneId", 1.5), 422, "domophoneId must be a whole number"},
        {new JsonObject().put("domophoneId", 0), 422, "domophoneId must be between"},
        {new JsonObject().put("domophoneId", 100053).put("doorId", "x"), 422, "doorId must be a whole number"},
        {new JsonObject().put("domophoneId", 100053).put("doorId", 256), 422, "doorId must be between 0 and 255"},
        {new JsonObject().put("domophoneId", 100053).put("doorId", -1), 422, "doorId must be between 0 and 255"},
        {new JsonObject().put("domophoneId", new JsonArray()), 422, "domophoneId must be a whole number"},
    };
    for (Object[] c : cases) {
      assertEnvelope(fx.mobile("address/openDoor", (JsonObject) c[0], token), (int) c[1], (String) c[2]);
    }
    assertEnvelope(fx.mobileRaw("address/openDoor", Buffer.buffer("[1]"), token), 400, "JSON object");
    assertEnvelope(fx.mobileRaw("address/openDoor", Buffer.buffer("{\"domophoneId\":"), token), 400, "not valid JSON");
    assertEnvelope(fx.mobileRaw("address/openDoor", Buffer.buffer(new byte[] {'{', '"', 'x', '"', ':', '"', (byte) 0xC3, (byte) 0x28, '"', '}'}),
        token), 400, "UTF-8");
    assertEnvelope(fx.mobileRaw("address/openDoor", Buffer.buffer("{\"domophoneId\": 100053, \"pad\": \"" + "x".repeat(70_000) + "\"}"),
        token), 413, "too large");
    // Android's empty body is {}: the id is still required
    assertEnvelope(fx.mobileRaw("address/openDoor", Buffer.buffer(), token), 422, "domophoneId is required");
    assertEnvelope(fx.mobile("address/openDoor", new JsonObject().put("domophoneId", 100053), null), 403, "Authorization");
    assertEnvelope(fx.mobile("address/openDoor", new JsonObject().put("domophoneId", 100053), "not-a-token"), 401, "");
    assertThat(fx.panel.isIdle()).isTrue();
    assertThat(fx.count("SELECT COUNT(*) FROM door_openings")).isZero();
  }
}
