package org.portier.door;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.junit5.VertxExtension;
import io.vertx.sqlclient.Row;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.portier.testing.TestNode;

/** The door's open action on the operator API: create, PATCH, secrets at rest, validation, the journal's routes. */
@ExtendWith(VertxExtension.class)
class DoorOperatorTest {
  private static final String SECRET = "Basic YWRtaW46cGFuZWwtc2VjcmV0LTQy";
  private DoorFixture fx;
  private String house;
  private String doorRow;

  @BeforeEach
  void setUp(Vertx vertx) throws Exception {
    fx = new DoorFixture(TestNode.inTempDir()).start(vertx);
    house = fx.house("Lenina 1");
    JsonObject door = fx.door(house, new JsonObject().put("panelId", 100053).put("doorId", 1).put("name", "Калитка").put("icon", "wicket")
        .put("openUrl", "https://panel.example.org/open?door={doorId}").put("openHeaders", new JsonObject().put("Authorization", SECRET))
        .put("openTimeout", "1500ms"));
    doorRow = door.getString("id");
  }

  @AfterEach
  void tearDown() throws Exception {
    DoorFixture.await(fx.stop());
  }

  private HttpResponse<Buffer> patch(Object body) throws Exception {
    String path = "/houses/" + house + "/doors/" + doorRow;
    return body instanceof Buffer b ? fx.integrationRaw(HttpMethod.PATCH, path, b) : fx.integration(HttpMethod.PATCH, path, (JsonObject) body);
  }

  @Test
  void theOpenHeadersAreEncryptedAtRestAndNeverReturned() throws Exception {
    JsonObject listed = fx.integration(HttpMethod.GET, "/houses/" + house + "/doors", null).bodyAsJsonArray().getJsonObject(0);
    assertThat(listed.getString("openUrl")).isEqualTo("https://panel.example.org/open?door={doorId}");
    assertThat(listed.getString("openMethod")).isEqualTo("GET");
    assertThat(listed.getString("openTimeout")).isEqualTo("1500ms");
    assertThat(listed.getJsonObject("openHeaders")).isEqualTo(new JsonObject().put("Authorization", "***"));
    assertThat(listed.encode()).doesNotContain("YWRtaW46");

    Row row = fx.rows("SELECT * FROM doors WHERE id = ?", Long.parseLong(doorRow)).get(0);
    String sealed = row.getString("OPEN_HEADERS_ENC");
    assertThat(sealed).isNotBlank().doesNotContain("YWRtaW46").doesNotContain("Authorization");
    assertThat(new JsonObject(fx.node.portier().secrets().decrypt(sealed)).getString("Authorization")).isEqualTo(SECRET);
    assertThat(row.getString("OPEN_HEADER_NAMES")).isEqualTo("Authorization");
    // nothing else in the door row holds the secret
    assertThat(row.toJson().encode().replace(sealed, "")).doesNotContain("YWRtaW46");

    HttpResponse<Buffer> r = patch(new JsonObject().put("name", "Ворота").put("openHeaders", new JsonObject().put("X-Key", "k2")));
    assertThat(r.bodyAsJsonObject().getJsonObject("openHeaders")).isEqualTo(new JsonObject().put("X-Key", "***"));
    assertThat(r.bodyAsString()).doesNotContain("k2");
  }

