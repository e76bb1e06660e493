package org.portier.mxproxy;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.ext.auth.JWTOptions;
import io.vertx.ext.auth.PubSecKeyOptions;
import io.vertx.ext.auth.jwt.JWTAuth;
import io.vertx.ext.auth.jwt.JWTAuthOptions;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;
import org.portier.security.SecretBox;
import org.portier.security.Secrets;

/**
 * The ES256 key ring behind the MX face's tokens, with the database (mx_jwt_keys) as the one
 * source of truth, so every HTTP instance, every node on a shared database and the next start
 * see the same keys. A key signs for jwt.signKeyTTL after its creation and verifies for
 * jwt.signKeyTTL + 2 x jwt.tokenTTL (the last token it signed has then expired with a
 * tokenTTL to spare); obsolete rows are deleted when the next key is made. Private keys are
 * stored sealed by the SecretBox, never in clear.
 *
 * <p>Tokens are signed and checked by vertx-auth-jwt: the signing key is a {@link JWTAuth} holding
 * that one private key (so a token is never signed by an older key), and {@link #verifier} is a
 * {@link JWTAuth} holding the public key of every key known here, each under its kid, rebuilt
 * whenever a key is added or dropped. Both hold ES256 keys only, so the library itself refuses
 * any other algorithm; it is never built without a key, as a JWTAuth without keys would accept
 * unsigned tokens.
 *
 * <p>One instance per HTTP verticle, used on its event loop only; the public-key cache is a
 * concurrent map so that tests may read it from elsewhere, and the JWTAuth instances are never
 * changed once built, so worker threads may use them.
 */
final class JwtKeys {
  /** The key to sign with: {@code signer} holds its private key alone, under its kid. */
  record SigningKey(String kid, JWTAuth signer, long createdAt) {}

  private record VerifyKey(String publicPem, long createdAt) {}

  private final Vertx vertx;
  private final Pool pool;
  private final SecretBox box;
  private final LongSupplier clock;
  private final Map<String, VerifyKey> verifyKeys = new ConcurrentHashMap<>();
  private SigningKey current;
  private Future<SigningKey> pending;
  private volatile JWTAuth verifier;

  JwtKeys(Vertx vertx, Pool pool, SecretBox box, LongSupplier clock) {
    this.vertx = vertx;
    this.pool = pool;
    this.box = box;
    this.clock = clock;
  }

  long now() {
    return clock.getAsLong();
  }

  /** The key to sign with now: the newest stored key while younger than signKeyTTL, else a new one. */
  Future<SigningKey> signingKey(Duration signKeyTtl, Duration tokenTtl) {
    SigningKey k = current;
    if (k != null && fresh(k.createdAt(), signKeyTtl)) return Future.succeededFuture(k);
    if (pending != null) return pending;
    Future<SigningKey> f = newest().compose(stored -> stored != null && fresh(stored.createdAt(), signKeyTtl)
        ? Future.succeededFuture(stored) : create(signKeyTtl, tokenTtl));
    pending = f;
    return f.andThen(ar -> {
      pending = null;
      if (ar.succeeded()) current = ar.result();
    });
  }

  /**
   * True while {@code kid} may still verify: once this answers true, {@link #verifier} holds its
   * public key. False for an unknown or obsolete key.
   */
  Future<Boolean> verifies(String kid, Duration signKeyTtl, Duration tokenTtl) {
    long horizon = now() - signKeyTtl.toMillis() - 2 * tokenTtl.toMillis();
    VerifyKey cached = verifyKeys.get(kid);
    if (cached != null) return Future.succeededFuture(cached.createdAt() >= horizon);
    return pool.preparedQuery("SELECT public_key, created_at FROM mx_jwt_keys WHERE kid = ?").execute(Tuple.of(kid)).map(rows -> {
      if (rows.size() == 0) return false;
      Row r = rows.iterator().next();
      VerifyKey v = new VerifyKey(pem("PUBLIC KEY", publicKey(r.getString("PUBLIC_KEY")).getEncoded()), r.getLong("CREATED_AT"));
      verifyKeys.put(kid, v);
      rebuildVerifier();
      return v.createdAt() >= horizon;
    });
  }

