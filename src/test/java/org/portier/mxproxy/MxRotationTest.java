package org.portier.mxproxy;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Promise;
import io.vertx.core.http.HttpMethod;
import io.vertx.sqlclient.Tuple;
import org.junit.jupiter.api.Test;
import org.portier.testing.TestNode;

class MxRotationTest extends MxTestBase {
  @Override
  protected void configure(TestNode node) {
    node.set("jwt", new io.vertx.core.json.JsonObject().put("signKeyTTL", "1s").put("tokenTTL", "1h"));
  }

  private void elapse(long ms) throws Exception {
    Promise<Void> p = Promise.promise();
    vertx.setTimer(ms, t -> p.complete());
    await(p.future());
  }

  @Test
  void signingKeyRotatesAndOldTokensStillVerify() throws Exception {
    String first = login("ok@x");
    String kid1 = new io.vertx.core.json.JsonObject(new String(java.util.Base64.getUrlDecoder().decode(first.split("\\.")[0]))).getString("kid");
    // a key far past its verification time, to be swept by the next rotation
    await(node.portier().store().pool().preparedQuery("INSERT INTO mx_jwt_keys (kid, private_key, public_key, created_at) VALUES (?, ?, ?, ?)")
        .execute(Tuple.of("ancient", "x", "y", 1L)));
    elapse(1100);
    String second = login("ok@x");
    String kid2 = new io.vertx.core.json.JsonObject(new String(java.util.Base64.getUrlDecoder().decode(second.split("\\.")[0]))).getString("kid");
    assertThat(kid2).isNotEqualTo(kid1);
    assertThat(bearer(HttpMethod.GET, "/auth", first).statusCode()).isEqualTo(200);
    assertThat(bearer(HttpMethod.GET, "/auth", second).statusCode()).isEqualTo(200);
    var kids = await(node.portier().store().pool().query("SELECT kid FROM mx_jwt_keys").execute());
    java.util.List<String> stored = new java.util.ArrayList<>();
    kids.forEach(r -> stored.add(r.getString("KID")));
    assertThat(stored).contains(kid1, kid2).doesNotContain("ancient");
  }
}
