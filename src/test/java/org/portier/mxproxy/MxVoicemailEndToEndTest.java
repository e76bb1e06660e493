package org.portier.mxproxy;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpRequest;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.junit5.VertxExtension;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.portier.mx.MxFixture;
import org.portier.mx.MxSimulator;
import org.portier.mx.SimVoice;
import org.portier.testing.TestNode;

/**
 * /voicemails end to end: a real login (provisioning → MX actor → the simulator over TLS), then
 * the list, the chunked download (1 and several chunks, back-pressure, cancel on client abort),
 * delete and patch against the simulator's fixtures.
 */
@ExtendWith(VertxExtension.class)
class MxVoicemailEndToEndTest {
  static final String USER = MxLiveSession.USER;
  static final String MX = MxLiveSession.MX;

  private MxSimulator sim;
  private MxLiveSession session;
  private TestNode node;
  private String token;

  private static <T> T get(Future<T> f) throws Exception {
    return f.toCompletionStage().toCompletableFuture().get(20, TimeUnit.SECONDS);
  }

  static byte[] wav(int size, long seed) {
    byte[] b = new byte[size];
    new Random(seed).nextBytes(b);
    System.arraycopy("RIFF".getBytes(), 0, b, 0, Math.min(4, size));
    return b;
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

  private int chunkRequests() {
    return sim.received(MX, "MailReceiveIncoming").size();
  }

  @Test
  void listSortedByIdWithTheSeedsFields() throws Exception {
    assertThat(expect(200, req(HttpMethod.GET, "/voicemails"), null).bodyAsJsonObject().getJsonArray("voiceMails")).isEmpty();
    sim.voicemails(MX, List.of(
        new SimVoice.Mail("117", "3044", "Peter Hyde", "Peter Hyde", "273", 1502565440L, 7, false, null, "u1/m117.wav", wav(10, 1), 10),
        new SimVoice.Mail("82", "3095", "Dmitry Sedykh", null, "273", 1502213652L, 29, true, "text note", "u1/m82.wav", wav(10, 2), 10)));
    JsonArray list = expect(200, req(HttpMethod.GET, "/voicemails"), null).bodyAsJsonObject().getJsonArray("voiceMails");
    assertThat(list.getJsonObject(0)).isEqualTo(new JsonObject().put("from", "3095").put("fromName", "Dmitry Sedykh").put("to", "273")
        .put("ownerType", "user").put("id", "82").put("received", 1502213652L).put("duration", 29).put("read", true).put("note", "text note"));
    assertThat(list.getJsonObject(1)).isEqualTo(new JsonObject().put("from", "3044").put("fromName", "Peter Hyde").put("callerName", "Peter Hyde")
        .put("to", "273").put("ownerType", "user").put("id", "117").put("received", 1502565440L).put("duration", 7));
    assertThat(sim.received(MX, "MailGetListIncoming").get(0).xml()).contains("<userID>273</userID>");
  }

  @Test
  void oneChunkAndSeveralChunksDownloadWhole() throws Exception {
    byte[] one = wav(700, 3);
    byte[] three = wav(2500, 4);
    sim.voicemails(MX, List.of(SimVoice.Mail.of("5", "3044", "273", 1L, one, 1000), SimVoice.Mail.of("6", "3044", "273", 2L, three, 1000)));

    HttpResponse<Buffer> r = expect(200, req(HttpMethod.GET, "/voicemails/5"), null);
    assertThat(r.body().getBytes()).isEqualTo(one);
    assertThat(r.getHeader("Content-Type")).isEqualTo("audio/wave");
    assertThat(r.getHeader("Content-Disposition")).isEqualTo("attachment; filename=\"u0001/m5.wav\"");
    assertThat(r.getHeader("Content-Encoding")).isNotEqualTo("gzip");
    assertThat(chunkRequests()).as("a 1-chunk file costs one request, none past the end").isEqualTo(1);

    r = expect(200, req(HttpMethod.GET, "/voicemails/6").putHeader("Accept-Encoding", "gzip"), null);
    assertThat(r.body().getBytes()).isEqualTo(three);
    assertThat(r.getHeader("Content-Encoding")).isNotEqualTo("gzip");
    assertThat(chunkRequests()).isEqualTo(1 + 3);
    assertThat(sim.received(MX, "MailReceiveIncoming").get(3).xml()).contains("<nextChunk>");
    assertThat(sim.received(MX, "MailCancelReceive")).isEmpty();
  }

  @Test
  void aStalledClientStopsTheChunksAndLeavingCancelsTheReceive(Vertx vertx) throws Exception {
    // a chunk's base64 must fit one MX frame (64 KiB); 8 MiB outgrows the server's socket buffers (4 MiB max)
    int chunk = 32 * 1024;
    int total = 256;
    sim.voicemails(MX, List.of(SimVoice.Mail.of("9", "3044", "273", 1L, wav(chunk * total, 5), chunk)));
    // a fixed receive buffer turns off the kernel's autotuning, so the stalled client takes little
    HttpClient client = vertx.createHttpClient(new HttpClientOptions().setReceiveBufferSize(64 * 1024));
    Promise<HttpClientResponse> got = Promise.promise();
    client.request(HttpMethod.GET, node.httpPort, "127.0.0.1", "/voicemails/9")
        .compose(rq -> rq.putHeader("Authorization", "Bearer " + token).send())
        .onSuccess(res -> {
          res.pause(); // a client that reads nothing more
          got.complete(res);
        }).onFailure(got::fail);
    HttpClientResponse res = get(got.future());
    assertThat(res.statusCode()).isEqualTo(200);
    // wait until the server stops asking: back-pressure holds the rest of the file in MX
    int last = -1;
    int now = chunkRequests();
    while (now != last) {
      Thread.sleep(300);
      last = now;
      now = chunkRequests();
    }
    assertThat(now).as("chunks asked with a stalled client").isLessThan(total);
    get(res.request().connection().close());
    MxSimulator.Received cancel = get(sim.awaitFrame(f -> f.name().equals("MailCancelReceive")));
    assertThat(cancel.xml()).contains("<mailId>9</mailId>");
    get(client.close());
  }

  @Test
  void aCstaErrorMidFileCutsTheConnectionRatherThanEndingAShortFile() throws Exception {
    sim.voicemails(MX, List.of(SimVoice.Mail.of("7", "3044", "273", 1L, wav(3000, 8), 1000)));
    MxSimulator.Handler chunks = sim.handler("MailReceiveIncoming");
    sim.handle("MailReceiveIncoming", (s, m) -> {
      if (m.root().child("nextChunk") == null) chunks.handle(s, m);
      else s.reply(m, "<CSTAErrorCode><privateErrorCode>Mail gone</privateErrorCode></CSTAErrorCode>");
    });
    assertThat(MxFixture.failure(req(HttpMethod.GET, "/voicemails/7").send())).isNotNull();
    assertThat(get(sim.awaitFrame(f -> f.name().equals("MailCancelReceive"))).xml()).contains("<mailId>7</mailId>");
  }

  @Test
  void deleteAndPatch() throws Exception {
    sim.voicemails(MX, List.of(SimVoice.Mail.of("5", "3044", "273", 1L, wav(10, 6), 10)));
    JsonObject vm = expect(200, req(HttpMethod.PATCH, "/voicemails/5"), new JsonObject().put("read", true).put("note", "call back"))
        .bodyAsJsonObject();
    assertThat(vm).isEqualTo(new JsonObject().put("vm", new JsonObject().put("read", true).put("note", "call back")));
    assertThat(sim.voicemailsOf(MX).get("5").read()).isTrue();
    assertThat(sim.voicemailsOf(MX).get("5").note()).isEqualTo("call back");
    assertThat(expect(200, req(HttpMethod.PATCH, "/voicemails/5"), new JsonObject().put("note", "n2")).bodyAsJsonObject())
        .isEqualTo(new JsonObject().put("vm", new JsonObject().put("note", "n2")));
    assertThat(sim.received(MX, "MailSetStatus")).hasSize(1);

    HttpResponse<Buffer> r = expect(204, req(HttpMethod.DELETE, "/voicemails/5"), null);
    assertThat(r.body() == null || r.body().length() == 0).isTrue();
    assertThat(sim.voicemailsOf(MX)).isEmpty();
  }

  @Test
  void unknownIdsAre404AndCstaErrorsOnTheListAre500() throws Exception {
    for (HttpMethod m : new HttpMethod[] {HttpMethod.GET, HttpMethod.DELETE}) {
      assertThat(expect(404, req(m, "/voicemails/404"), null).bodyAsJsonObject()).isEqualTo(new JsonObject().put("error", "not found"));
    }
    expect(404, req(HttpMethod.PATCH, "/voicemails/404"), new JsonObject().put("read", false));
    sim.cstaError("MailGetListIncoming", "privateErrorCode", "URM Denied");
    assertThat(expect(500, req(HttpMethod.GET, "/voicemails"), null).bodyAsJsonObject().getString("error")).isEqualTo("URM Denied");
  }

  @Test
  void badInputIs400NeverAnMxRoundTrip() throws Exception {
    sim.voicemails(MX, List.of(SimVoice.Mail.of("5", "3044", "273", 1L, wav(10, 7), 10)));
    for (HttpMethod m : new HttpMethod[] {HttpMethod.GET, HttpMethod.DELETE}) expect(400, req(m, "/voicemails/abc"), null);
    expect(400, req(HttpMethod.PATCH, "/voicemails/x1"), new JsonObject().put("read", true));
    assertThat(expect(400, req(HttpMethod.PATCH, "/voicemails/5"), new JsonObject()).bodyAsJsonObject().getString("error")).isEqualTo("bad request");
    expect(400, req(HttpMethod.PATCH, "/voicemails/5"), new JsonObject().put("read", "yes"));
    expect(400, req(HttpMethod.PATCH, "/voicemails/5"), new JsonObject().put("note", 5));
    assertThat(get(req(HttpMethod.PATCH, "/voicemails/5").putHeader("Content-Type", "application/json").sendBuffer(Buffer.buffer("{\"read\":")))
        .statusCode()).isEqualTo(400);
    assertThat(get(req(HttpMethod.PATCH, "/voicemails/5").putHeader("Content-Type", "text/plain").sendBuffer(Buffer.buffer("{}")))
        .statusCode()).isEqualTo(400);
    assertThat(get(req(HttpMethod.PATCH, "/voicemails/5").putHeader("Content-Type", "application/json").sendBuffer(Buffer.buffer("[1]")))
        .statusCode()).isEqualTo(400);
    assertThat(get(req(HttpMethod.PUT, "/voicemails/5").send()).statusCode()).isEqualTo(405);
    assertThat(sim.received(MX, "MailSetStatus")).isEmpty();
    assertThat(sim.received(MX, "MailReceiveIncoming")).isEmpty();
  }
}
