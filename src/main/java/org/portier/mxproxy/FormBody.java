package org.portier.mxproxy;

import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.RoutingContext;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Strict application/x-www-form-urlencoded decoding (MX Proxy's clients post their login as a
 * form). Broken percent escapes or bytes that are not UTF-8 are refused with 400 rather than
 * replaced, and the content type is checked the way MX Proxy's binder did (multipart forms are
 * accepted too). A field given twice is refused, as a JSON key given twice is on every face: which
 * of two user names or passwords counts must not depend on the reader.
 */
final class FormBody {
  private FormBody() {}

  /** The form fields of the request body; a field given twice is refused. */
  static Map<String, String> parse(RoutingContext ctx) {
    String type = ctx.request().getHeader("Content-Type");
    if (type == null || type.isBlank()) throw new MxError(400, "empty content type");
    String[] parts = type.split(";");
    if (parts[0].trim().equalsIgnoreCase("multipart/form-data")) {
      // MX Proxy's binder took multipart forms too; the body handler has already decoded their fields
      Map<String, String> out = new HashMap<>();
      ctx.request().formAttributes().forEach(e -> {
        if (out.putIfAbsent(e.getKey(), e.getValue()) != null) throw twice(e.getKey());
      });
      return out;
    }
    if (!parts[0].trim().equalsIgnoreCase("application/x-www-form-urlencoded")) throw new MxError(400, "unsupported content type");
    for (int i = 1; i < parts.length; i++) {
      String p = parts[i].trim().toLowerCase(Locale.ROOT);
      if (p.startsWith("charset=") && !p.substring(8).replace("\"", "").equals("utf-8")) throw new MxError(400, "unsupported charset");
    }
    Buffer body = ctx.body() == null ? null : ctx.body().buffer();
    return decode(body == null ? "" : body.toString(StandardCharsets.ISO_8859_1));
  }

  static Map<String, String> decode(String text) {
    Map<String, String> out = new HashMap<>();
    if (text.isEmpty()) return out;
    for (String pair : text.split("&")) {
      if (pair.isEmpty()) continue;
      int eq = pair.indexOf('=');
      String name = unescape(eq < 0 ? pair : pair.substring(0, eq));
      String value = eq < 0 ? "" : unescape(pair.substring(eq + 1));
      if (out.putIfAbsent(name, value) != null) throw twice(name);
    }
    return out;
  }

  private static MxError twice(String name) {
    return new MxError(400, "the form field \"" + JsonRequestBody.printable(name) + "\" is given twice");
  }

  /** Broken escapes say what the body handler says when it meets one first: "malformed request body". */
  private static String unescape(String s) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(s.length());
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '+') {
        bytes.write(' ');
      } else if (c == '%') {
        if (i + 2 >= s.length()) throw new MxError(400, "malformed request body");
        int hi = Character.digit(s.charAt(i + 1), 16);
        int lo = Character.digit(s.charAt(i + 2), 16);
        if (hi < 0 || lo < 0) throw new MxError(400, "malformed request body");
        bytes.write(hi * 16 + lo);
        i += 2;
      } else {
        // the raw body was read as ISO-8859-1, so each char is one byte
        bytes.write(c);
      }
    }
    try {
      return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes.toByteArray())).toString();
    } catch (CharacterCodingException e) {
      throw new MxError(400, "the form body is not valid UTF-8");
    }
  }
}
