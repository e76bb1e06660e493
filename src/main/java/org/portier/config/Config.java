package org.portier.config;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * A validated configuration: defaults with the operator's file laid over them. Immutable once
 * built; keys are read by dotted path ("sip.transport"). Travels over the event bus as JSON.
 */
public final class Config {
  private final JsonObject json;

  public Config(JsonObject json) {
    this.json = json;
  }

  public JsonObject json() {
    return json.copy();
  }

  public long version() {
    return json.getLong("version", 0L);
  }

  public Config withVersion(long v) {
    return new Config(json.copy().put("version", v));
  }

  private Object get(String path) {
    String[] parts = path.split("\\.");
    JsonObject node = json;
    for (int i = 0; i < parts.length - 1; i++) {
      node = node.getJsonObject(parts[i]);
      if (node == null) return null;
    }
    return node.getValue(parts[parts.length - 1]);
  }

  public String string(String path) {
    Object v = get(path);
    return v == null ? "" : v.toString();
  }

  public long number(String path) {
    Object v = get(path);
    return v instanceof Number n ? n.longValue() : 0L;
  }

  public int integer(String path) {
    return Math.toIntExact(number(path));
  }

  public boolean bool(String path) {
    return Boolean.TRUE.equals(get(path));
  }

  public Duration duration(String path) {
    return Durations.parse(string(path));
  }

  public JsonObject table(String path) {
    Object v = get(path);
    return v instanceof JsonObject o ? o : new JsonObject();
  }

  public List<String> strings(String path) {
    Object v = get(path);
    List<String> out = new ArrayList<>();
    if (v instanceof JsonArray a) a.forEach(x -> out.add(String.valueOf(x)));
    return out;
  }
}