  /** The vertx-auth-jwt verifier of every key known here; null before the first key is known. */
  JWTAuth verifier() {
    return verifier;
  }

  private void rebuildVerifier() {
    JWTAuthOptions o = new JWTAuthOptions().setJWTOptions(new JWTOptions().setLeeway((int) MxTokens.SKEW_SECONDS));
    verifyKeys.forEach((kid, k) -> o.addPubSecKey(new PubSecKeyOptions().setAlgorithm(Jwt.ALG).setId(kid).setBuffer(k.publicPem())));
    verifier = o.getPubSecKeys().isEmpty() ? null : JWTAuth.create(vertx, o);
  }

  private JWTAuth signer(String kid, PrivateKey key) {
    return JWTAuth.create(vertx, new JWTAuthOptions()
        .addPubSecKey(new PubSecKeyOptions().setAlgorithm(Jwt.ALG).setId(kid).setBuffer(pem("PRIVATE KEY", key.getEncoded()))));
  }

  private static String pem(String kind, byte[] der) {
    return "-----BEGIN " + kind + "-----\n" + Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(der)
        + "\n-----END " + kind + "-----\n";
  }

  private boolean fresh(long createdAt, Duration signKeyTtl) {
    return now() - createdAt < signKeyTtl.toMillis();
  }

  private Future<SigningKey> newest() {
    return pool.query("SELECT kid, private_key, created_at FROM mx_jwt_keys ORDER BY created_at DESC FETCH FIRST 1 ROWS ONLY").execute()
        .map(rows -> {
          if (rows.size() == 0) return null;
          Row r = rows.iterator().next();
          String kid = r.getString("KID");
          return new SigningKey(kid, signer(kid, privateKey(box.decrypt(r.getString("PRIVATE_KEY")))), r.getLong("CREATED_AT"));
        });
  }

  /** Generates a P-256 pair off the event loop, stores it sealed and drops keys past their verification time, in one transaction. */
  private Future<SigningKey> create(Duration signKeyTtl, Duration tokenTtl) {
    long createdAt = now();
    return vertx.executeBlocking(() -> {
      KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
      g.initialize(new ECGenParameterSpec("secp256r1"));
      return g.generateKeyPair();
    }).compose((KeyPair pair) -> {
      // kid: creation second in base 36 as MX Proxy wrote it, plus a random tail so two instances rotating at once do not collide
      String kid = Long.toString(createdAt / 1000, 36) + Secrets.randomHex(3);
      String sealed = box.encrypt(Base64.getEncoder().encodeToString(pair.getPrivate().getEncoded()));
      String pub = Base64.getEncoder().encodeToString(pair.getPublic().getEncoded());
      long obsolete = createdAt - signKeyTtl.toMillis() - 2 * tokenTtl.toMillis();
      return pool.withTransaction(c -> c.preparedQuery("INSERT INTO mx_jwt_keys (kid, private_key, public_key, created_at) VALUES (?, ?, ?, ?)")
              .execute(Tuple.of(kid, sealed, pub, createdAt))
              .compose(v -> c.preparedQuery("DELETE FROM mx_jwt_keys WHERE created_at < ?").execute(Tuple.of(obsolete))))
          .map(v -> {
            verifyKeys.put(kid, new VerifyKey(pem("PUBLIC KEY", pair.getPublic().getEncoded()), createdAt));
            verifyKeys.values().removeIf(k -> k.createdAt() < obsolete);
            rebuildVerifier();
            return new SigningKey(kid, signer(kid, pair.getPrivate()), createdAt);
          });
    });
  }

  private static PrivateKey privateKey(String base64) {
    try {
      return KeyFactory.getInstance("EC").generatePrivate(new PKCS8EncodedKeySpec(Base64.getDecoder().decode(base64)));
    } catch (java.security.GeneralSecurityException e) {
      throw new IllegalStateException("a stored JWT key cannot be read", e);
    }
  }

  private static PublicKey publicKey(String base64) {
    try {
      return KeyFactory.getInstance("EC").generatePublic(new X509EncodedKeySpec(Base64.getDecoder().decode(base64)));
    } catch (java.security.GeneralSecurityException e) {
      throw new IllegalStateException("a stored JWT public key cannot be read", e);
    }
  }
}
