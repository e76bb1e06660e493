package org.portier.mxproxy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vertx.core.json.JsonObject;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.portier.config.ConfigValidator;

/** The pure parts of the MX face: provisioning documents, forms, Basic headers, token shapes, config checks. */
class MxUnitTest {
  private static JsonObject mx() {
    return new JsonObject().put("account_name", "dmitrys").put("account_pwd", "p").put("address", "10.0.0.1")
        .put("csta_port", "7778").put("csta_ssl", true);
  }

  private static MxError provisioningError(String body) {
    try {
      Provisioning.account(body);
    } catch (MxError e) {
      return e;
    }
    throw new AssertionError("accepted: " + body);
  }

  @Test
  void provisioningDocuments() {
    assertThat(Provisioning.account(new JsonObject().put("MX", mx()).encode()).port()).isEqualTo(7778);
    assertThat(Provisioning.account(new JsonObject().put("MX", mx().put("csta_port", 7779)).encode()).port()).isEqualTo(7779);
    assertThat(Provisioning.account(new JsonObject().put("MX", mx()).encode()).toString()).doesNotContain("p]");
    assertThat(provisioningError("[1]").status()).isEqualTo(502);
    assertThat(provisioningError("null").status()).isEqualTo(502);
    assertThat(provisioningError("").status()).isEqualTo(502);
    assertThat(provisioningError("{\"MX\": 5}").getMessage()).isEqualTo("bad provisioning response: no MX section");
    assertThat(provisioningError(new JsonObject().put("MX", mx().put("csta_port", "abc")).encode()).status()).isEqualTo(502);
    assertThat(provisioningError(new JsonObject().put("MX", mx().put("csta_port", 70000)).encode()).status()).isEqualTo(502);
    assertThat(provisioningError(new JsonObject().put("MX", mx().put("csta_port", 77.5)).encode()).status()).isEqualTo(502);
    assertThat(provisioningError(new JsonObject().put("MX", mx().put("account_name", new JsonObject())).encode()).status()).isEqualTo(502);
    assertThat(provisioningError(new JsonObject().put("MX", mx().putNull("address")).encode()).getMessage())
        .isEqualTo("mx provisioning is not configured");
    assertThat(provisioningError(new JsonObject().put("MX", mx().put("csta_ssl", "true")).encode()).getMessage())
        .isEqualTo("unprotected connection to mx server is not supported");
  }

  @Test
  void formsAndBasicHeaders() {
    assertThat(FormBody.decode("a=1&b=x+y&c=%40&d")).containsEntry("a", "1").containsEntry("b", "x y").containsEntry("c", "@").containsEntry("d", "");
    // which of two values counts must not depend on the reader: a repeated field is refused
    assertThatThrownBy(() -> FormBody.decode("a=1&b=2&a=2")).hasMessage("the form field \"a\" is given twice");
    assertThatThrownBy(() -> FormBody.decode("a=%4")).isInstanceOf(MxError.class);
    assertThatThrownBy(() -> FormBody.decode("a=%c3%28")).hasMessage("the form body is not valid UTF-8");
    assertThat(Credentials.basic("Basic " + java.util.Base64.getEncoder().encodeToString("id:se:cret".getBytes())))
        .isEqualTo(new Credentials("id", "se:cret"));
    assertThat(Credentials.basic("basic " + java.util.Base64.getEncoder().encodeToString("id:x".getBytes()))).isNotNull();
    assertThat(Credentials.basic("Basic bm9jb2xvbg==")).isNull(); // "nocolon"
    assertThat(Credentials.basic("Bearer abc")).isNull();
    assertThat(Credentials.basic("Basic " + java.util.Base64.getEncoder().encodeToString(new byte[] {(byte) 0xff, ':', 'x'}))).isNull();
    assertThat(new Credentials("u", "secret").toString()).doesNotContain("secret");
  }

  @Test
  void tokenShapes() {
    assertThatThrownBy(() -> Jwt.parse("a.b")).hasMessage("invalid token: invalid token");
    assertThatThrownBy(() -> Jwt.parse("a.b.c.d")).hasMessage("invalid token: invalid token");
    assertThatThrownBy(() -> Jwt.parse("..")).hasMessage("invalid token: invalid token");
    assertThatThrownBy(() -> Jwt.parse("e30.e30.")).hasMessage("invalid token: token not signed");
    // {} header: no alg
    assertThatThrownBy(() -> Jwt.parse("e30.e30.AAAA")).hasMessage("invalid token: unsupported signing algorithm");
    assertThat(((MxError) Jwt.invalid("x")).headers()).containsEntry("WWW-Authenticate", "Bearer realm=\"MXProxy\"");
  }

  @Test
  void mxProxyConfigChecks() {
    List<String> errors = ConfigValidator.check(new JsonObject()
        .put("apps", new JsonObject().put("a:b", "s").put("empty", ""))
        .put("jwt", new JsonObject().put("tokenTTL", "0s"))
        .put("mxproxy", new JsonObject().put("authPerIp", "lots").put("retryAfter", "0s").put("provisioningTimeout", "1ms"))
        .put("provisioning", "ftp://x"));
    assertThat(String.join("\n", errors)).contains("apps.a:b:", "apps.empty:", "jwt.tokenTTL:", "mxproxy.authPerIp:", "mxproxy.retryAfter:",
        "mxproxy.provisioningTimeout:", "provisioning:");
    assertThat(ConfigValidator.check(new JsonObject().put("apps", new JsonObject().put("client1", "secret")))).isEmpty();
  }
}