  @Test
  void patchChangesOnlyWhatItNames() throws Exception {
    HttpResponse<Buffer> r = patch(new JsonObject().put("name", "Ворота").put("icon", "gate").put("dtmf", "*1#")
        .put("snapshotUrl", "http://cam.example.org/shot.jpg").put("callerId", "Ворота Ленина 1")
        .put("openMethod", "PUT").put("openBody", "flat={flatNumber}").put("openContentType", "application/x-www-form-urlencoded"));
    assertThat(r.statusCode()).as(TestNode.status(r)).isEqualTo(200);
    JsonObject door = r.bodyAsJsonObject();
    assertThat(door.getString("id")).isEqualTo(doorRow);
    assertThat(door.getString("panelId")).isEqualTo("100053");
    assertThat(door.getInteger("doorId")).isEqualTo(1);
    assertThat(door.getString("name")).isEqualTo("Ворота");
    assertThat(door.getString("icon")).isEqualTo("gate");
    assertThat(door.getString("dtmf")).isEqualTo("*1#");
    assertThat(door.getString("snapshotUrl")).isEqualTo("http://cam.example.org/shot.jpg");
    assertThat(door.getString("callerId")).isEqualTo("Ворота Ленина 1");
    assertThat(door.getString("openMethod")).isEqualTo("PUT");
    assertThat(door.getString("openBody")).isEqualTo("flat={flatNumber}");
    assertThat(door.getString("openContentType")).isEqualTo("application/x-www-form-urlencoded");
    // untouched: the URL, the headers, the timeout
    assertThat(door.getString("openUrl")).isEqualTo("https://panel.example.org/open?door={doorId}");
    assertThat(door.getJsonObject("openHeaders").fieldNames()).containsExactly("Authorization");
    assertThat(door.getString("openTimeout")).isEqualTo("1500ms");
    // null clears an optional field
    door = patch(new JsonObject().putNull("snapshotUrl").putNull("openHeaders").putNull("openTimeout")).bodyAsJsonObject();
    assertThat(door.getValue("snapshotUrl")).isNull();
    assertThat(door.getJsonObject("openHeaders")).isEmpty();
    assertThat(door.getValue("openTimeout")).isNull();
    assertThat(fx.rows("SELECT open_headers_enc FROM doors").get(0).getValue(0)).isNull();
    assertThat(fx.integration(HttpMethod.GET, "/houses/" + house + "/doors", null).bodyAsJsonArray().getJsonObject(0)).isEqualTo(door);
  }

