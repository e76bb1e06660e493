package org.portier.demo;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpRequest;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.junit5.VertxExtension;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.portier.bus.Addresses;
import org.portier.testing.LogCapture;
import org.portier.testing.TestNode;

/**
 * The demo mode as a newcomer meets it: a node started with --demo on an operator's file, then
 * every face driven with the demo's published credentials only (the MX Proxy face against the
 * simulator, the mobile face with a demo phone, the operator API), and a second start on the same
 * demo directory that must add nothing.
 */
@ExtendWith(VertxExtension.class)
class DemoModeTest {
  private TestNode operator;
  private Path demoDir;
  private WebClient web;
  private final List<DemoMode> running = new ArrayList<>();

  private static <T> T get(Future<T> f) throws Exception {
    return f.toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
  }

  @BeforeEach
  void setUp(Vertx vertx) {
    // An operator's ordinary file (own store under dir/db): the demo must leave that store alone.
    operator = TestNode.inTempDir();
    operator.writeConfig();
    demoDir = operator.dir.resolve("data-demo");
    web = WebClient.create(vertx);
  }

  @AfterEach
  void tearDown() throws Exception {
    for (DemoMode d : running) get(d.stop());
    web.close();
  }

  private DemoMode start(Vertx vertx, int mxPort, int stubPort) throws Exception {
    DemoMode d = get(DemoMode.start(vertx, operator.configFile(), new DemoSettings(demoDir, mxPort, stubPort)));
    running.add(d);
    return d;
  }

  private HttpRequest<Buffer> http(HttpMethod m, String path) {
    return web.request(m, operator.httpPort, "127.0.0.1", path);
  }

  private String mxLogin(DemoAccounts.MxUser u) throws Exception {
    HttpResponse<Buffer> r = get(http(HttpMethod.POST, "/auth").basicAuthentication(DemoAccounts.CLIENT_ID, DemoAccounts.CLIENT_SECRET)
        .sendForm(MultiMap.caseInsensitiveMultiMap().add("grant_type", "password").add("username", u.login()).add("password", u.password())));
    assertThat(r.statusCode()).as(TestNode.status(r)).isEqualTo(200);
    assertThat(r.bodyAsJsonObject().getString("token_type")).isEqualTo("Bearer");
    return r.bodyAsJsonObject().getString("access_token");
  }

  private HttpResponse<Buffer> mx(HttpMethod m, String path, String token) throws Exception {
    return get(http(m, path).bearerTokenAuthentication(token).send());
  }

  private HttpResponse<Buffer> mobile(String method, JsonObject body, String token) throws Exception {
    HttpRequest<Buffer> req = http(HttpMethod.POST, "/mobile/" + method);
    if (token != null) req.bearerTokenAuthentication(token);
    return get(req.sendJsonObject(body));
  }

  private String residentLogin(DemoAccounts.Resident r) throws Exception {
    HttpResponse<Buffer> asked = mobile("user/requestCode", new JsonObject().put("userPhone", r.phone()), null);
    assertThat(asked.statusCode()).as(TestNode.status(asked)).isEqualTo(200);
    HttpResponse<Buffer> ok = mobile("user/confirmCode", new JsonObject().put("userPhone", r.phone()).put("smsCode", r.code()), null);
    assertThat(ok.statusCode()).as(TestNode.status(ok)).isEqualTo(200);
    return ok.bodyAsJsonObject().getJsonObject("data").getString("accessToken");
  }

  private JsonArray operatorList(String path) throws Exception {
    HttpResponse<Buffer> r = get(http(HttpMethod.GET, "/integration/v1" + path).bearerTokenAuthentication(DemoAccounts.OPERATOR_KEY).send());
    assertThat(r.statusCode()).as(TestNode.status(r)).isEqualTo(200);
    return r.bodyAsJsonArray();
  }

