package org.portier.doorcall;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.junit5.VertxExtension;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.portier.bus.Addresses;
import org.portier.http.Faces;
import org.portier.mobile.MobileRoutes;
import org.portier.testing.TestNode;

/**
 * Call pictures: a fake camera counts its hits; the snapshot routes are served by the mobile face's
 * router, which mounts them (unauthenticated, under /mobile/).
 */
@ExtendWith(VertxExtension.class)
class SnapshotRoutesTest {
  private DoorCallFixture fx;
  private HttpServer camera;
  private HttpServer mobile;
  private final AtomicInteger cameraHits = new AtomicInteger();
  private int mobilePort;
  private String flatId;
  private String brokenFlatId;
  private WebClient client;

  @BeforeEach
  void setUp(Vertx vertx) throws Exception {
    camera = DoorCallFixture.await(vertx.createHttpServer().requestHandler(req -> {
      int n = cameraHits.incrementAndGet();
      req.response().putHeader("content-type", "image/jpeg").end(Buffer.buffer(new byte[] {(byte) 0xFF, (byte) 0xD8}).appendString("shot-" + n));
    }).listen(0, "127.0.0.1"));
    mobilePort = TestNode.freePort();
    TestNode node = TestNode.inTempDir();
    node.set("mobile.publicUrl", "http://127.0.0.1:" + mobilePort + "/mobile/").set("doorcall.snapshotTimeout", "1s");
    fx = new DoorCallFixture(vertx, node).start();

    client = WebClient.create(vertx);
    var portier = node.portier();
    Faces faces = new Faces(vertx, portier.store().pool(), portier.store().ids(), portier::config, portier.secrets(), client);
    Router root = Router.router(vertx);
    // the mobile face's own router: it mounts the snapshot routes and renders their failures in its envelope
    Router mobileRouter = MobileRoutes.router(faces);
    root.route("/mobile/*").subRouter(mobileRouter);
    mobile = DoorCallFixture.await(vertx.createHttpServer().requestHandler(root).listen(mobilePort, "127.0.0.1"));

    String h = fx.house("Pushkina 10");
    fx.door(h, 300001, 0, new JsonObject().put("snapshotUrl", "http://127.0.0.1:" + camera.actualPort() + "/shot.jpg"));
    fx.door(h, 300002, 0, new JsonObject().put("snapshotUrl", "http://127.0.0.1:" + TestNode.freePort() + "/dead.jpg"));
    flatId = fx.flat(h, "1");
    brokenFlatId = fx.flat(h, "2");
    String a = fx.subscriber(flatId, "79004440001");
    fx.subscriber(brokenFlatId, "79004440001");
    fx.device(a, "android", "fcm", "android-fcm-token-snap0001", null);
  }

  @AfterEach
  void tearDown() throws Exception {
    DoorCallFixture.await(fx.stop());
    DoorCallFixture.await(mobile.close());
    DoorCallFixture.await(camera.close());
    client.close();
  }

  private HttpResponse<Buffer> get(String url) throws Exception {
    return DoorCallFixture.await(client.getAbs(url).send());
  }

  private JsonObject data() {
    return fx.pushRequests.get(fx.pushRequests.size() - 1).getJsonArray("pushes").getJsonObject(0).getJsonObject("data");
  }

  @Test
  void camshotIsTakenOnceLiveIsFreshAndBothDieWithTheCall() throws Exception {
    HttpResponse<Buffer> r = fx.startCall(new JsonObject().put("panelId", 300001).put("flatNumber", "1"));
    assertThat(r.statusCode()).as(TestNode.status(r)).isEqualTo(201);
    String callId = r.bodyAsJsonObject().getString("callId");
    JsonObject data = data();

    for (int i = 0; i < 3; i++) {
      HttpResponse<Buffer> shot = get(data.getString("image"));
      assertThat(shot.statusCode()).isEqualTo(200);
      assertThat(shot.getHeader("content-type")).isEqualTo("image/jpeg");
      assertThat(shot.bodyAsBuffer().getBytes(2, shot.bodyAsBuffer().length())).asString().isEqualTo("shot-1");
    }
    assertThat(cameraHits.get()).isEqualTo(1);
    // iOS's notification extension adds a slash after the base URL
    String doubled = data.getString("baseUrl") + "/call/camshot/" + data.getString("hash");
    HttpResponse<Buffer> ios = get(doubled);
    assertThat(ios.statusCode()).as(doubled).isEqualTo(200);
    assertThat(cameraHits.get()).isEqualTo(1);

    HttpResponse<Buffer> live1 = get(data.getString("live"));
    HttpResponse<Buffer> live2 = get(data.getString("live"));
    assertThat(live1.statusCode()).isEqualTo(200);
    assertThat(live1.bodyAsBuffer()).isNotEqualTo(live2.bodyAsBuffer());
    assertThat(cameraHits.get()).isEqualTo(3);

    // the bus lookup behind the links: the leg's call and camera while it lives
    JsonObject leg = DoorCallFixture.await(fx.vertx.eventBus().<JsonObject>request(Addresses.DOORCALL_LEG_BY_HASH,
        new JsonObject().put("hash", data.getString("hash")))).body();
    assertThat(leg.getString("callId")).isEqualTo(callId);
    assertThat(leg.getString("snapshotUrl")).endsWith("/shot.jpg");

    assertThat(fx.integration(HttpMethod.DELETE, "/door-calls/" + callId).statusCode()).isEqualTo(204);
    assertThat(fx.vertx.eventBus().request(Addresses.DOORCALL_LEG_BY_HASH, new JsonObject().put("hash", data.getString("hash")))
        .toCompletionStage().toCompletableFuture().handle((m, e) -> e instanceof ReplyException re ? re.failureCode() : 0).get())
        .isEqualTo(404);
    for (String url : new String[] {data.getString("image"), data.getString("live"), doubled}) {
      HttpResponse<Buffer> gone = get(url);
      assertThat(gone.statusCode()).as(url).isEqualTo(404);
      assertThat(gone.bodyAsJsonObject().getInteger("code")).isEqualTo(404);
      assertThat(gone.bodyAsJsonObject().getString("name")).isNotBlank();
    }
    assertThat(cameraHits.get()).isEqualTo(3);
    // a link that never existed, and garbage, are 404 too
    assertThat(get(data.getString("baseUrl") + "call/camshot/" + "0".repeat(32)).statusCode()).isEqualTo(404);
    assertThat(get(data.getString("baseUrl") + "call/live/..%2F..%2Fetc").statusCode()).isEqualTo(404);
  }

  @Test
  void aDeadCameraIs503WhileTheCallLives() throws Exception {
    HttpResponse<Buffer> r = fx.startCall(new JsonObject().put("panelId", 300002).put("flatNumber", "2"));
    assertThat(r.statusCode()).as(TestNode.status(r)).isEqualTo(201);
    JsonObject data = data();
    for (String url : new String[] {data.getString("image"), data.getString("live")}) {
      HttpResponse<Buffer> shot = get(url);
      assertThat(shot.statusCode()).as(url).isEqualTo(503);
      assertThat(shot.bodyAsJsonObject().getInteger("code")).isEqualTo(503);
    }
  }
}