  @Test
  void badPatchesAreRefusedAndChangeNothing() throws Exception {
    JsonObject before = fx.rows("SELECT * FROM doors").get(0).toJson();
    Object[][] cases = {
        {new JsonObject(), 422, "nothing to change"},
        {new JsonObject().put("panelId", 5), 422, "unknown field panelId"},
        {new JsonObject().put("name", "x").put("colour", "red"), 422, "unknown field colour"},
        {new JsonObject().putNull("name"), 422, "name cannot be cleared"},
        {new JsonObject().put("name", ""), 422, "name must not be empty"},
        {new JsonObject().put("name", 5), 422, "name must be a string"},
        {new JsonObject().put("icon", "door"), 422, "icon must be one of"},
        {new JsonObject().putNull("icon"), 422, "icon cannot be cleared"},
        {new JsonObject().put("dtmf", "12x"), 422, "dtmf must be 1-8 DTMF digits"},
        {new JsonObject().put("snapshotUrl", "ftp://cam/shot"), 422, "snapshotUrl must be an absolute http(s) URL"},
        {new JsonObject().put("openUrl", "panel/open"), 422, "openUrl must be an absolute http(s) URL"},
        {new JsonObject().put("openUrl", "http://panel/open?x={flat}"), 422, "unknown placeholder {flat}"},
        {new JsonObject().put("openUrl", 42), 422, "openUrl must be a string"},
        {new JsonObject().put("openMethod", "DELETE"), 422, "openMethod must be one of GET, POST, PUT"},
        {new JsonObject().put("openBody", "x"), 422, "openBody is sent only with openMethod POST or PUT"},
        {new JsonObject().put("openMethod", "POST").put("openBody", "x".repeat(4001)), 422, "openBody must have at most 4000"},
        {new JsonObject().put("openMethod", "POST").put("openBody", "a\u0001b"), 422, "openBody must not contain control characters"},
        {new JsonObject().put("openContentType", "json"), 422, "openContentType must be a media type"},
        {new JsonObject().put("openHeaders", "Authorization: x"), 422, "openHeaders must be an object"},
        {new JsonObject().put("openHeaders", new JsonObject().put("Bad Name", "x")), 422, "is not a header name"},
        {new JsonObject().put("openHeaders", new JsonObject().put("Host", "x")), 422, "Host is set by Portier"},
        {new JsonObject().put("openHeaders", new JsonObject().put("X-A", 1)), 422, "openHeaders.X-A must be a string"},
        {new JsonObject().put("openHeaders", new JsonObject().put("X-A", "a\r\nX-B: b")), 422, "must not contain control characters"},
        {new JsonObject().put("openHeaders", new JsonObject().put("X-A", "1").put("x-a", "2")), 422, "given twice"},
        {new JsonObject().put("openTimeout", "soon"), 422, "openTimeout must be a duration"},
        {new JsonObject().put("openTimeout", 3), 422, "openTimeout must be a duration"},
        {new JsonObject().put("openTimeout", "50ms"), 422, "openTimeout must be between 100ms and 30s"},
        {new JsonObject().put("openTimeout", "1m"), 422, "openTimeout must be between 100ms and 30s"},
        {Buffer.buffer("[1]"), 400, "JSON object"},
        {Buffer.buffer(""), 400, "body is empty"},
        {Buffer.buffer(new byte[] {'{', '"', 'n', 'a', 'm', 'e', '"', ':', '"', (byte) 0xC3, (byte) 0x28, '"', '}'}), 400, "UTF-8"},
        {Buffer.buffer("{\"name\": \"" + "x".repeat(70_000) + "\"}"), 413, "too large"},
    };
    JsonObject tooMany = new JsonObject();
    for (int i = 0; i < 21; i++) tooMany.put("X-H" + i, "v");
    List<Object[]> all = new java.util.ArrayList<>(List.of(cases));
    all.add(new Object[] {new JsonObject().put("openHeaders", tooMany), 422, "at most 20 headers"});
    for (Object[] c : all) {
      HttpResponse<Buffer> r = patch(c[0]);
      assertThat(r.statusCode()).as(c[0] + " -> " + r.bodyAsString()).isEqualTo((int) c[1]);
      JsonObject err = r.bodyAsJsonObject();
      assertThat(err.getInteger("status")).isEqualTo((int) c[1]);
      assertThat(err.getString("message")).as(err.encode()).contains((String) c[2]);
    }
    assertThat(fx.rows("SELECT * FROM doors").get(0).toJson()).isEqualTo(before);

    // unknown ids: 404 in the face's format
    String otherHouse = fx.house("Mira 2");
    JsonObject change = new JsonObject().put("name", "x");
    for (String path : List.of("/houses/" + house + "/doors/999999", "/houses/" + otherHouse + "/doors/" + doorRow,
        "/houses/999999/doors/" + doorRow, "/houses/abc/doors/" + doorRow, "/houses/" + house + "/doors/-1")) {
      HttpResponse<Buffer> r = fx.integration(HttpMethod.PATCH, path, change);
      assertThat(r.statusCode()).as(path + " -> " + r.bodyAsString()).isEqualTo(404);
      assertThat(r.bodyAsJsonObject().getString("message")).startsWith("no ");
    }
    // no key, wrong key
    HttpResponse<Buffer> noKey = DoorFixture.await(fx.node.http(HttpMethod.PATCH, "/integration/v1/houses/" + house + "/doors/" + doorRow)
        .sendJsonObject(change));
    assertThat(noKey.statusCode()).isEqualTo(401);
    HttpResponse<Buffer> wrongKey = DoorFixture.await(fx.node.http(HttpMethod.PATCH, "/integration/v1/houses/" + house + "/doors/" + doorRow)
        .bearerTokenAuthentication("wrong-key-0123456789abcdef").sendJsonObject(change));
    assertThat(wrongKey.statusCode()).isEqualTo(401);
    assertThat(wrongKey.bodyAsJsonObject().getString("message")).isEqualTo("unknown API key");
    assertThat(fx.rows("SELECT * FROM doors WHERE id = ?", Long.parseLong(doorRow)).get(0).toJson()).isEqualTo(before);
  }

