package org.portier.mxproxy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.portier.mxproxy.MxAuthTest.expect;

import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.auth.JWTOptions;
import io.vertx.ext.auth.PubSecKeyOptions;
import io.vertx.ext.auth.User;
import io.vertx.ext.auth.authentication.TokenCredentials;
import io.vertx.ext.auth.jwt.JWTAuth;
import io.vertx.ext.auth.jwt.JWTAuthOptions;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.nio.charset.StandardCharsets;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;
import org.portier.testing.TestNode;

class MxJwtTest extends MxTestBase {
  private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();

  private record StoredKey(String kid, PrivateKey key, String publicKey) {}

  private StoredKey storedKey() throws Exception {
    Row r = await(node.portier().store().pool().query("SELECT kid, private_key, public_key FROM mx_jwt_keys ORDER BY created_at DESC").execute())
        .iterator().next();
    byte[] pkcs8 = Base64.getDecoder().decode(node.portier().secrets().decrypt(r.getString("PRIVATE_KEY")));
    return new StoredKey(r.getString("KID"), KeyFactory.getInstance("EC").generatePrivate(new PKCS8EncodedKeySpec(pkcs8)), r.getString("PUBLIC_KEY"));
  }

  static String forge(JsonObject header, JsonObject claims, PrivateKey key) throws Exception {
    String input = B64.encodeToString(header.encode().getBytes(StandardCharsets.UTF_8)) + "." + B64.encodeToString(claims.encode().getBytes(StandardCharsets.UTF_8));
    Signature s = Signature.getInstance("SHA256withECDSAinP1363Format");
    s.initSign(key);
    s.update(input.getBytes(StandardCharsets.US_ASCII));
    return input + "." + B64.encodeToString(s.sign());
  }

  static JsonObject es256(String kid) {
    return new JsonObject().put("alg", "ES256").put("typ", "JWT").put("kid", kid);
  }

  static JsonObject claims(String sub, long iatOffset, long expOffset) {
    long now = System.currentTimeMillis() / 1000;
    return new JsonObject().put("exp", now + expOffset).put("iat", now + iatOffset).put("iss", "portier").put("jti", "abcdefgh").put("sub", sub);
  }

