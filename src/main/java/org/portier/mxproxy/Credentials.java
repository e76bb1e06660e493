package org.portier.mxproxy;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/** An HTTP Basic "user:password" pair (the OAuth2 client id and secret, or the provisioning login). */
record Credentials(String user, String password) {
  /** Parses "Authorization: Basic base64(user:password)"; null when absent or not decodable. */
  static Credentials basic(String header) {
    if (header == null) return null;
    String h = header.trim();
    if (h.length() < 6 || !h.regionMatches(true, 0, "Basic ", 0, 6)) return null;
    try {
      byte[] raw = Base64.getDecoder().decode(h.substring(6).trim());
      String pair = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(raw)).toString();
      int colon = pair.indexOf(':');
      return colon < 0 ? null : new Credentials(pair.substring(0, colon), pair.substring(colon + 1));
    } catch (IllegalArgumentException | CharacterCodingException e) {
      return null;
    }
  }

  String header() {
    return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
  }

  @Override
  public String toString() {
    return "Credentials[" + user + ", ***]";
  }
}
