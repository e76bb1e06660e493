package org.portier.http;

import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.RoutingContext;
import java.util.ArrayList;
import java.util.List;
import org.portier.config.Config;
import org.portier.config.IpRange;

/**
 * The one rule for "which client sent this request", used by every per-IP limit and by the device
 * rows: the TCP peer, unless the peer is a trusted reverse proxy (http.trustedProxies, plus the
 * older mobile.limits.trustedProxies), in which case the client is the last X-Forwarded-For hop
 * that is not itself a trusted proxy. X-Forwarded-For from any other peer is ignored: a client
 * could write anything there. Entries are exact IPs or CIDR ranges (10.0.0.0/8, fd00::/8).
 */
public final class ClientIp {
  /** At most this many X-Forwarded-For hops are looked at (from the right). */
  private static final int MAX_HOPS = 16;
  private static volatile Cached cached = new Cached(List.of(), List.of());

  private record Cached(List<String> source, List<IpRange> ranges) {}

  private ClientIp() {}

  /** Routing-context key of the client address, worked out once per request. */
  private static final String KEY = "portier.http.clientIp";

  /** The request's client address, worked out with the current config and kept for the rest of the request. */
  public static String of(RoutingContext ctx, Config config) {
    String ip = ctx.get(KEY);
    if (ip == null) {
      ip = of(ctx.request(), config);
      if (ip != null) ctx.put(KEY, ip);
    }
    return ip;
  }

  /** The client address already worked out for this request (the listener does it first), else the TCP peer. */
  public static String of(RoutingContext ctx) {
    String ip = ctx.get(KEY);
    if (ip != null) return ip;
    return ctx.request().remoteAddress() == null ? null : ctx.request().remoteAddress().host();
  }

  /** The client address of the request (never longer than 64 characters); null when the peer is unknown. */
  public static String of(HttpServerRequest req, Config config) {
    String peer = req.remoteAddress() == null ? null : req.remoteAddress().host();
    if (peer == null || !isTrustedProxy(peer, config)) return peer;
    List<String> forwarded = req.headers().getAll("X-Forwarded-For");
    if (forwarded.isEmpty()) return peer;
    List<String> hops = new ArrayList<>();
    for (String header : forwarded) for (String hop : header.split(",")) hops.add(hop.trim());
    List<IpRange> proxies = proxies(config);
    for (int i = hops.size() - 1, seen = 0; i >= 0 && seen < MAX_HOPS; i--, seen++) {
      byte[] ip = IpRange.address(hops.get(i));
      // what the trusted proxy appended is an address; anything else means a misconfigured proxy
      if (ip == null) return peer;
      if (!matches(proxies, ip)) return hops.get(i).length() > 64 ? peer : hops.get(i);
    }
    return peer;
  }

  /** True when {@code ip} is one of the configured reverse proxies. */
  public static boolean isTrustedProxy(String ip, Config config) {
    List<IpRange> proxies = proxies(config);
    return !proxies.isEmpty() && matches(proxies, IpRange.address(ip));
  }

  private static boolean matches(List<IpRange> ranges, byte[] ip) {
    if (ip == null) return false;
    for (IpRange r : ranges) if (r.contains(ip)) return true;
    return false;
  }

  private static List<IpRange> proxies(Config config) {
    List<String> source = new ArrayList<>(config.strings("http.trustedProxies"));
    source.addAll(config.strings("mobile.limits.trustedProxies"));
    Cached c = cached;
    if (c.source().equals(source)) return c.ranges();
    List<IpRange> ranges = new ArrayList<>();
    for (String s : source) {
      try {
        ranges.add(IpRange.parse(s));
      } catch (IllegalArgumentException refusedAtLoad) {
        // the config checks refuse such an entry; a bad one never widens the trust
      }
    }
    cached = new Cached(List.copyOf(source), List.copyOf(ranges));
    return ranges;
  }
}
