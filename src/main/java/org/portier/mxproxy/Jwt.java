package org.portier.mxproxy;

import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * The shape of the MX face's tokens as MX Proxy 2.1 issued them (header {"alg":"ES256","typ":"JWT","kid"},
 * claims exp, iat, iss, jti, sub) and the policy checks made before and after vertx-auth-jwt
 * checks the signature: a token whose header is not strictly ES256 is refused here, before any key
 * is looked up ("none", HS256 and every other algorithm), and the time claims are read once so a
 * remembered token is checked again on every request without decoding it. Signing and signature
 * checks are vertx-auth-jwt's (see {@link JwtKeys} and {@link MxTokens}). Stateless.
 */
final class Jwt {
  static final String ALG = "ES256";
  private static final Base64.Decoder B64D = Base64.getUrlDecoder();
  /** Tokens are short; anything longer is refused before any parsing. */
  static final int MAX_LENGTH = 4096;

  /** The decoded header and claims of a token whose signature is still to be checked. */
  record Parsed(JsonObject header, JsonObject claims) {
    String kid() {
      return header.getValue("kid") instanceof String k ? k : null;
    }
  }

  private Jwt() {}

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
    // JWS's raw r||s of P-256: vertx-auth-jwt would also take a DER signature, which no issuer of ours makes
    if (bytes(parts[2]).length != 64) throw invalid("bad ecdsa signature");
    return new Parsed(header, claims);
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
    return claims(p.claims());
  }

  /** The same, of a payload vertx-auth-jwt decoded after checking its signature. */
  static Claims claims(JsonObject c) {
    if (c == null) throw invalid("invalid token");
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
