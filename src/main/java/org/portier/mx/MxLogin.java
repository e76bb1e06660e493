package org.portier.mx;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;

/** The login exchange: the request MX expects and the reading of its two possible answers. */
final class MxLogin {
  private MxLogin() {}

  /** Why a login MX wants in clear text fails when MX's certificate is not checked (mx.insecureTrustAll). */
  static final String CLEAR_TEXT_REFUSED = "mx asks for this account's password in clear text (an LDAP account), which Portier sends "
      + "only to an MX whose certificate it checks: set mx.trustedCert";

  /** What a successful login tells us about the user. */
  record Session(String sn, String ext, String jid, String softPhonePwd, int apiVersion) {}

  /** Base64(SHA-1(UTF-8 password)) followed by a newline, as MX expects; a password already in that form is kept. */
  static String hash(String password) {
    if (looksHashed(password)) return password;
    try {
      byte[] d = MessageDigest.getInstance("SHA-1").digest(password.getBytes(StandardCharsets.UTF_8));
      return Base64.getEncoder().encodeToString(d) + "\n";
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  static boolean looksHashed(String p) {
    if (!p.endsWith("\n")) return false;
    try {
      return Base64.getDecoder().decode(p.substring(0, p.length() - 1)).length == 20;
    } catch (IllegalArgumentException e) {
      return false;
    }
  }

  static String request(String user, String pwd) {
    return XmlOut.root("loginRequest").attr("type", "User").attr("platform", "iPhone").attr("version", "7.0")
        .attr("push_ntf", "false").leaf("userName", user).leaf("pwd", pwd).build();
  }

  /** A payload safe to log: the pwd element masked. */
  static String masked(String xml) {
    return xml.replaceAll("(?s)<pwd>.*?</pwd>", "<pwd>***</pwd>");
  }

  /** Reads a login reply; a refusal or anything unexpected fails with 403 and MX's text. */
  static Session session(MxMessage reply) {
    XmlNode r = reply.root();
    if (reply.name().equals("loginResponce") || reply.name().equals("loginResponse")) {
      return new Session(nz(r.attr("sn")), nz(r.attr("ext")), nz(r.attr("userId")), nz(r.attr("softPhonePwd")),
          parseInt(r.attr("apiversion")));
    }
    if (reply.name().equals("loginFailed")) throw new MxException(403, failureText(r));
    throw new MxException(403, "unknown login response " + reply.name());
  }

  /** True when MX asks for the clear-text password (LDAP users): loginFailed Code 2 or 4 with apiversion above 2. */
  static boolean wantsClearText(MxMessage reply) {
    if (!reply.name().equals("loginFailed")) return false;
    int code = parseInt(reply.root().attrIgnoreCase("code"));
    return (code == 2 || code == 4) && parseInt(reply.root().attr("apiversion")) > 2;
  }

  static String failureText(XmlNode r) {
    String t = r.text().trim();
    return t.isEmpty() ? "mx login failed (code " + r.attrIgnoreCase("code") + ")" : t;
  }

  private static int parseInt(String s) {
    try {
      return s == null ? 0 : Integer.parseInt(s.trim());
    } catch (NumberFormatException e) {
      return 0;
    }
  }

  private static String nz(String s) {
    return s == null ? "" : s;
  }
}
