package org.portier.mxproxy;

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
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.portier.mx.MxSimulator;
import org.portier.testing.TestNode;

/**
 * /conferences end to end: a real login, then info, list, create, update, delete and join
 * against the simulator, whose changes are answered with a reply and a Conf*Event.
 */
@ExtendWith(VertxExtension.class)
class MxConferenceEndToEndTest {
  static final String USER = MxLiveSession.USER;
  static final String MX = MxLiveSession.MX;

  private MxSimulator sim;
  private MxLiveSession session;
  private TestNode node;
  private String token;

  private static <T> T get(Future<T> f) throws Exception {
    return f.toCompletionStage().toCompletableFuture().get(20, TimeUnit.SECONDS);
  }

  @BeforeEach
  void start(Vertx vertx) throws Exception {
    session = MxLiveSession.start(vertx, n -> {});
    sim = session.sim;
    node = session.node;
    token = session.token;
  }

  @AfterEach
  void stop() throws Exception {
    session.stop();
  }

  private HttpRequest<Buffer> req(HttpMethod m, String path) {
    return node.http(m, path).bearerTokenAuthentication(token);
  }

  private HttpResponse<Buffer> expect(int status, HttpRequest<Buffer> r, JsonObject body) throws Exception {
    HttpResponse<Buffer> res = get(body == null ? r.send() : r.sendJsonObject(body));
    assertThat(res.statusCode()).as(TestNode.status(res)).isEqualTo(status);
    return res;
  }

  private String jid() throws Exception {
    return expect(200, req(HttpMethod.GET, "/auth"), null).bodyAsJsonObject().getString("jid");
  }

  static JsonObject conf(Object ownerId) {
    return new JsonObject().put("Id", "").put("ownerId", ownerId).put("name", "Test Conf").put("accessId", 47281964).put("type", "Once")
        .put("startDate", 1516021200).put("duration", 30).put("waitForOwner", false).put("delOnOwnerLeave", true)
        .put("ws", "None").put("wsType", "Undefined");
  }

  @Test
  void info() throws Exception {
    assertThat(expect(200, req(HttpMethod.GET, "/conferences/info"), null).bodyAsJsonObject()).isEqualTo(new JsonObject()
        .put("conferences", new JsonObject().put("ext", "7000").put("did", "15125550100")
            .put("subject", "Conference Call: %Date% @ %Time% - %Subject%").put("body", "Please join my conference call")
            .put("meeting", "View the MXmeeting session")));
  }

  @Test
  void createListUpdateJoinDelete() throws Exception {
    String jid = jid();
    assertThat(expect(200, req(HttpMethod.GET, "/conferences"), null).bodyAsJsonObject().getJsonArray("conferences")).isEmpty();
    // an event about someone else's conference first: the create must not take it for its own
    MxSimulator.Handler create = sim.handler("CreateConference");
    sim.handle("CreateConference", (s, m) -> {
      s.event("<ConfAddEvent><confId>1</confId><ownerId>999</ownerId><name>Other</name></ConfAddEvent>");
      create.handle(s, m);
    });
    long t0 = System.nanoTime();
    JsonObject created = expect(200, req(HttpMethod.POST, "/conferences"), conf(Long.parseLong(jid))).bodyAsJsonObject().getJsonObject("conference");
    assertThat((System.nanoTime() - t0) / 1_000_000).as("confirmed by its own ConfAddEvent, not by the 2 s wait").isLessThan(1500);
    String id = created.getString("Id");
    assertThat(id).isNotEmpty().isNotEqualTo("1");
    assertThat(created.copy().put("Id", "")).isEqualTo(conf(jid));
    assertThat(sim.received(MX, "CreateConference").get(0).xml()).contains("<confId></confId>").contains("<description></description>");

    JsonArray list = expect(200, req(HttpMethod.GET, "/conferences"), null).bodyAsJsonObject().getJsonArray("conferences");
    assertThat(list).hasSize(1);
    assertThat(list.getJsonObject(0)).isEqualTo(created);
    assertThat(sim.received(MX, "GetConfList").get(0).xml()).contains("<ownerId>" + jid + "</ownerId>");

    JsonObject updated = expect(200, req(HttpMethod.PUT, "/conferences/" + id), conf(jid).put("name", "Renamed").put("Id", "77"))
        .bodyAsJsonObject().getJsonObject("conference");
    assertThat(updated.getString("Id")).isEqualTo(id);
    assertThat(updated.getString("name")).isEqualTo("Renamed");
    assertThat(sim.conferencesOf(MX).get(id).get("name")).isEqualTo("Renamed");

    expect(204, req(HttpMethod.POST, "/conferences/" + id), new JsonObject().put("accessId", 47281964));
    assertThat(sim.received(MX, "JoinConf").get(0).xml()).contains("<callId>" + id + "</callId>").contains("<accessId>47281964</accessId>");

    expect(204, req(HttpMethod.DELETE, "/conferences/" + id), null);
    assertThat(sim.conferencesOf(MX)).isEmpty();
    assertThat(expect(404, req(HttpMethod.DELETE, "/conferences/" + id), null).bodyAsJsonObject())
        .isEqualTo(new JsonObject().put("error", "not found"));
  }

