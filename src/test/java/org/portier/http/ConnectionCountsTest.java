package org.portier.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/** The node's connection counts: total and per-address caps, exact under concurrent opens and closes. */
class ConnectionCountsTest {
  @Test
  void capsTheTotalAndEachAddressAndExemptsProxiesFromThePerAddressCap() {
    ConnectionCounts counts = new ConnectionCounts();
    for (int i = 0; i < 3; i++) assertThat(counts.open("10.0.0.1", true, 5, 3)).isNull();
    assertThat(counts.open("10.0.0.1", true, 5, 3)).isEqualTo(ConnectionCounts.Refusal.PER_IP);
    // a trusted proxy is not held to the per-address cap, only to the total
    assertThat(counts.open("10.0.0.9", false, 5, 3)).isNull();
    assertThat(counts.open("10.0.0.9", false, 5, 3)).isNull();
    assertThat(counts.open("10.0.0.2", true, 5, 3)).isEqualTo(ConnectionCounts.Refusal.TOTAL);
    assertThat(counts.total()).isEqualTo(5);
    counts.close("10.0.0.1", true);
    assertThat(counts.of("10.0.0.1")).isEqualTo(2);
    assertThat(counts.open("10.0.0.2", true, 5, 3)).isNull();
  }

  @Test
  void concurrentOpensNeverPassTheCaps() throws Exception {
    ConnectionCounts counts = new ConnectionCounts();
    ExecutorService pool = Executors.newFixedThreadPool(8);
    try {
      List<Future<Boolean>> opened = new ArrayList<>();
      for (int i = 0; i < 2_000; i++) opened.add(pool.submit(() -> counts.open("10.0.0.1", true, 1_000, 50) == null));
      int accepted = 0;
      for (Future<Boolean> f : opened) if (f.get()) accepted++;
      assertThat(accepted).isEqualTo(50);
      assertThat(counts.of("10.0.0.1")).isEqualTo(50);
      assertThat(counts.total()).isEqualTo(50);
      for (int i = 0; i < 50; i++) counts.close("10.0.0.1", true);
      assertThat(counts.total()).isZero();
      assertThat(counts.of("10.0.0.1")).isZero();
    } finally {
      pool.shutdownNow();
    }
  }
}
