package org.portier.door;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpRequest;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.portier.testing.FakePanel;
import org.portier.testing.TestNode;

/**
 * A Portier node and a fake door panel for door-opening tests, with helpers for operator data,
 * app logins (test phones with fixed codes, no SMS) and the mobile and integration faces.
 */
final class DoorFixture {
  /** Phones that log in with code 1234. */
  static final List<String> PHONES = List.of("79990000001", "79990000002", "79990000003", "79990000004");
  final TestNode node;
  final FakePanel panel = new FakePanel();

  DoorFixture(TestNode node) {
    this.node = node;
    JsonObject tests = new JsonObject();
    PHONES.forEach(p -> tests.put(p, "1234"));
    node.set("otp.testNumbers", tests);
  }

  DoorFixture start(Vertx vertx) throws Exception {
    await(panel.start(vertx));
    await(node.start(vertx));
    return this;
  }

  Future<Void> stop() {
    return node.stop().eventually(panel::stop);
  }

  static <T> T await(Future<T> f) throws Exception {
    return f.toCompletionStage().toCompletableFuture().get(20, TimeUnit.SECONDS);
  }

  // --- operator data

  String house(String address) throws Exception {
    return await(node.create("/houses", new JsonObject().put("address", address))).getString("id");
  }

  JsonObject door(String houseId, JsonObject body) throws Exception {
    return await(node.create("/houses/" + houseId + "/doors", body));
  }

  String flat(String houseId, String number) throws Exception {
    return await(node.create("/houses/" + houseId + "/flats", new JsonObject().put("number", number))).getString("id");
  }

  String subscriber(String flatId, String phone) throws Exception {
    return await(node.create("/flats/" + flatId + "/subscribers", new JsonObject().put("phone", phone))).getString("id");
  }

  HttpResponse<Buffer> integration(HttpMethod m, String path, JsonObject body) throws Exception {
    HttpRequest<Buffer> req = node.integration(m, path);
    return await(body == null ? req.send() : req.sendJsonObject(body));
  }

  HttpResponse<Buffer> integrationRaw(HttpMethod m, String path, Buffer body) throws Exception {
    return await(node.integration(m, path).putHeader("content-type", "application/json").sendBuffer(body));
  }

  // --- the app

  /** Logs in with a test phone as the Android app does; returns the device token. */
  String login(String phone) throws Exception {
    HttpResponse<Buffer> asked = mobile("user/requestCode", new JsonObject().put("userPhone", phone), null);
    assertThat(asked.statusCode()).as(TestNode.status(asked)).isEqualTo(200);
    HttpResponse<Buffer> ok = mobile("user/confirmCode", new JsonObject().put("userPhone", phone).put("smsCode", "1234"), null);
    assertThat(ok.statusCode()).as(TestNode.status(ok)).isEqualTo(200);
    return ok.bodyAsJsonObject().getJsonObject("data").getString("accessToken");
  }

  HttpResponse<Buffer> mobile(String method, JsonObject body, String token) throws Exception {
    HttpRequest<Buffer> req = node.http(HttpMethod.POST, "/mobile/" + method).putHeader("X-System-Info", "Android,14,Google,Pixel 8");
    if (token != null) req.putHeader("Authorization", "Bearer " + token);
    return await(body == null ? req.send() : req.sendJsonObject(body));
  }

  HttpResponse<Buffer> mobileRaw(String method, Buffer body, String token) throws Exception {
    HttpRequest<Buffer> req = node.http(HttpMethod.POST, "/mobile/" + method).putHeader("content-type", "application/json");
    if (token != null) req.putHeader("Authorization", "Bearer " + token);
    return await(req.sendBuffer(body));
  }

  HttpResponse<Buffer> openDoor(String token, Object domophoneId, Object doorId) throws Exception {
    JsonObject body = new JsonObject().put("domophoneId", domophoneId);
    if (doorId != null) body.put("doorId", doorId);
    return mobile("address/openDoor", body, token);
  }

  /** Asserts a mobile envelope error: HTTP status = code and a message containing {@code text}. */
  static JsonObject assertEnvelope(HttpResponse<Buffer> r, int code, String text) {
    assertThat(r.statusCode()).as(TestNode.status(r)).isEqualTo(code);
    JsonObject body = r.bodyAsJsonObject();
    assertThat(body.getInteger("code")).isEqualTo(code);
    assertThat(body.getString("name")).isNotBlank();
    assertThat(body.getString("message")).as(body.encode()).contains(text);
    return body;
  }

  // --- the database

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
}
