package org.portier.config;

import io.netty.util.NetUtil;
import java.util.Arrays;

/**
 * An IP address or a CIDR range ("203.0.113.7", "10.0.0.0/8", "fd00::/8"), as the trusted-proxy
 * lists are written. Parsing never resolves a host name.
 */
public record IpRange(byte[] net, int bits) {
  /** The range, or IllegalArgumentException with a readable reason. */
  public static IpRange parse(String entry) {
    String s = entry == null ? "" : entry.trim();
    int slash = s.indexOf('/');
    byte[] net = address(slash < 0 ? s : s.substring(0, slash));
    if (net == null) throw new IllegalArgumentException("\"" + entry + "\" is not an IP address or a CIDR range (like 10.0.0.0/8)");
    int bits = net.length * 8;
    if (slash >= 0) {
      String b = s.substring(slash + 1);
      if (!b.matches("\\d{1,3}") || Integer.parseInt(b) > net.length * 8) {
        throw new IllegalArgumentException("\"" + entry + "\": the prefix length must be 0 to " + net.length * 8);
      }
      bits = Integer.parseInt(b);
    }
    return new IpRange(net, bits);
  }

  /** True when the address bytes (from {@link #address}) fall in this range. */
  public boolean contains(byte[] ip) {
    if (ip == null || ip.length != net.length) return false;
    int full = bits / 8;
    for (int i = 0; i < full; i++) if (ip[i] != net[i]) return false;
    int rest = bits % 8;
    if (rest == 0) return true;
    int mask = 0xff << (8 - rest) & 0xff;
    return (ip[full] & mask) == (net[full] & mask);
  }

  /** The bytes of an IPv4 or IPv6 literal (an IPv4-mapped IPv6 address as IPv4); null for anything else. */
  public static byte[] address(String s) {
    if (s == null || s.isEmpty() || s.length() > 47) return null;
    String literal = s.startsWith("[") && s.endsWith("]") ? s.substring(1, s.length() - 1) : s;
    byte[] ip = NetUtil.createByteArrayFromIpAddressString(literal);
    if (ip != null && ip.length == 16 && isV4Mapped(ip)) return Arrays.copyOfRange(ip, 12, 16);
    return ip;
  }

  private static boolean isV4Mapped(byte[] ip) {
    for (int i = 0; i < 10; i++) if (ip[i] != 0) return false;
    return ip[10] == (byte) 0xff && ip[11] == (byte) 0xff;
  }
}
