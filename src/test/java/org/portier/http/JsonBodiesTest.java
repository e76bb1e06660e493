package org.portier.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vertx.core.json.JsonObject;
import java.math.BigInteger;
import org.junit.jupiter.api.Test;

/** The strict body parser and the exact number reading every face relies on. */
class JsonBodiesTest {

  private static Input in(String json) {
    return Input.of((JsonObject) JsonBodies.parse(json));
  }

  private static String refusal(Runnable r) {
    try {
      r.run();
    } catch (BadInput e) {
      return e.status() + " " + e.getMessage();
    }
    throw new AssertionError("not refused");
  }

  @Test
  void duplicateKeysAreRefusedNamingTheKey() {
    assertThat(refusal(() -> JsonBodies.parse("{\"a\":1,\"a\":2}"))).isEqualTo("400 the field \"a\" is given twice");
    assertThat(refusal(() -> JsonBodies.parse("{\"x\":{\"b\":1,\"b\":1}}"))).contains("\"b\" is given twice");
    assertThat(refusal(() -> JsonBodies.parse("[{\"c\":1,\"c\":null}]"))).contains("\"c\" is given twice");
  }

  @Test
  void loneSurrogatesAreRefusedPairedOnesKept() {
    assertThat(refusal(() -> JsonBodies.parse("{\"name\":\"a\\ud800b\"}"))).startsWith("400 \"name\"").contains("lone UTF-16 surrogate");
    assertThat(refusal(() -> JsonBodies.parse("{\"name\":\"\\udc00\"}"))).contains("lone UTF-16 surrogate");
    assertThat(refusal(() -> JsonBodies.parse("{\"name\":\"x\\ud800\"}"))).contains("lone UTF-16 surrogate");
    assertThat(refusal(() -> JsonBodies.parse("{\"\\ud800\":1}"))).contains("field name").contains("lone UTF-16 surrogate");
    assertThat(refusal(() -> JsonBodies.parse("{\"list\":[\"\\udfff\"]}"))).contains("\"list\"");
    assertThat(((JsonObject) JsonBodies.parse("{\"name\":\"\\ud83d\\ude00\"}")).getString("name")).isEqualTo("😀");
  }

  @Test
  void malformedOrTrailingTextAndDeepNestingAreRefused() {
    assertThat(refusal(() -> JsonBodies.parse("{\"a\":1"))).isEqualTo("400 the request body is not valid JSON");
    assertThat(refusal(() -> JsonBodies.parse("{\"a\":1} {}"))).startsWith("400 the request body is not valid JSON");
    assertThat(refusal(() -> JsonBodies.parse("{\"a\":NaN}"))).startsWith("400 the request body is not valid JSON");
    assertThat(refusal(() -> JsonBodies.parse("[".repeat(100) + "]".repeat(100)))).contains("nested too deeply");
    assertThat(refusal(() -> JsonBodies.parse("{\"a\":" + "9".repeat(500) + "}"))).contains("more than 100 digits");
    assertThat(refusal(() -> JsonBodies.parse("{\"a\":1e999}"))).contains("\"a\" is a number out of range");
  }

  @Test
  void wholeNumbersKeepTheirExactValue() {
    assertThat(((JsonObject) JsonBodies.parse("{\"a\":18446744073709558617}")).getValue("a"))
        .isEqualTo(new BigInteger("18446744073709558617"));
    assertThat(in("{\"a\":7001}").integer("a", 1, Integer.MAX_VALUE)).isEqualTo(7001);
    assertThat(in("{\"a\":\"7001\"}").integer("a", 1, Integer.MAX_VALUE)).isEqualTo(7001);
    assertThat(in("{\"a\":9223372036854775807}").integer("a", 1, Long.MAX_VALUE)).isEqualTo(Long.MAX_VALUE);
  }

  @Test
  void numbersOutOfRangeAreRefusedNeverWrapped() {
    String range = "422 panelId must be between 1 and 2147483647";
    assertThat(refusal(() -> in("{\"panelId\":18446744073709558617}").integer("panelId", 1, Integer.MAX_VALUE))).isEqualTo(range);
    assertThat(refusal(() -> in("{\"panelId\":\"18446744073709558617\"}").integer("panelId", 1, Integer.MAX_VALUE))).isEqualTo(range);
    assertThat(refusal(() -> in("{\"panelId\":9223372036854775808}").integer("panelId", 1, Integer.MAX_VALUE))).isEqualTo(range);
    assertThat(refusal(() -> in("{\"panelId\":-1}").integer("panelId", 1, Integer.MAX_VALUE))).isEqualTo(range);
    assertThat(refusal(() -> in("{\"doorId\":18446744073709551616}").integer("doorId", 0, 255))).isEqualTo("422 doorId must be between 0 and 255");
    assertThat(refusal(() -> in("{\"id\":\"18446744073709551717\"}").integer("id", 1, Long.MAX_VALUE))).contains("id must be between 1 and");
  }

  @Test
  void fractionsExponentsAndOtherTypesAreRefused() {
    assertThat(refusal(() -> in("{\"panelId\":7001.5}").integer("panelId", 1, 9999))).isEqualTo("422 panelId must be a whole number, without a fraction or exponent");
    assertThat(refusal(() -> in("{\"panelId\":1e3}").integer("panelId", 1, 9999))).isEqualTo("422 panelId must be a whole number, without a fraction or exponent");
    assertThat(refusal(() -> in("{\"panelId\":7001.0}").integer("panelId", 1, 9999))).contains("without a fraction");
    assertThat(refusal(() -> in("{\"panelId\":\"7001.5\"}").integer("panelId", 1, 9999))).isEqualTo("422 panelId must be a whole number");
    assertThat(refusal(() -> in("{\"panelId\":\"+7\"}").integer("panelId", 1, 9999))).isEqualTo("422 panelId must be a whole number");
    assertThat(refusal(() -> in("{\"panelId\":true}").integer("panelId", 1, 9999))).isEqualTo("422 panelId must be a whole number");
    assertThat(refusal(() -> in("{\"name\":5}").string("name", 1, 10))).isEqualTo("422 name must be a string");
  }

  @Test
  void pathIdsBeyondALongAreNotFound() {
    assertThat(Input.id("9223372036854775807", "house")).isEqualTo(Long.MAX_VALUE);
    assertThat(refusal(() -> Input.id("9223372036854775808", "house"))).startsWith("404 no house with id");
    assertThat(refusal(() -> Input.id("18446744073709551623", "house"))).startsWith("404 no house with id");
    assertThat(refusal(() -> Input.id("-1", "house"))).startsWith("404");
  }
}
