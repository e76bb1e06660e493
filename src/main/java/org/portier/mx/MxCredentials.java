package org.portier.mx;

/** Where and as whom one Portier user logs in to MX. The password is clear text in memory only. */
public record MxCredentials(String host, int port, String mxLogin, String mxPassword) {
  @Override
  public String toString() {
    // never the password, not even by accident in a log line
    return mxLogin + "@" + host + ":" + port;
  }
}
