package org.portier.mxproxy;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Future;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * The verified-signature memory of MxTokens must only save CPU: a remembered token still expires,
 * a token of a key that grew obsolete is still refused, and a token that differs by one character
 * is checked afresh. Driven on a clock the test moves.
 */
class MxTokenCacheTest extends MxTestBase {
  private final AtomicLong clock = new AtomicLong(System.currentTimeMillis());

  private MxTokens tokens() {
    JwtKeys keys = new JwtKeys(vertx, node.portier().store().pool(), node.portier().secrets(), clock::get);
    return new MxTokens(vertx, keys, () -> node.portier().config());
  }

  private static Throwable failure(Future<?> f) throws Exception {
    return f.transform(ar -> Future.succeededFuture(ar.cause())).toCompletionStage().toCompletableFuture().get();
  }

  @Test
  void rememberedTokensStillExpireAndForgedTwinsAreStillChecked() throws Exception {
    MxTokens tokens = tokens();
    String token = await(tokens.issue("ok@x")).getString("access_token");
    assertThat(await(tokens.verify(token))).isEqualTo("ok@x");
    assertThat(await(tokens.verify(token))).as("the second, remembered check").isEqualTo("ok@x");

    // the last signature character changed: same header and claims, a signature never checked
    char last = token.charAt(token.length() - 1);
    String twin = token.substring(0, token.length() - 1) + (last == 'A' ? 'Q' : 'A');
    assertThat(failure(tokens.verify(twin))).hasMessage("invalid token: bad ecdsa signature");

    // one hour (the default jwt.tokenTTL) plus the skew later, the remembered token has expired
    clock.addAndGet(3_600_000L + (MxTokens.SKEW_SECONDS + 1) * 1000);
    assertThat(failure(tokens.verify(token))).hasMessage("invalid token: token expired");

    // past signKeyTTL + 2 x tokenTTL (6 h + 2 h by default) its key is obsolete: refused before any cache
    clock.addAndGet(8 * 3_600_000L);
    assertThat(failure(tokens.verify(token))).hasMessage("invalid token: unknown or obsolete signing key");
  }

  @Test
  void theMemoryIsBounded() {
    VerifiedSignatures v = new VerifiedSignatures(2);
    VerifiedSignatures.Known k = new VerifiedSignatures.Known("k1", new Jwt.Claims(2, 1, null, "ok@x"));
    v.remember("a", k);
    v.remember("b", k);
    assertThat(v.known("a")).isNotNull(); // a is now the most recently used
    v.remember("c", k);
    assertThat(v.known("b")).isNull();
    assertThat(v.known("a")).isNotNull();
    assertThat(v.known("c")).isNotNull();
  }
}
