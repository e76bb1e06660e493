package org.portier.testing;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** Percentile lines for the benchmarks (microsecond samples printed in milliseconds). */
public final class Latencies {
  private Latencies() {}

  public static void print(String what, List<Long> micros) {
    List<Long> s = new ArrayList<>(micros);
    Collections.sort(s);
    if (s.isEmpty()) {
      System.out.println(what + ": no samples");
      return;
    }
    System.out.printf("%-48s n=%d p50=%.2f ms p90=%.2f ms p99=%.2f ms max=%.2f ms%n", what, s.size(), pct(s, 0.50), pct(s, 0.90),
        pct(s, 0.99), s.get(s.size() - 1) / 1000.0);
  }

  private static double pct(List<Long> sorted, double p) {
    return sorted.get((int) Math.min(sorted.size() - 1, Math.max(0, Math.ceil(sorted.size() * p) - 1))) / 1000.0;
  }
}
