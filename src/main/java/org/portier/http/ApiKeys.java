package org.portier.http;

import java.security.MessageDigest;
import java.util.List;
import org.portier.security.Secrets;

/**
 * API keys from config, either in clear or as "sha256:&lt;hex&gt;". A presented key is hashed and
 * compared with every configured digest in constant time.
 */
public final class ApiKeys {
  private ApiKeys() {}

  public static boolean accepts(List<String> configured, String presented) {
    if (presented == null || presented.isEmpty()) return false;
    byte[] digest = Secrets.sha256(presented.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    boolean ok = false;
    for (String k : configured) {
      byte[] want = k.startsWith("sha256:")
          ? java.util.HexFormat.of().parseHex(k.substring(7))
          : Secrets.sha256(k.getBytes(java.nio.charset.StandardCharsets.UTF_8));
      ok |= MessageDigest.isEqual(digest, want);
    }
    return ok;
  }

  /** The token of an "Authorization: Bearer &lt;token&gt;" header, or null. */
  public static String bearer(String header) {
    if (header == null) return null;
    String h = header.trim();
    if (h.length() < 7 || !h.regionMatches(true, 0, "Bearer ", 0, 7)) return null;
    return h.substring(7).trim();
  }
}