  @Test
  void aNewcomerCanTryEveryFaceWithTheDemoCredentials(Vertx vertx) throws Exception {
    DemoMode demo = start(vertx, 0, 0);

    // MX Proxy face: POST /auth goes to the demo provisioning service, which hands out the simulator
    String token = mxLogin(DemoAccounts.MX_USERS.get(0));
    HttpResponse<Buffer> wrong = get(http(HttpMethod.POST, "/auth").basicAuthentication(DemoAccounts.CLIENT_ID, DemoAccounts.CLIENT_SECRET)
        .sendForm(MultiMap.caseInsensitiveMultiMap().add("grant_type", "password").add("username", "anna").add("password", "nope")));
    assertThat(wrong.statusCode()).as("a wrong password is refused by the provisioning service").isEqualTo(401);

    HttpResponse<Buffer> contacts = mx(HttpMethod.GET, "/contacts", token);
    assertThat(contacts.statusCode()).as(TestNode.status(contacts)).isEqualTo(200);
    JsonArray book = contacts.bodyAsJsonObject().getJsonArray("contacts");
    assertThat(book.size()).as("more than one MX page of 50").isEqualTo(DemoMx.CONTACTS).isGreaterThan(50);
    List<String> exts = book.stream().map(o -> ((JsonObject) o).getString("ext")).toList();
    assertThat(exts).doesNotHaveDuplicates().contains("101", "102", "103", "200", "256");
    assertThat(book.getJsonObject(exts.indexOf("101")).getString("firstName")).isEqualTo("Anna");

    HttpResponse<Buffer> calls = mx(HttpMethod.GET, "/calls", token);
    assertThat(calls.statusCode()).as(TestNode.status(calls)).isEqualTo(200);
    assertThat(calls.bodyAsJsonObject().getJsonArray("callLog")).hasSize(DemoMx.CALLS);

    HttpResponse<Buffer> services = mx(HttpMethod.GET, "/services", token);
    assertThat(services.bodyAsJsonObject().getJsonArray("services").stream().map(o -> ((JsonObject) o).getString("name")))
        .contains("voicemail", "Reception");

    HttpResponse<Buffer> mails = mx(HttpMethod.GET, "/voicemails", token);
    assertThat(mails.statusCode()).as(TestNode.status(mails)).isEqualTo(200);
    JsonArray list = mails.bodyAsJsonObject().getJsonArray("voiceMails");
    assertThat(list).hasSize(3);
    HttpResponse<Buffer> file = mx(HttpMethod.GET, "/voicemails/" + list.getJsonObject(0).getString("id"), token);
    assertThat(file.statusCode()).isEqualTo(200);
    byte[] wav = file.body().getBytes();
    byte[] expected = demo.simulator().voicemailsOf("anna").get(list.getJsonObject(0).getString("id")).wav();
    assertThat(wav).as("the whole file, over several MX chunks").hasSizeGreaterThan(DemoMx.CHUNK).isEqualTo(expected);
    assertThat(new String(wav, 0, 4, StandardCharsets.US_ASCII)).isEqualTo("RIFF");
    assertThat(new String(wav, 8, 4, StandardCharsets.US_ASCII)).isEqualTo("WAVE");
    ByteBuffer header = ByteBuffer.wrap(wav).order(ByteOrder.LITTLE_ENDIAN);
    assertThat(header.getShort(20)).as("PCM").isEqualTo((short) 1);
    assertThat(header.getInt(40)).as("data size").isEqualTo(wav.length - 44);

    HttpResponse<Buffer> confs = mx(HttpMethod.GET, "/conferences", token);
    assertThat(confs.statusCode()).as(TestNode.status(confs)).isEqualTo(200);
    assertThat(confs.bodyAsJsonObject().getJsonArray("conferences").getJsonObject(0).getString("name")).isEqualTo("Anna's weekly meeting");

    // mobile face: a demo phone logs in with its fixed code and sees the demo house
    String mtoken = residentLogin(DemoAccounts.RESIDENTS.get(0));
    HttpResponse<Buffer> addresses = mobile("address/getAddressList", new JsonObject(), mtoken);
    assertThat(addresses.statusCode()).as(TestNode.status(addresses)).isEqualTo(200);
    JsonArray houses = addresses.bodyAsJsonObject().getJsonArray("data");
    assertThat(houses).hasSize(1);
    assertThat(houses.getJsonObject(0).getString("address")).isEqualTo(DemoHouse.ADDRESS);
    assertThat(houses.getJsonObject(0).getString("houseId")).isEqualTo(demo.houseId());
    assertThat(houses.getJsonObject(0).getJsonArray("doors")).hasSize(3);
    HttpResponse<Buffer> unread = mobile("inbox/unreaded", new JsonObject(), mtoken);
    assertThat(unread.bodyAsJsonObject().getJsonObject("data").getInteger("count")).isEqualTo(DemoHouse.MESSAGES.size());
    HttpResponse<Buffer> open = mobile("address/openDoor", new JsonObject().put("domophoneId", "1001").put("doorId", 0), mtoken);
    assertThat(open.statusCode()).as("the demo panel opens: " + TestNode.status(open)).isEqualTo(204);

    // operator API with the demo key
    JsonArray operatorHouses = operatorList("/houses");
    assertThat(operatorHouses.stream().map(o -> ((JsonObject) o).getString("address"))).containsExactly(DemoHouse.ADDRESS);
    assertThat(operatorList("/houses/" + demo.houseId() + "/flats")).hasSize(DemoHouse.FLATS.size());

    // a door call through the operator API rings a device the resident registered
    HttpResponse<Buffer> reg = mobile("user/registerPushToken", new JsonObject().put("platform", "android")
        .put("pushToken", "demo-fcm-token-000000000001").put("production", "t"), mtoken);
    assertThat(reg.statusCode()).as(TestNode.status(reg)).isEqualTo(204);
    HttpResponse<Buffer> call = get(http(HttpMethod.POST, "/integration/v1/door-calls").bearerTokenAuthentication(DemoAccounts.OPERATOR_KEY)
        .sendJsonObject(new JsonObject().put("panelId", 1001).put("flatNumber", "1")));
    assertThat(call.statusCode()).as(TestNode.status(call)).isEqualTo(201);
    assertThat(call.bodyAsJsonObject().getJsonArray("legs")).hasSize(1);
    // the SIP face (demo key) hands out the leg's password, which keys the snapshot of the demo camera
    String extension = call.bodyAsJsonObject().getJsonArray("legs").getJsonObject(0).getString("extension");
    HttpResponse<Buffer> sip = get(http(HttpMethod.GET, "/sip/v1/credentials/" + extension).bearerTokenAuthentication(DemoAccounts.SIP_KEY).send());
    assertThat(sip.statusCode()).as(TestNode.status(sip)).isEqualTo(200);
    HttpResponse<Buffer> shot = get(http(HttpMethod.GET, "/mobile/call/camshot/" + sip.bodyAsJsonObject().getString("password")).send());
    assertThat(shot.statusCode()).isEqualTo(200);
    assertThat(shot.body().getBytes()).startsWith((byte) 0xFF, (byte) 0xD8);

    // the demo keeps to its own directory: the operator's store was never created
    assertThat(demoDir.resolve("db")).isDirectory();
    assertThat(demoDir.resolve(DemoConfig.FILE)).isRegularFile();
    assertThat(operator.dir.resolve("db")).doesNotExist();
    assertThat(demo.cheatSheet()).contains("DEMO ONLY", DemoAccounts.CLIENT_SECRET, DemoAccounts.OPERATOR_KEY, "anna-demo", "79990000101 / 1111",
        "admin.token", "curl -s");
  }

