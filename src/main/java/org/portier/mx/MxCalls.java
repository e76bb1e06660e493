package org.portier.mx;

import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * The calls map of one connection (GET /calls/{id}): call id → the last DeliveredEvent (only when
 * addressed to the user's own ext) or EstablishedEvent of that call, removed by its
 * ConnectionClearedEvent. Owned by the connection actor: fed by its subscription and read by its
 * bus op, both on its context. MX Proxy kept entries forever; a missed ConnectionCleared (a drop,
 * a reconnect) leaked them, so entries expire after a TTL and the map is cleared on every reconnect.
 */
final class MxCalls {
  static final Set<String> EVENTS = Set.of("DeliveredEvent", "EstablishedEvent", "ConnectionClearedEvent");
  /** Longer than any real call's ringing and talking; an entry this old is a Cleared we missed. */
  static final Duration TTL = Duration.ofHours(12);

  private record Entry(String name, String xml, long at) {}

  private final Map<String, Entry> calls = new LinkedHashMap<>();
  private final Duration ttl;

  MxCalls(Duration ttl) {
    this.ttl = ttl;
  }

  /** An event of {@link #EVENTS}; ext is the user's own, null before login. */
  void onEvent(MxMessage m, String ext) {
    String id = m.callId();
    if (id == null || id.isEmpty()) return;
    long now = System.currentTimeMillis();
    switch (m.name()) {
      case "DeliveredEvent" -> {
        if (ext != null && ext.equals(m.root().textAt("calledDevice>deviceIdentifier"))) put(id, m, now);
      }
      case "EstablishedEvent" -> put(id, m, now);
      case "ConnectionClearedEvent" -> calls.remove(id);
      default -> { }
    }
  }

  private void put(String id, MxMessage m, long now) {
    calls.remove(id); // re-inserted last: the map stays in insertion (= age) order for pruning
    calls.put(id, new Entry(m.name(), m.xml(), now));
    prune(now);
  }

  /** {"name","xml","at"(Unix seconds)} or null when unknown or expired. */
  JsonObject get(String id) {
    prune(System.currentTimeMillis());
    Entry e = calls.get(id);
    return e == null ? null : new JsonObject().put("name", e.name()).put("xml", e.xml()).put("at", e.at() / 1000);
  }

  void clear() {
    calls.clear();
  }

  int size() {
    return calls.size();
  }

  /** Oldest first, so pruning stops at the first live entry. */
  private void prune(long now) {
    var it = calls.values().iterator();
    while (it.hasNext()) {
      if (now - it.next().at() <= ttl.toMillis()) return;
      it.remove();
    }
  }
}