  @Test
  void createValidatesTheOpenActionToo() throws Exception {
    HttpResponse<Buffer> r = fx.integration(HttpMethod.POST, "/houses/" + house + "/doors", new JsonObject().put("panelId", 100054)
        .put("doorId", 0).put("name", "x").put("openUrl", "http://p/{nope}"));
    assertThat(r.statusCode()).isEqualTo(422);
    assertThat(r.bodyAsJsonObject().getString("message")).contains("unknown placeholder {nope}");
    r = fx.integration(HttpMethod.POST, "/houses/" + house + "/doors", new JsonObject().put("panelId", 100054)
        .put("doorId", 0).put("name", "x").put("openBody", "{}"));
    assertThat(r.statusCode()).isEqualTo(422);
    assertThat(r.bodyAsJsonObject().getString("message")).contains("openBody is sent only with openMethod POST or PUT");
    assertThat(fx.count("SELECT COUNT(*) FROM doors")).isEqualTo(1);
    // a door without an open action still has the full shape
    JsonObject plain = fx.door(house, new JsonObject().put("panelId", 100054).put("doorId", 0).put("name", "x"));
    assertThat(plain.getString("icon")).isEqualTo("entrance");
    assertThat(plain.getString("dtmf")).isEqualTo("1");
    assertThat(plain.getValue("openUrl")).isNull();
    assertThat(plain.getString("openMethod")).isEqualTo("GET");
    assertThat(plain.getJsonObject("openHeaders")).isEmpty();
  }

  @Test
  void badFlatBlocksAreRefused() throws Exception {
    String flat = fx.flat(house, "11");
    Object[][] cases = {
        {new JsonObject(), 422, "nothing to change"},
        {new JsonObject().put("blocked", ""), 422, "blocked must not be empty"},
        {new JsonObject().put("blocked", true), 422, "blocked must be a string"},
        {new JsonObject().put("blocked", "x".repeat(201)), 422, "blocked must have at most 200"},
        {new JsonObject().put("blocked", "x").put("number", "12"), 422, "unknown field number"},
    };
    for (Object[] c : cases) {
      HttpResponse<Buffer> r = fx.integration(HttpMethod.PATCH, "/flats/" + flat, (JsonObject) c[0]);
      assertThat(r.statusCode()).as(c[0] + " -> " + r.bodyAsString()).isEqualTo((int) c[1]);
      assertThat(r.bodyAsJsonObject().getString("message")).contains((String) c[2]);
    }
    assertThat(fx.integration(HttpMethod.PATCH, "/flats/999999", new JsonObject().put("blocked", "x")).statusCode()).isEqualTo(404);
    assertThat(fx.integrationRaw(HttpMethod.PATCH, "/flats/" + flat, Buffer.buffer("{\"blocked\": ")).statusCode()).isEqualTo(400);
    assertThat(fx.rows("SELECT blocked FROM flats").get(0).getValue(0)).isNull();
  }

  @Test
  void theJournalRoutesRefuseBadPagingAndUnknownHouses() throws Exception {
    for (String q : List.of("?limit=0", "?limit=1001", "?limit=x", "?offset=-1")) {
      HttpResponse<Buffer> r = fx.integration(HttpMethod.GET, "/houses/" + house + "/openings" + q, null);
      assertThat(r.statusCode()).as(q + " -> " + r.bodyAsString()).isEqualTo(422);
      assertThat(r.bodyAsJsonObject().getString("message")).contains("must be a number between");
    }
    for (String h : List.of("999999", "abc")) {
      HttpResponse<Buffer> r = fx.integration(HttpMethod.GET, "/houses/" + h + "/openings", null);
      assertThat(r.statusCode()).isEqualTo(404);
      assertThat(r.bodyAsJsonObject().getString("message")).contains("no house");
    }
    assertThat(fx.integration(HttpMethod.GET, "/houses/" + house + "/openings", null).bodyAsJsonArray()).isEqualTo(new JsonArray());
    HttpResponse<Buffer> noKey = DoorFixture.await(fx.node.http(HttpMethod.GET, "/integration/v1/houses/" + house + "/openings").send());
    assertThat(noKey.statusCode()).isEqualTo(401);
  }
}