  @Test
  void startingTwiceOnTheSameDirectoryAddsNothing(Vertx vertx) throws Exception {
    int mxPort = TestNode.freePort();
    int stubPort = TestNode.freePort();
    DemoMode first = start(vertx, mxPort, stubPort);
    String token = mxLogin(DemoAccounts.MX_USERS.get(1));
    assertThat(mx(HttpMethod.GET, "/contacts", token).statusCode()).isEqualTo(200);
    JsonObject before = snapshot(first.houseId());
    get(first.stop());
    running.remove(first);

    DemoMode second = start(vertx, mxPort, stubPort);
    assertThat(second.houseId()).isEqualTo(first.houseId());
    assertThat(snapshot(second.houseId())).isEqualTo(before);
    assertThat(operatorList("/houses")).hasSize(1);
    // every resident's inbox still holds the messages once
    String mtoken = residentLogin(DemoAccounts.RESIDENTS.get(0));
    HttpResponse<Buffer> unread = mobile("inbox/unreaded", new JsonObject(), mtoken);
    assertThat(unread.bodyAsJsonObject().getJsonObject("data").getInteger("count")).isEqualTo(DemoHouse.MESSAGES.size());
    // and MX still works: the stored users reconnect to the simulator on its stable port
    String again = mxLogin(DemoAccounts.MX_USERS.get(1));
    HttpResponse<Buffer> contacts = mx(HttpMethod.GET, "/contacts", again);
    assertThat(contacts.bodyAsJsonObject().getJsonArray("contacts")).hasSize(DemoMx.CONTACTS);
  }

