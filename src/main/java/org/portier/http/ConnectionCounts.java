package org.portier.http;

import io.vertx.core.Vertx;
import io.vertx.core.shareddata.Shareable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Open connections of the public listener, in total and per remote address, shared by every HTTP
 * verticle instance of the node (one per event loop) through a local map. Thread-safe: the total
 * is an atomic counter and each address's count changes only inside ConcurrentHashMap.compute.
 * The map holds only addresses with an open connection, so it is bounded by http.maxConnections.
 */
final class ConnectionCounts implements Shareable {
  private static final String MAP = "portier.http.connections";

  enum Refusal { TOTAL, PER_IP }

  private final AtomicInteger total = new AtomicInteger();
  private final ConcurrentHashMap<String, Integer> perIp = new ConcurrentHashMap<>();

  static ConnectionCounts of(Vertx vertx) {
    return (ConnectionCounts) vertx.sharedData().getLocalMap(MAP).computeIfAbsent("counts", k -> new ConnectionCounts());
  }

  /** Counts a new connection, or answers why it is over a cap (then nothing is counted). */
  Refusal open(String ip, boolean countPerIp, int maxTotal, int maxPerIp) {
    if (total.incrementAndGet() > maxTotal) {
      total.decrementAndGet();
      return Refusal.TOTAL;
    }
    if (!countPerIp) return null;
    boolean[] over = {false};
    perIp.compute(ip, (k, n) -> {
      int now = n == null ? 0 : n;
      if (now >= maxPerIp) {
        over[0] = true;
        return n;
      }
      return now + 1;
    });
    if (over[0]) {
      total.decrementAndGet();
      return Refusal.PER_IP;
    }
    return null;
  }

  /** Forgets a connection counted by {@link #open}. */
  void close(String ip, boolean countedPerIp) {
    total.decrementAndGet();
    if (countedPerIp) perIp.computeIfPresent(ip, (k, n) -> n <= 1 ? null : n - 1);
  }

  int total() {
    return total.get();
  }

  int of(String ip) {
    return perIp.getOrDefault(ip, 0);
  }
}
