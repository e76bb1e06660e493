package org.portier.mobile;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import java.time.LocalDateTime;
import java.time.ZoneId;
import org.junit.jupiter.api.Test;

/** address/getAddressList and address/intercom against operator data made through the integration face. */
class AddressTest extends MobileTestBase {
  private static final String PHONE = "79001234567";

  @Test
  void addressListHasTheExactTypesTheAppsDecode() throws Exception {
    String flatId = operatorFlat("Lenina 1", 100053, PHONE, "40374");
    String house = rows("SELECT house_id FROM flats WHERE id = ?", Long.parseLong(flatId)).get(0).getValue(0).toString();
    await(node.create("/houses/" + house + "/doors", new JsonObject().put("panelId", 100053).put("doorId", 1)
        .put("name", "Калитка").put("icon", "wicket")));
    await(node.create("/houses/" + house + "/doors", new JsonObject().put("panelId", 100054).put("doorId", 0)
        .put("name", "Ворота").put("icon", "gate")));
    String token = login(PHONE);

    HttpResponse<Buffer> r = post("address/getAddressList", null, token);
    assertThat(r.statusCode()).as(r.bodyAsString()).isEqualTo(200);
    JsonObject env = r.bodyAsJsonObject();
    assertThat(env.getString("name")).isNotBlank();
    assertThat(env.getString("message")).isNotBlank();
    JsonArray houses = env.getJsonArray("data");
    assertThat(houses).hasSize(1);
    JsonObject h = houses.getJsonObject(0);
    assertThat(h.getValue("houseId")).isEqualTo(house);
    assertThat(h.getValue("address")).isEqualTo("Lenina 1");
    assertThat(h.getValue("cctv")).isEqualTo(0);
    JsonArray doors = h.getJsonArray("doors");
    assertThat(doors).hasSize(3);
    JsonObject first = doors.getJsonObject(0);
    assertThat(first.getValue("domophoneId")).isEqualTo("100053");
    assertThat(first.getValue("doorId")).isEqualTo(0);
    assertThat(first.getValue("icon")).isEqualTo("entrance");
    assertThat(first.getValue("name")).isEqualTo("Подъезд 1");
    assertThat(first.getValue("doorCode")).isEqualTo("40374");
    // doors in icon order: entrance, wicket, gate
    assertThat(doors.getJsonObject(1).getValue("icon")).isEqualTo("wicket");
    assertThat(doors.getJsonObject(1).getValue("doorId")).isEqualTo(1);
    assertThat(doors.getJsonObject(2).getValue("domophoneId")).isEqualTo("100054");
    // Cyrillic is sent as is, not \\u-escaped
    assertThat(r.bodyAsString()).contains("Подъезд 1");
  }

  @Test
  void noFlatsIs204() throws Exception {
    operatorFlat("Lenina 1", 100053, PHONE, null);
    String token = login(TEST_PHONE);
    HttpResponse<Buffer> r = post("address/getAddressList", new JsonObject(), token);
    assertThat(r.statusCode()).isEqualTo(204);
    assertThat(r.body() == null || r.body().length() == 0).isTrue();
  }

