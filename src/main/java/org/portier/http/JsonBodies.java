package org.portier.http;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import io.vertx.ext.web.RoutingContext;

/**
 * Strict request-body decoding: UTF-8 only (broken bytes are refused, not replaced), one JSON value
 * parsed by a parser of our own rather than Vert.x's shared codec, so that what the shared codec lets
 * through is refused here: a key given twice ({"a":1,"a":2}, where the last would silently win), a lone
 * UTF-16 surrogate escape ("\ud800", valid JSON text but not Unicode; the store would keep "?"), and
 * nesting deeper than any request needs. Whole numbers keep their exact value (Integer, Long or
 * BigInteger, never wrapped); numbers with a fraction or exponent become Double, which {@link Input}
 * refuses wherever a whole number is expected.
 */
public final class JsonBodies {
  /** Deeper than any body a client of Portier sends; bounds the parser's recursion. */
  static final int MAX_DEPTH = 32;
  /** Digits of the longest number read at all; anything longer is out of every range Portier has. */
  static final int MAX_NUMBER_LENGTH = 100;

  // Duplicate keys are found by the tree builder below rather than by Jackson's
  // STRICT_DUPLICATE_DETECTION, so that the message can name the key without quoting Jackson.
  private static final JsonFactory STRICT = JsonFactory.builder()
      .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(MAX_DEPTH + 1).maxNumberLength(MAX_NUMBER_LENGTH).build())
      .build();

  private JsonBodies() {}

  /** The body as a JSON object; an empty body is {} when {@code emptyIsObject} (the Android app sends 0 bytes). */
  public static JsonObject object(RoutingContext ctx, boolean emptyIsObject) {
    Buffer body = ctx.body() == null ? null : ctx.body().buffer();
    if (body == null || body.length() == 0 || body.toString(StandardCharsets.ISO_8859_1).isBlank()) {
      if (emptyIsObject) return new JsonObject();
      throw new BadInput(400, "the request body is empty; a JSON object is expected");
    }
    Object parsed = parse(utf8(body));
    if (!(parsed instanceof JsonObject o)) throw new BadInput(400, "the request body must be a JSON object");
    return o;
  }

  /**
   * Parses JSON text strictly (see the class comment). Malformed text is a 400 "not valid JSON";
   * a duplicate key or a lone surrogate is a 400 whose message names the field.
   */
  public static Object parse(String text) {
    try (JsonParser p = STRICT.createParser(text)) {
      JsonToken first = p.nextToken();
      if (first == null) throw new BadInput(400, "the request body is not valid JSON");
      Object v = value(p, first, "the request body", 0);
      if (p.nextToken() != null) throw new BadInput(400, "the request body is not valid JSON: more than one value");
      return v;
    } catch (BadInput e) {
      throw e;
    } catch (StreamConstraintsException e) {
      throw new BadInput(400, "the request body is not valid JSON: it holds a number of more than " + MAX_NUMBER_LENGTH + " digits or is nested too deeply");
    } catch (IOException | RuntimeException e) {
      // Jackson's messages quote the input and its own internals; the client gets a plain sentence
      throw new BadInput(400, "the request body is not valid JSON");
    }
  }

  private static Object value(JsonParser p, JsonToken t, String where, int depth) throws IOException {
    switch (t) {
      case START_OBJECT -> {
        if (depth >= MAX_DEPTH) throw new BadInput(400, "the request body is nested too deeply");
        Map<String, Object> map = new LinkedHashMap<>();
        for (JsonToken k = p.nextToken(); k != JsonToken.END_OBJECT; k = p.nextToken()) {
          String name = p.currentName();
          if (unpairedSurrogate(name)) throw new BadInput(400, "a field name in " + where + " is not valid Unicode (a lone UTF-16 surrogate)");
          if (map.containsKey(name)) throw new BadInput(400, "the field " + quoted(name) + " is given twice");
          map.put(name, value(p, p.nextToken(), quoted(name), depth + 1));
        }
        return new JsonObject(map);
      }
      case START_ARRAY -> {
        if (depth >= MAX_DEPTH) throw new BadInput(400, "the request body is nested too deeply");
        List<Object> list = new ArrayList<>();
        for (JsonToken e = p.nextToken(); e != JsonToken.END_ARRAY; e = p.nextToken()) list.add(value(p, e, where, depth + 1));
        return new JsonArray(list);
      }
      case VALUE_STRING -> {
        String s = p.getText();
        if (unpairedSurrogate(s)) throw new BadInput(400, where + " is not valid Unicode text (a lone UTF-16 surrogate)");
        return s;
      }
      case VALUE_NUMBER_INT -> {
        return p.getNumberValue();
      }
      case VALUE_NUMBER_FLOAT -> {
        double d = p.getDoubleValue();
        if (Double.isInfinite(d)) throw new BadInput(400, where + " is a number out of range");
        return d;
      }
      case VALUE_TRUE -> {
        return Boolean.TRUE;
      }
      case VALUE_FALSE -> {
        return Boolean.FALSE;
      }
      case VALUE_NULL -> {
        return null;
      }
      default -> throw new BadInput(400, "the request body is not valid JSON");
    }
  }

  /** Field names echoed in messages: short, printable. */
  private static String quoted(String name) {
    String t = name.replaceAll("[^\\x20-\\x7e]", "?");
    return "\"" + (t.length() > 40 ? t.substring(0, 40) + "…" : t) + "\"";
  }

  /** True when the text holds a high surrogate not followed by a low one, or a low one not preceded by a high one. */
  public static boolean unpairedSurrogate(String s) {
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (Character.isHighSurrogate(c)) {
        if (i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
          i++;
        } else {
          return true;
        }
      } else if (Character.isLowSurrogate(c)) {
        return true;
      }
    }
    return false;
  }

  public static String utf8(Buffer body) {
    try {
      return StandardCharsets.UTF_8.newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(body.getBytes())).toString();
    } catch (CharacterCodingException e) {
      throw new BadInput(400, "the request body is not valid UTF-8");
    }
  }
}
