package org.portier.mx;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The calls map alone: which events it keeps, Cleared, clear() and the TTL. */
class MxCallsTest {
  private static MxMessage event(String name, String conn, String callId, String called) {
    XmlOut x = XmlOut.root(name).start(conn).leaf("callID", callId).leaf("deviceID", "273").end();
    if (called != null) x.start("calledDevice").leaf("deviceIdentifier", called).end();
    String xml = x.build();
    return new MxMessage(MxFrame.EVENT_ID, name, MxXml.parse(xml), xml);
  }

  @Test
  void keepsDeliveredToTheUserAndEstablishedUntilCleared() {
    MxCalls calls = new MxCalls(Duration.ofHours(1));
    calls.onEvent(event("DeliveredEvent", "connection", "1", "273"), "273");
    calls.onEvent(event("DeliveredEvent", "connection", "2", "3095"), "273");
    calls.onEvent(event("DeliveredEvent", "connection", "3", "273"), null);
    assertThat(calls.get("1").getString("name")).isEqualTo("DeliveredEvent");
    assertThat(calls.get("2")).isNull();
    assertThat(calls.get("3")).isNull();
    calls.onEvent(event("EstablishedEvent", "establishedConnection", "1", null), "273");
    assertThat(calls.get("1").getString("name")).isEqualTo("EstablishedEvent");
    calls.onEvent(event("ConnectionClearedEvent", "droppedConnection", "1", null), "273");
    assertThat(calls.get("1")).isNull();
    calls.onEvent(event("EstablishedEvent", "establishedConnection", "4", null), "273");
    calls.clear();
    assertThat(calls.size()).isZero();
  }

  @Test
  void entriesExpireAfterTheTtl() throws Exception {
    MxCalls calls = new MxCalls(Duration.ofMillis(20));
    calls.onEvent(event("EstablishedEvent", "establishedConnection", "5", null), "273");
    assertThat(calls.get("5")).isNotNull();
    Thread.sleep(40); // a plain unit test, no event loop involved
    assertThat(calls.get("5")).isNull();
    assertThat(calls.size()).isZero();
  }
}
