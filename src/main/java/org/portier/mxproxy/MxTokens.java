package org.portier.mxproxy;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.Base64;
import java.util.function.Supplier;
import org.portier.config.Config;
import org.portier.security.Secrets;

/**
 * Issues and checks the MX face's access tokens with the keys of {@link JwtKeys}; TTLs are read
 * from the config on every call, so a reload applies to the next token.
 */
final class MxTokens {
  /** Clock difference tolerated between Portier nodes (and against a client's idea of time). */
  static final long SKEW_SECONDS = 30;
  private static final java.util.regex.Pattern KID = java.util.regex.Pattern.compile("[0-9a-z]{1,32}");
  /** Signatures remembered: well above the tokens one node's users hold at once (10,000 users, a few devices each). */
  private static final int REMEMBERED = 50_000;
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
      return new JsonObject().put("token_type", "Bearer").put("access_token", Jwt.sign(k.kid(), k.key(), claims))
          .put("expires_in", tokenTtl.toSeconds());
    }, false));
  }

  /** The login (sub) of a valid token; fails with a 401 {@link MxError} "invalid token: &lt;reason&gt;". */
  Future<String> verify(String token) {
    VerifiedSignatures.Known known = verified.known(token);
    if (known != null) return keyOf(known.kid()).compose(key -> check(known.claims()));
    Jwt.Parsed p;
    try {
      p = Jwt.parse(token);
    } catch (MxError e) {
      return Future.failedFuture(e);
    }
    String kid = p.kid();
    if (kid == null || !KID.matcher(kid).matches()) return Future.failedFuture(Jwt.invalid("unknown or obsolete signing key"));
    // the first sight of a token: its signature is checked on a worker thread (about 1 ms of ECDSA)
    return keyOf(kid).compose(key -> vertx.<Jwt.Claims>executeBlocking(() -> {
      Jwt.checkSignature(p, key);
      return Jwt.claims(p);
    }, false)).compose(c -> check(c).onSuccess(login -> verified.remember(token, new VerifiedSignatures.Known(kid, c))));
  }

  /** The verification key of {@code kid} while it is young enough, else the 401 "unknown or obsolete signing key". */
  private Future<java.security.PublicKey> keyOf(String kid) {
    Config c = config.get();
    return keys.verifyKey(kid, c.duration("jwt.signKeyTTL"), c.duration("jwt.tokenTTL"))
        .compose(key -> key == null ? Future.failedFuture(Jwt.invalid("unknown or obsolete signing key")) : Future.succeededFuture(key));
  }

  private Future<String> check(Jwt.Claims claims) {
    try {
      return Future.succeededFuture(claims.check(keys.now() / 1000, SKEW_SECONDS));
    } catch (MxError e) {
      return Future.failedFuture(e);
    }
  }
}
