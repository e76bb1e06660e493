package org.portier.mobile;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.Json;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import java.util.Set;
import java.util.TreeSet;
import org.portier.testing.TestNode;

/**
 * JSON type checks against compact shape specs written as JSON: "str", "int", "tf" ("t"/"f"),
 * "bool", "numstr" (a string holding an integer); a trailing "?" on a type or on a field name (for
 * arrays and objects) makes the field optional; an object spec lists every field the answer may
 * carry (an unknown field fails), an array spec [x] checks each element against x.
 */
final class ConformanceShapes {
  private ConformanceShapes() {}

  /** The envelope rules of contract §2.2 for one answer; returns data (null when absent or 204). */
  static Object envelope(String what, HttpResponse<Buffer> r, int status) {
    assertThat(r.statusCode()).as(what + ": " + TestNode.status(r)).isEqualTo(status);
    if (status == 204) {
      assertThat(r.body() == null || r.body().length() == 0).as(what + ": 204 has no body").isTrue();
      return null;
    }
    assertThat(r.getHeader("content-type")).as(what).startsWith("application/json");
    JsonObject body = r.bodyAsJsonObject();
    assertThat(body.getValue("code")).as(what + ": code").isInstanceOf(Integer.class).isEqualTo(status);
    assertThat(body.getValue("name")).as(what + ": name").isInstanceOf(String.class);
    assertThat(body.getValue("message")).as(what + ": message").isInstanceOf(String.class);
    assertThat(body.getString("message")).as(what).isNotBlank();
    assertThat(new TreeSet<>(body.fieldNames())).as(what + ": envelope fields").isSubsetOf(Set.of("code", "name", "message", "data"));
    if (body.containsKey("data")) assertThat(body.getValue("data")).as(what + ": data is never null").isNotNull();
    if (status >= 400 && body.containsKey("data")) {
      assertThat(body.getValue("data")).as(what + ": error data is a string (iOS decodes it as one)").isInstanceOf(String.class);
    }
    return body.getValue("data");
  }

  static void shape(String what, Object value, String spec) {
    check(what, value, Json.decodeValue(spec));
  }

  private static void check(String at, Object value, Object spec) {
    if (spec instanceof String s) {
      String type = s.endsWith("?") ? s.substring(0, s.length() - 1) : s;
      assertThat(value).as(at + " is required").isNotNull();
      switch (type) {
        case "str" -> assertThat(value).as(at + " is a string").isInstanceOf(String.class);
        case "int" -> assertThat(value).as(at + " is a whole number").isInstanceOfAny(Integer.class, Long.class);
        case "tf" -> assertThat(value).as(at + " is \"t\" or \"f\"").isIn("t", "f");
        case "bool" -> assertThat(value).as(at + " is a JSON boolean").isInstanceOf(Boolean.class);
        case "numstr" -> assertThat(value).as(at + " is a string holding an integer").isInstanceOf(String.class)
            .matches(v -> ((String) v).matches("\\d{1,10}"));
        default -> throw new IllegalArgumentException("unknown type " + type);
      }
    } else if (spec instanceof JsonArray a) {
      assertThat(value).as(at + " is an array").isInstanceOf(JsonArray.class);
      JsonArray arr = (JsonArray) value;
      for (int i = 0; i < arr.size(); i++) check(at + "[" + i + "]", arr.getValue(i), a.getValue(0));
    } else {
      JsonObject o = (JsonObject) spec;
      assertThat(value).as(at + " is an object").isInstanceOf(JsonObject.class);
      JsonObject v = (JsonObject) value;
      Set<String> allowed = new TreeSet<>();
      for (String f : o.fieldNames()) allowed.add(f.endsWith("?") ? f.substring(0, f.length() - 1) : f);
      assertThat(new TreeSet<>(v.fieldNames())).as(at + ": no fields beyond the contract's").isSubsetOf(allowed);
      for (String key : o.fieldNames()) {
        Object fs = o.getValue(key);
        String f = key.endsWith("?") ? key.substring(0, key.length() - 1) : key;
        boolean optional = key.endsWith("?") || fs instanceof String s && s.endsWith("?");
        if (optional && !v.containsKey(f)) continue;
        check(at + "." + f, v.getValue(f), fs);
      }
    }
  }
}