  @Test
  void ownerDefaultsToTheUserAndCstaErrorsAreMapped() throws Exception {
    String jid = jid();
    JsonObject created = expect(200, req(HttpMethod.POST, "/conferences"), conf(null)).bodyAsJsonObject().getJsonObject("conference");
    assertThat(created.getString("ownerId")).isEqualTo(jid);
    assertThat(expect(500, req(HttpMethod.PUT, "/conferences/5"), conf(jid)).bodyAsJsonObject().getString("error"))
        .isEqualTo("Conference not found");
    assertThat(expect(500, req(HttpMethod.POST, "/conferences/5"), new JsonObject().put("accessId", "1")).bodyAsJsonObject().getString("error"))
        .isEqualTo("Conference not found");
    sim.cstaError("GetConfList", "privateErrorCode", "URM Denied");
    assertThat(expect(500, req(HttpMethod.GET, "/conferences"), null).bodyAsJsonObject().getString("error")).isEqualTo("URM Denied");
  }

  @Test
  void badInputIs400() throws Exception {
    expect(400, req(HttpMethod.PUT, "/conferences/abc"), conf(null));
    expect(400, req(HttpMethod.DELETE, "/conferences/abc"), null);
    expect(400, req(HttpMethod.POST, "/conferences/abc"), new JsonObject().put("accessId", 1));
    expect(400, req(HttpMethod.POST, "/conferences/5"), new JsonObject());
    expect(400, req(HttpMethod.POST, "/conferences/5"), new JsonObject().put("accessId", "x"));
    expect(400, req(HttpMethod.POST, "/conferences"), conf("not-a-jid"));
    expect(400, req(HttpMethod.POST, "/conferences"), conf(null).put("duration", 1.5));
    expect(400, req(HttpMethod.POST, "/conferences"), conf(null).put("waitForOwner", "yes"));
    expect(400, req(HttpMethod.POST, "/conferences"), conf(null).put("name", 5));
    assertThat(get(req(HttpMethod.POST, "/conferences").putHeader("Content-Type", "application/json").sendBuffer(Buffer.buffer("{")))
        .statusCode()).isEqualTo(400);
    assertThat(get(req(HttpMethod.POST, "/conferences").sendBuffer(Buffer.buffer("{}"))).statusCode()).isEqualTo(400);
    assertThat(get(req(HttpMethod.PATCH, "/conferences").send()).statusCode()).isEqualTo(405);
    assertThat(sim.received(MX, "CreateConference")).isEmpty();
    assertThat(sim.received(MX, "JoinConf")).isEmpty();
  }
}
