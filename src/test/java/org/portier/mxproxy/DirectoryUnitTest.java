package org.portier.mxproxy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vertx.core.json.JsonObject;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.portier.config.ConfigValidator;

/** The pure parts of the directory endpoints: the timestamp parameter, XML decoding, the [mxproxy] callLogIdle check. */
class DirectoryUnitTest {
  @Test
  void timestamps() {
    assertThat(DirectoryRoutes.timestamp(List.of())).isEqualTo(-1);
    assertThat(DirectoryRoutes.timestamp(List.of(""))).isEqualTo(-1);
    assertThat(DirectoryRoutes.timestamp(List.of("1503223469"))).isEqualTo(1503223469L);
    assertThat(DirectoryRoutes.timestamp(List.of("2017-09-03T00:00:00Z"))).isEqualTo(1504396800L);
    assertThat(DirectoryRoutes.timestamp(List.of("2017-09-03T03:00:00+03:00"))).isEqualTo(1504396800L);
    assertThat(DirectoryRoutes.timestamp(List.of("2017-09-03T00:00:00.5Z"))).isEqualTo(1504396800L);
    for (String bad : new String[] {"x", "2017-09-03", "1e9", "0x10", "2017-09-03 00:00:00Z"}) {
      assertThatThrownBy(() -> DirectoryRoutes.timestamp(List.of(bad))).as(bad).isInstanceOfSatisfying(MxError.class,
          e -> assertThat(e.status()).isEqualTo(400));
    }
    assertThatThrownBy(() -> DirectoryRoutes.timestamp(List.of("1", "2"))).isInstanceOf(MxError.class);
  }

  @Test
  void decoding() {
    // namespaces, whitespace and presence attributes do not matter; empty fields are left out
    String page = "<ablist xmlns=\"http://www.ecma-international.org/standards/ecma-323/csta/ed3\" size=\"2\" index=\"0\">"
        + "<abentry jid=\"2\" presence=\"online\"><firstName> B </firstName><lastName></lastName><businessPhone>20</businessPhone></abentry>"
        + "<abentry jid=\"1\"><firstName>A</firstName><businessPhone>10</businessPhone></abentry></ablist>";
    assertThat(DirectoryJson.contacts(List.of(page)).encode())
        .isEqualTo("[{\"jid\":\"1\",\"firstName\":\"A\",\"ext\":\"10\"},{\"jid\":\"2\",\"firstName\":\"B\",\"ext\":\"20\"}]");
    String chunk = "<callloginfo><callinfo direction=\"outgoing\"><record_id>0</record_id><callType>0</callType>"
        + "<monitorType>silent</monitorType><serviceName>vm</serviceName></callinfo></callloginfo>";
    assertThat(DirectoryJson.callLog(List.of(chunk)).getJsonObject(0)).isEqualTo(new JsonObject().put("missed", false)
        .put("direction", "outgoing").put("record_id", 0).put("serviceName", "vm").put("monitorType", "silent"));
    assertThat(DirectoryJson.callLog(List.of("<callloginfo></callloginfo>")).encode()).isEqualTo("[]");
    assertThat(DirectoryJson.services("<GetServiceListResponse><list><Service><serviceId>7</serviceId></Service></list></GetServiceListResponse>")
        .encode()).isEqualTo("[{\"id\":\"7\"}]");
  }

  @Test
  void callLogIdleIsBounded() {
    assertThat(ConfigValidator.check(new JsonObject().put("mxproxy", new JsonObject().put("callLogIdle", "1s")))).isEmpty();
    assertThat(ConfigValidator.check(new JsonObject().put("mxproxy", new JsonObject().put("callLogIdle", "10ms"))))
        .anyMatch(e -> e.startsWith("mxproxy.callLogIdle"));
    assertThat(ConfigValidator.check(new JsonObject().put("mxproxy", new JsonObject().put("callLogIdle", "1m"))))
        .anyMatch(e -> e.startsWith("mxproxy.callLogIdle"));
  }
}