  @Test
  void forgedAndBrokenTokensAreRefused() throws Exception {
    String real = login("ok@x");
    StoredKey k = storedKey();
    assertThat(real.split("\\.")[0]).isEqualTo(B64.encodeToString(es256(k.kid()).encode().getBytes(StandardCharsets.UTF_8)));
    // the forging helper is right: a token made with the stored key works
    assertThat(bearer(HttpMethod.GET, "/auth", forge(es256(k.kid()), claims("ok@x", 0, 60), k.key())).statusCode()).isEqualTo(200);

    expect(bearer(HttpMethod.GET, "/auth", forge(es256(k.kid()), claims("ok@x", -200, -100), k.key())), 401, "invalid token: token expired");
    expect(bearer(HttpMethod.GET, "/auth", forge(es256(k.kid()), claims("ok@x", 0, 60).put("nbf", System.currentTimeMillis() / 1000 + 600), k.key())),
        401, "invalid token: token not valid yet");
    expect(bearer(HttpMethod.GET, "/auth", forge(es256(k.kid()), claims("ok@x", 600, 900), k.key())), 401, "invalid token: token used before issued");
    expect(bearer(HttpMethod.GET, "/auth", forge(es256(k.kid()), claims("ok@x", 0, 60).put("sub", 5), k.key())), 401, "invalid token: invalid token");

    // wrong signature: one character of it changed
    String[] p = real.split("\\.");
    char c = p[2].charAt(10);
    String flipped = p[0] + "." + p[1] + "." + p[2].substring(0, 10) + (c == 'A' ? 'B' : 'A') + p[2].substring(11);
    expect(bearer(HttpMethod.GET, "/auth", flipped), 401, "invalid token: bad ecdsa signature");
    // all-zero r and s ("psychic signature")
    expect(bearer(HttpMethod.GET, "/auth", p[0] + "." + p[1] + "." + B64.encodeToString(new byte[64])), 401, "invalid token: bad ecdsa signature");
    // tampered payload, original signature
    String tampered = p[0] + "." + B64.encodeToString(claims("other@x", 0, 60).encode().getBytes(StandardCharsets.UTF_8)) + "." + p[2];
    expect(bearer(HttpMethod.GET, "/auth", tampered), 401, "invalid token: bad ecdsa signature");

    // a foreign key under the right kid
    KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
    g.initialize(new ECGenParameterSpec("secp256r1"));
    KeyPair foreign = g.generateKeyPair();
    expect(bearer(HttpMethod.GET, "/auth", forge(es256(k.kid()), claims("ok@x", 0, 60), foreign.getPrivate())), 401, "invalid token: bad ecdsa signature");
    expect(bearer(HttpMethod.GET, "/auth", forge(es256("zzzz9999"), claims("ok@x", 0, 60), foreign.getPrivate())), 401,
        "invalid token: unknown or obsolete signing key");
    expect(bearer(HttpMethod.GET, "/auth", forge(es256("../../x"), claims("ok@x", 0, 60), foreign.getPrivate())), 401,
        "invalid token: unknown or obsolete signing key");

    // alg none, with and without a signature
    String noneInput = B64.encodeToString(new JsonObject().put("alg", "none").put("typ", "JWT").put("kid", k.kid()).encode().getBytes(StandardCharsets.UTF_8))
        + "." + B64.encodeToString(claims("ok@x", 0, 60).encode().getBytes(StandardCharsets.UTF_8));
    expect(bearer(HttpMethod.GET, "/auth", noneInput + "."), 401, "invalid token: token not signed");
    expect(bearer(HttpMethod.GET, "/auth", noneInput + "." + B64.encodeToString(new byte[64])), 401, "invalid token: unsupported signing algorithm");

    // HS256 keyed with the public key (algorithm confusion)
    String hsInput = B64.encodeToString(new JsonObject().put("alg", "HS256").put("typ", "JWT").put("kid", k.kid()).encode().getBytes(StandardCharsets.UTF_8))
        + "." + B64.encodeToString(claims("ok@x", 0, 60).encode().getBytes(StandardCharsets.UTF_8));
    Mac mac = Mac.getInstance("HmacSHA256");
    mac.init(new SecretKeySpec(k.publicKey().getBytes(StandardCharsets.US_ASCII), "HmacSHA256"));
    String hs = hsInput + "." + B64.encodeToString(mac.doFinal(hsInput.getBytes(StandardCharsets.US_ASCII)));
    expect(bearer(HttpMethod.GET, "/auth", hs), 401, "invalid token: unsupported signing algorithm");
    expect(bearer(HttpMethod.GET, "/auth", forge(es256(k.kid()).put("typ", "JOSE+JSON"), claims("ok@x", 0, 60), k.key())), 401,
        "invalid token: bad token type");
    expect(bearer(HttpMethod.GET, "/auth", "a".repeat(5000)), 401, "invalid token: invalid token");
  }

  private static String pem(String kind, byte[] der) {
    return "-----BEGIN " + kind + "-----\n" + Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(der) + "\n-----END " + kind + "-----\n";
  }

