package org.portier.mxproxy;

import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.util.Base64;

/**
 * ES256 JSON Web Tokens in the shape MX Proxy 2.1 issued: header {"alg":"ES256","typ":"JWT","kid"},
 * claims exp, iat, iss, jti, sub. The signature is JWS's raw r||s (64 bytes), which the JDK
 * produces and checks directly with SHA256withECDSAinP1363Format. Stateless.
 */
final class Jwt {
  static final String ALG = "ES256";
  private static final String JCA_ALG = "SHA256withECDSAinP1363Format";
  private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();
  private static final Base64.Decoder B64D = Base64.getUrlDecoder();
  /** Tokens are short; anything longer is refused before any parsing. */
  static final int MAX_LENGTH = 4096;

  /** The parts of a token whose signature is still to be checked. */
  record Parsed(JsonObject header, JsonObject claims, byte[] signingInput, byte[] signature) {
    String kid() {
      return header.getValue("kid") instanceof String k ? k : null;
    }
  }

  private Jwt() {}

  static String sign(String kid, PrivateKey key, JsonObject claims) {
    String header = B64.encodeToString(new JsonObject().put("alg", ALG).put("typ", "JWT").put("kid", kid).encode().getBytes(StandardCharsets.UTF_8));
    String payload = B64.encodeToString(claims.encode().getBytes(StandardCharsets.UTF_8));
    String input = header + "." + payload;
    try {
      Signature s = Signature.getInstance(JCA_ALG);
      s.initSign(key);
      s.update(input.getBytes(StandardCharsets.US_ASCII));
      return input + "." + B64.encodeToString(s.sign());
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("cannot sign a token", e);
    }
  }

  /**
   * Splits and decodes a token and checks its header strictly (alg must be ES256: "none", HS256
   * and every other algorithm are refused before a key is even looked up). Throws the 401 of
   * the reason on any defect.
   */
  static Parsed parse(String token) {
    if (token == null || token.isEmpty() || token.length() > MAX_LENGTH) throw invalid("invalid token");
    String[] parts = token.split("\\.", -1);
    if (parts.length != 3 || parts[0].isEmpty() || parts[1].isEmpty()) throw invalid("invalid token");
    if (parts[2].isEmpty()) throw invalid("token not signed");
    JsonObject header = object(parts[0]);
    JsonObject claims = object(parts[1]);
    Object typ = header.getValue("typ");
    if (typ != null && !"JWT".equals(typ)) throw invalid("bad token type");
    if (!ALG.equals(header.getValue("alg"))) throw invalid("unsupported signing algorithm");
    byte[] sig = bytes(parts[2]);
    if (sig.length != 64) throw invalid("bad ecdsa signature");
    return new Parsed(header, claims, (parts[0] + "." + parts[1]).getBytes(StandardCharsets.US_ASCII), sig);
  }

  /** The ECDSA check alone: the costly part (about a millisecond), so callers run it off the event loop. */
  static void checkSignature(Parsed p, PublicKey key) {
    try {
      Signature s = Signature.getInstance(JCA_ALG);
      s.initVerify(key);
      s.update(p.signingInput());
      if (!s.verify(p.signature())) throw invalid("bad ecdsa signature");
    } catch (GeneralSecurityException e) {
      throw invalid("bad ecdsa signature");
    }
  }

  /** The time claims and the subject of a token, read once. */
  record Claims(long exp, long iat, Long nbf, String sub) {
    /** exp, iat and nbf against {@code nowSeconds} with {@code skewSeconds} of tolerance; returns sub. */
    String check(long nowSeconds, long skewSeconds) {
      if (exp + skewSeconds < nowSeconds) throw invalid("token expired");
      if (iat - skewSeconds > nowSeconds) throw invalid("token used before issued");
      if (nbf != null && nbf - skewSeconds > nowSeconds) throw invalid("token not valid yet");
      return sub;
    }
  }

  /** exp and iat (numbers), nbf (optional) and sub (a non-empty string), or the 401 "invalid token". Cheap. */
  static Claims claims(Parsed p) {
    JsonObject c = p.claims();
    Long exp = seconds(c, "exp");
    Long iat = seconds(c, "iat");
    Long nbf = seconds(c, "nbf");
    if (exp == null || iat == null) throw invalid("invalid token");
    if (!(c.getValue("sub") instanceof String sub) || sub.isEmpty()) throw invalid("invalid token");
    return new Claims(exp, iat, nbf, sub);
  }

  private static Long seconds(JsonObject c, String claim) {
    Object v = c.getValue(claim);
    if (v == null) return null;
    if (!(v instanceof Number n)) throw invalid("invalid token");
    return n.longValue();
  }

  private static JsonObject object(String part) {
    try {
      Object v = io.vertx.core.json.Json.decodeValue(new String(bytes(part), StandardCharsets.UTF_8));
      if (v instanceof JsonObject o) return o;
    } catch (DecodeException e) {
      // fall through: not JSON
    }
    throw invalid("invalid token");
  }

  private static byte[] bytes(String part) {
    try {
      return B64D.decode(part);
    } catch (IllegalArgumentException e) {
      throw invalid("invalid token");
    }
  }

  static MxError invalid(String reason) {
    return MxError.bearer("invalid token: " + reason);
  }
}
