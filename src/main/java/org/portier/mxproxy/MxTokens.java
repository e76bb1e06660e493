package org.portier.mxproxy;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.auth.JWTOptions;
import io.vertx.ext.auth.NoSuchKeyIdException;
import io.vertx.ext.auth.User;
import io.vertx.ext.auth.authentication.TokenCredentials;
import io.vertx.ext.auth.jwt.JWTAuth;
import java.security.SignatureException;
import java.time.Duration;
import java.util.Base64;
import java.util.function.Function;
import java.util.function.Supplier;
import org.portier.config.Config;
import org.portier.security.Secrets;

/**
 * Issues and checks the MX face's access tokens with vertx-auth-jwt and the keys of
 * {@link JwtKeys}; TTLs are read from the config on every call, so a reload applies to the next
 * token. The header is checked strictly first ({@link Jwt#parse}), the signature and the time
 * claims (with {@link #SKEW_SECONDS} of leeway) by vertx-auth-jwt on a worker thread, then the
 * claims once more against this clock; a token that passed is remembered by its exact string.
 */
final class MxTokens {
  /** Clock difference tolerated between Portier nodes (and against a client's idea of time). */
  static final long SKEW_SECONDS = 30;
  private static final java.util.regex.Pattern KID = java.util.regex.Pattern.compile("[0-9a-z]{1,32}");
  /** Signatures remembered: well above the tokens one node's users hold at once (10,000 users, a few devices each). */
  private static final int REMEMBERED = 50_000;
  /** The header MX Proxy wrote, in its order (vertx-auth-jwt adds the kid after it). */
  private static final JWTOptions SIGNING = new JWTOptions().setAlgorithm(Jwt.ALG)
      .setHeader(new JsonObject().put("alg", Jwt.ALG).put("typ", "JWT"));
  private final Vertx vertx;
  private final JwtKeys keys;
  private final Supplier<Config> config;
  private final VerifiedSignatures verified = new VerifiedSignatures(REMEMBERED);

  MxTokens(Vertx vertx, JwtKeys keys, Supplier<Config> config) {
    this.vertx = vertx;
    this.keys = keys;
    this.config = config;
  }

  /** The 200 body of POST /auth for {@code login}. */
  Future<JsonObject> issue(String login) {
    Config c = config.get();
    Duration tokenTtl = c.duration("jwt.tokenTTL");
    // ECDSA signing is CPU work: a worker thread does it, the event loop goes on serving
    return keys.signingKey(c.duration("jwt.signKeyTTL"), tokenTtl).compose(k -> vertx.executeBlocking(() -> {
      long now = keys.now() / 1000;
      JsonObject claims = new JsonObject()
          .put("exp", now + tokenTtl.toSeconds())
          .put("iat", now)
          .put("iss", c.string("mxproxy.issuer"))
          .put("jti", Base64.getUrlEncoder().withoutPadding().encodeToString(Secrets.randomBytes(6)))
          .put("sub", login);
      return new JsonObject().put("token_type", "Bearer").put("access_token", k.signer().generateToken(claims, SIGNING))
          .put("expires_in", tokenTtl.toSeconds());
    }, false));
  }

  /** The login (sub) of a valid token; fails with a 401 {@link MxError} "invalid token: &lt;reason&gt;". */
  Future<String> verify(String token) {
    VerifiedSignatures.Known known = verified.known(token);
    if (known != null) return usable(known.kid()).compose(v -> check(known.claims()));
    Jwt.Parsed p;
    try {
      p = Jwt.parse(token);
    } catch (MxError e) {
      return Future.failedFuture(e);
    }
    String kid = p.kid();
    if (kid == null || !KID.matcher(kid).matches()) return Future.failedFuture(Jwt.invalid("unknown or obsolete signing key"));
    return usable(kid).compose(v -> {
      JWTAuth verifier = keys.verifier();
      if (verifier == null) return Future.failedFuture(Jwt.invalid("unknown or obsolete signing key"));
      // the first sight of a token: vertx-auth-jwt checks its signature on a worker thread (about 1 ms of ECDSA)
      return vertx.executeBlocking(() -> verifier.authenticate(new TokenCredentials(token)), false)
          .compose(Function.identity())
          .transform(ar -> ar.succeeded() ? claimsOf(ar.result()) : Future.failedFuture(refusal(ar.cause(), p)));
    }).compose(c -> check(c).onSuccess(login -> verified.remember(token, new VerifiedSignatures.Known(kid, c))));
  }

  /** Succeeds while the key {@code kid} is young enough to verify, else the 401 "unknown or obsolete signing key". */
  private Future<Void> usable(String kid) {
    Config c = config.get();
    return keys.verifies(kid, c.duration("jwt.signKeyTTL"), c.duration("jwt.tokenTTL"))
        .compose(ok -> ok ? Future.succeededFuture() : Future.failedFuture(Jwt.invalid("unknown or obsolete signing key")));
  }

  /** The claims vertx-auth-jwt decoded from the signed payload. */
  private static Future<Jwt.Claims> claimsOf(User user) {
    try {
      return Future.succeededFuture(Jwt.claims(user.attributes().getJsonObject("accessToken")));
    } catch (MxError e) {
      return Future.failedFuture(e);
    }
  }

  /**
   * vertx-auth-jwt's refusal as the MX face's 401. Its "expired" covers exp, iat and nbf alike and
   * comes only after the signature checked out, so the claims then tell which of them it was. The
   * header and payload were already found well-formed by {@link Jwt#parse}, so any other refusal
   * is the signature's (a mismatch, or r and s that are no ECDSA signature at all).
   */
  private MxError refusal(Throwable e, Jwt.Parsed p) {
    if (e instanceof NoSuchKeyIdException) return Jwt.invalid("unknown or obsolete signing key");
    if (!(e instanceof SignatureException) && String.valueOf(e.getMessage()).contains("expired")) {
      try {
        Jwt.claims(p).check(keys.now() / 1000, SKEW_SECONDS);
      } catch (MxError precise) {
        return precise;
      }
      return Jwt.invalid("token expired");
    }
    return Jwt.invalid("bad ecdsa signature");
  }

  private Future<String> check(Jwt.Claims claims) {
    try {
      return Future.succeededFuture(claims.check(keys.now() / 1000, SKEW_SECONDS));
    } catch (MxError e) {
      return Future.failedFuture(e);
    }
  }
}
