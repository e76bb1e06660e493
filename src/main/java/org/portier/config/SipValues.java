package org.portier.config;

import java.text.ParseException;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;
import javax.sip.SipFactory;
import javax.sip.address.AddressFactory;
import javax.sip.address.SipURI;
import javax.sip.address.URI;

/**
 * Checks every SIP value Portier hands to a phone: our own grammar first (JAIN-SIP alone accepts
 * transport=bogus, port 99999 and "10 01" as a user), then a JAIN-SIP parse that must round-trip.
 */
public final class SipValues {
  public static final Set<String> TRANSPORTS = Set.of("udp", "tcp", "tls", "sctp", "ws", "wss");
  /** RFC 1123 host name or IPv4 literal. */
  private static final Pattern HOST = Pattern.compile(
      "(?=.{1,253}$)([A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?)(\\.[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*");
  private static final Pattern IPV4 = Pattern.compile("(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})");
  /** Extensions and passwords Portier mints: digits for the former, lowercase hex for the latter. */
  private static final Pattern EXTENSION = Pattern.compile("[0-9]{2,16}");
  private static final Pattern PASSWORD = Pattern.compile("[0-9a-f]{32}");

  private static final AddressFactory ADDRESSES;

  static {
    try {
      SipFactory f = SipFactory.getInstance();
      f.setPathName("gov.nist");
      ADDRESSES = f.createAddressFactory();
    } catch (Exception e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  private SipValues() {}

  /** Null when valid, else a message saying what is wrong. */
  public static String checkHost(String host) {
    if (host == null || host.isBlank()) return "is empty";
    if (IPV4.matcher(host).matches()) {
      for (String part : host.split("\\.")) if (Integer.parseInt(part) > 255) return "\"" + host + "\" is not a valid IPv4 address";
    } else if (!HOST.matcher(host).matches()) {
      return "\"" + host + "\" is not a valid host name";
    }
    return null;
  }

  public static String checkPort(long port) {
    return port >= 1 && port <= 65535 ? null : port + " is not a port (1-65535)";
  }

  public static String checkTransport(String transport) {
    if (transport == null || !TRANSPORTS.contains(transport.toLowerCase(Locale.ROOT))) {
      return "\"" + transport + "\" is not one of " + String.join(", ", TRANSPORTS.stream().sorted().toList());
    }
    return null;
  }

  public static String checkExtension(String ext) {
    return ext != null && EXTENSION.matcher(ext).matches() ? null : "\"" + ext + "\" is not an extension of 2-16 digits";
  }

  public static String checkPassword(String pass) {
    return pass != null && PASSWORD.matcher(pass).matches() ? null : "the password is not 32 lowercase hex characters";
  }

  /** Server values alone (used when the config is loaded). */
  public static String checkServer(String host, long port, String transport) {
    String e;
    if ((e = checkHost(host)) != null) return "server " + e;
    if ((e = checkPort(port)) != null) return "port " + e;
    if ((e = checkTransport(transport)) != null) return "transport " + e;
    return checkUri("1000", host, port, transport);
  }

  /** All values of one leg: our grammar, then JAIN-SIP must parse the URI and give the same values back. */
  public static String checkLeg(String host, long port, String transport, String extension, String password) {
    String e = checkServer(host, port, transport);
    if (e != null) return e;
    if ((e = checkExtension(extension)) != null) return "extension " + e;
    if ((e = checkPassword(password)) != null) return e;
    return checkUri(extension, host, port, transport);
  }

  private static String checkUri(String user, String host, long port, String transport) {
    String text = "sip:" + user + "@" + host + ":" + port + ";transport=" + transport.toLowerCase(Locale.ROOT);
    try {
      URI uri = ADDRESSES.createURI(text);
      if (!(uri instanceof SipURI sip)) return "\"" + text + "\" is not a SIP URI";
      if (!user.equals(sip.getUser()) || !host.equalsIgnoreCase(sip.getHost()) || sip.getPort() != port
          || !transport.equalsIgnoreCase(sip.getTransportParam())) {
        return "\"" + text + "\" does not survive a SIP parse unchanged";
      }
      ADDRESSES.createURI(sip.toString());
      return null;
    } catch (ParseException ex) {
      return "\"" + text + "\" is not a valid SIP URI: " + ex.getMessage();
    }
  }
}