  @Test
  void aReloadReadsTheOperatorsFileAndKeepsTheDemoValuesOverIt(Vertx vertx) throws Exception {
    start(vertx, 0, 0);
    try (LogCapture log = LogCapture.of("org.portier.config")) {
      // the operator edits their own file; the demo's generated file is not theirs to edit
      operator.set("doorcall.callerId", "Демо-калитка").writeConfig();
      JsonObject r = get(vertx.eventBus().<JsonObject>request(Addresses.CONFIG_RELOAD, new JsonObject().put("reason", "SIGHUP"))).body();
      assertThat(r.containsKey("version")).as(r.encode()).isTrue();
      JsonObject c = get(vertx.eventBus().<JsonObject>request(Addresses.CONFIG_GET, new JsonObject())).body();
      assertThat(c.getJsonObject("doorcall").getString("callerId")).isEqualTo("Демо-калитка");
      // the demo's values stay over the operator's
      assertThat(c.getJsonObject("integration").getJsonArray("apiKeys").getList()).contains(DemoAccounts.OPERATOR_KEY);
      assertThat(c.getJsonObject("http").getString("host")).isEqualTo("127.0.0.1");
      assertThat(c.getJsonObject("store").getString("url")).contains(demoDir.toAbsolutePath().toString());
      assertThat(Files.readString(demoDir.resolve(DemoConfig.FILE))).contains("Демо-калитка");
      // and the log says which file was read, and which one the demo runs on
      assertThat(log.matching(l -> l.message().startsWith("config reloaded (SIGHUP): read " + operator.configFile())
          && l.message().contains(demoDir.toAbsolutePath().resolve(DemoConfig.FILE).toString()))).hasSize(1);
    }
  }

  @Test
  void takenPortsFallBackToFreeOnes(Vertx vertx) throws Exception {
    try (java.net.ServerSocket mxTaken = new java.net.ServerSocket(0, 1, java.net.InetAddress.getByName("127.0.0.1"));
        java.net.ServerSocket stubTaken = new java.net.ServerSocket(0, 1, java.net.InetAddress.getByName("127.0.0.1"))) {
      DemoMode demo = start(vertx, mxTaken.getLocalPort(), stubTaken.getLocalPort());
      assertThat(demo.simulator().port()).isNotEqualTo(mxTaken.getLocalPort());
      String token = mxLogin(DemoAccounts.MX_USERS.get(2));
      assertThat(mx(HttpMethod.GET, "/voicemails", token).bodyAsJsonObject().getJsonArray("voiceMails")).hasSize(3);
    }
  }

  /** Houses, doors, flats and their subscribers as the operator API lists them. */
  private JsonObject snapshot(String houseId) throws Exception {
    JsonObject s = new JsonObject().put("houses", operatorList("/houses")).put("doors", operatorList("/houses/" + houseId + "/doors"));
    JsonArray flats = operatorList("/houses/" + houseId + "/flats");
    s.put("flats", flats);
    JsonObject members = new JsonObject();
    for (Object f : flats) {
      String id = ((JsonObject) f).getString("id");
      members.put(id, operatorList("/flats/" + id + "/subscribers"));
    }
    assertThat(s.getJsonArray("doors")).hasSize(DemoHouse.DOORS.size());
    assertThat(members.stream().mapToInt(e -> ((JsonArray) e.getValue()).size()).sum()).isEqualTo(DemoAccounts.RESIDENTS.size());
    return s.put("members", members);
  }
}
