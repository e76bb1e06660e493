package org.portier.http;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import io.vertx.ext.web.RoutingContext;

/** Strict request-body decoding: UTF-8 only (broken bytes are refused, not replaced), one JSON object. */
public final class JsonBodies {
  private JsonBodies() {}

  /** The body as a JSON object; an empty body is {} when {@code emptyIsObject} (the Android app sends 0 bytes). */
  public static JsonObject object(RoutingContext ctx, boolean emptyIsObject) {
    Buffer body = ctx.body() == null ? null : ctx.body().buffer();
    if (body == null || body.length() == 0 || body.toString(StandardCharsets.ISO_8859_1).isBlank()) {
      if (emptyIsObject) return new JsonObject();
      throw new BadInput(400, "the request body is empty; a JSON object is expected");
    }
    String text = utf8(body);
    Object parsed;
    try {
      parsed = io.vertx.core.json.Json.decodeValue(text);
    } catch (DecodeException e) {
      throw new BadInput(400, "the request body is not valid JSON");
    }
    if (!(parsed instanceof JsonObject o)) throw new BadInput(400, "the request body must be a JSON object");
    return o;
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