  @Test
  void tokensAreVertxAuthJwtTokens() throws Exception {
    String issued = login("ok@x");
    StoredKey k = storedKey();
    // a plain vertx-auth-jwt verifier built from the stored public key accepts what Portier issued
    JWTAuth plain = JWTAuth.create(vertx, new JWTAuthOptions().addPubSecKey(new PubSecKeyOptions().setAlgorithm("ES256").setId(k.kid())
        .setBuffer(pem("PUBLIC KEY", Base64.getDecoder().decode(k.publicKey())))));
    User user = await(plain.authenticate(new TokenCredentials(issued)));
    assertThat(user.attributes().getJsonObject("accessToken").getString("sub")).isEqualTo("ok@x");
    assertThat(user.attributes().getJsonObject("accessToken").fieldNames()).contains("exp", "iat", "iss", "jti", "sub");

    // and a token vertx-auth-jwt signs with the stored private key is accepted by the MX face
    JWTAuth signer = JWTAuth.create(vertx, new JWTAuthOptions().addPubSecKey(new PubSecKeyOptions().setAlgorithm("ES256").setId(k.kid())
        .setBuffer(pem("PRIVATE KEY", k.key().getEncoded()))));
    String made = signer.generateToken(new JsonObject().put("sub", "ok@x"), new JWTOptions().setAlgorithm("ES256").setExpiresInSeconds(60));
    assertThat(bearer(HttpMethod.GET, "/auth", made).statusCode()).isEqualTo(200);

    // the face's own verifier is a vertx-auth-jwt JWTAuth holding the key under its kid
    JwtKeys keys = new JwtKeys(vertx, node.portier().store().pool(), node.portier().secrets(), System::currentTimeMillis);
    assertThat(keys.verifier()).isNull();
    assertThat(await(keys.verifies(k.kid(), java.time.Duration.ofHours(6), java.time.Duration.ofHours(1)))).isTrue();
    assertThat(await(keys.verifier().authenticate(new TokenCredentials(issued))).attributes().getJsonObject("accessToken").getString("sub"))
        .isEqualTo("ok@x");
    // a token vertx-auth-jwt makes with an HMAC key (the public key's text as its secret) is refused
    JWTAuth hs = JWTAuth.create(vertx, new JWTAuthOptions().addPubSecKey(new PubSecKeyOptions().setAlgorithm("HS256").setId(k.kid())
        .setBuffer(k.publicKey())));
    expect(bearer(HttpMethod.GET, "/auth", hs.generateToken(new JsonObject().put("sub", "ok@x"), new JWTOptions().setAlgorithm("HS256"))),
        401, "invalid token: unsupported signing algorithm");
  }

  @Test
  void keysAreStoredSealedAndSurviveARestart() throws Exception {
    String token = login("ok@x");
    Row r = await(node.portier().store().pool().query("SELECT private_key FROM mx_jwt_keys").execute()).iterator().next();
    String sealed = r.getString("PRIVATE_KEY");
    // not a PKCS#8 key in clear, in any reading
    assertThatThrownBy(() -> KeyFactory.getInstance("EC").generatePrivate(new PKCS8EncodedKeySpec(Base64.getDecoder().decode(sealed))))
        .isInstanceOf(Exception.class);

    TestNode restarted = new TestNode(node.dir);
    restarted.set("apps", node.conf.getJsonObject("apps")).set("provisioning", provisioning.url());
    await(node.stop());
    node = restarted;
    await(node.start(vertx));
    assertThat(bearer(HttpMethod.GET, "/auth", token).statusCode()).isEqualTo(200);
    // the next login signs with the same (still fresh) key
    String again = login("ok@x");
    assertThat(again.split("\\.")[0]).isEqualTo(token.split("\\.")[0]);
  }

  @Test
  void obsoleteKeysNoLongerVerify() throws Exception {
    login("ok@x");
    KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
    g.initialize(new ECGenParameterSpec("secp256r1"));
    KeyPair old = g.generateKeyPair();
    // created 7h + 2 x 1h + a bit ago: past signKeyTTL (6h) + 2 x tokenTTL (1h)
    long created = System.currentTimeMillis() - (6 + 2) * 3_600_000L - 60_000;
    await(node.portier().store().pool().preparedQuery("INSERT INTO mx_jwt_keys (kid, private_key, public_key, created_at) VALUES (?, ?, ?, ?)")
        .execute(Tuple.of("old1", node.portier().secrets().encrypt(Base64.getEncoder().encodeToString(old.getPrivate().getEncoded())),
            Base64.getEncoder().encodeToString(old.getPublic().getEncoded()), created)));
    expect(bearer(HttpMethod.GET, "/auth", forge(es256("old1"), claims("ok@x", 0, 60), old.getPrivate())), 401,
        "invalid token: unknown or obsolete signing key");
  }
}