  @Test
  void intercomReadsAndStoresFlatAndDeviceSettings() throws Exception {
    String flatId = operatorFlat("Lenina 1", 100053, PHONE, null);
    String phone1 = login(PHONE, "Android,14,Google,Pixel 8");
    String phone2 = login(PHONE, "iOS, 17.5, iPhone, iPhone15,2");

    // reading: flatId as a number (Android); defaults
    JsonObject read = data(post("address/intercom", new JsonObject().put("flatId", Long.parseLong(flatId)), phone1));
    assertThat(read).isEqualTo(new JsonObject().put("allowDoorCode", "t").put("CMS", "t").put("VoIP", "t")
        .put("autoOpen", "1970-01-01 03:00:00").put("whiteRabbit", "0"));

    // VoIP off for phone 1 only; flatId as a string (iOS); whiteRabbit as a string
    JsonObject changed = data(post("address/intercom", new JsonObject().put("flatId", flatId).put("settings", new JsonObject()
        .put("VoIP", "f").put("CMS", "f").put("whiteRabbit", "5").put("autoOpen", "2026-12-31 23:59:00").put("paperBill", "t")), phone1));
    assertThat(changed.getString("VoIP")).isEqualTo("f");
    assertThat(changed.getString("CMS")).isEqualTo("f");
    assertThat(changed.getString("whiteRabbit")).isEqualTo("5");
    assertThat(changed.getString("autoOpen")).isEqualTo("2026-12-31 23:59:00");
    assertThat(data(post("address/intercom", new JsonObject().put("flatId", flatId), phone2)).getString("VoIP")).isEqualTo("t");

    long flat = Long.parseLong(flatId);
    var f = rows("SELECT cms_enabled, auto_open, white_rabbit FROM flats WHERE id = ?", flat).get(0);
    assertThat(f.getBoolean(0)).isFalse();
    assertThat(f.getLong(1)).isEqualTo(LocalDateTime.of(2026, 12, 31, 23, 59).atZone(ZoneId.of("Europe/Moscow")).toInstant().toEpochMilli());
    assertThat(f.getInteger(2)).isEqualTo(5);
    assertThat(count("SELECT COUNT(*) FROM device_flat_settings WHERE flat_id = ? AND voip_enabled = FALSE", flat)).isEqualTo(1);

    // switching back updates the same row; Android's int whiteRabbit; values outside the set become 0
    JsonObject back = data(post("address/intercom", new JsonObject().put("flatId", flat).put("settings", new JsonObject()
        .put("VoIP", "t").put("whiteRabbit", 4)), phone1));
    assertThat(back.getString("VoIP")).isEqualTo("t");
    assertThat(back.getString("whiteRabbit")).isEqualTo("0");
    assertThat(count("SELECT COUNT(*) FROM device_flat_settings")).isEqualTo(1);
    assertThat(data(post("address/intercom", new JsonObject().put("flatId", flat).put("settings", new JsonObject()
        .put("whiteRabbit", 10)), phone1)).getString("whiteRabbit")).isEqualTo("10");

    // the device-wide VoIP switch wins over the flat's
    sql("UPDATE devices SET voip_enabled = FALSE");
    assertThat(data(post("address/intercom", new JsonObject().put("flatId", flat), phone1)).getString("VoIP")).isEqualTo("f");
  }

  @Test
  void intercomOfSomeoneElsesFlatIs404AndBadSettingsAre422() throws Exception {
    String mine = operatorFlat("Lenina 1", 100053, PHONE, "12345");
    String theirs = operatorFlat("Lenina 2", 100099, "79005550000", null);
    String token = login(PHONE);
    JsonObject before = dbSnapshot();
    assertEnvelope(post("address/intercom", new JsonObject().put("flatId", theirs).put("settings", new JsonObject().put("CMS", "f")), token),
        404, "не найдена среди ваших адресов");
    assertEnvelope(post("address/intercom", new JsonObject().put("flatId", 987654), token), 404, "не найдена");
    assertEnvelope(post("address/intercom", new JsonObject().put("flatId", mine).put("settings", new JsonObject()
        .put("CMS", "f").put("autoOpen", "31.12.2026 23:59")), token), 422, "autoOpen must be a date and time");
    assertEnvelope(post("address/intercom", new JsonObject().put("flatId", mine).put("settings", new JsonObject()
        .put("autoOpen", "2026-02-30 10:00:00")), token), 422, "autoOpen");
    assertEnvelope(post("address/intercom", new JsonObject().put("flatId", mine).put("settings", new JsonObject()
        .put("VoIP", "yes")), token), 422, "VoIP must be \"t\" or \"f\"");
    assertEnvelope(post("address/intercom", new JsonObject().put("flatId", mine).put("settings", new JsonObject()
        .put("whiteRabbit", true)), token), 422, "whiteRabbit must be a number of minutes");
    assertEnvelope(post("address/intercom", new JsonObject().put("flatId", mine).put("settings", "CMS=f"), token), 422, "settings must be an object");
    assertEnvelope(post("address/intercom", new JsonObject().put("flatId", "eleven"), token), 422, "flatId must be a whole number");
    assertEnvelope(post("address/intercom", new JsonObject(), token), 422, "flatId is required");
    assertThat(dbSnapshot()).isEqualTo(before);
    // doorCode of my flat is shown
    assertThat(data(post("address/intercom", new JsonObject().put("flatId", mine), token)).getString("doorCode")).isEqualTo("12345");
  }

  private static JsonObject data(HttpResponse<Buffer> r) {
    assertThat(r.statusCode()).as(r.bodyAsString()).isEqualTo(200);
    return r.bodyAsJsonObject().getJsonObject("data");
  }
}
