package org.portier.demo;

import java.util.List;

/**
 * The demo's fixed, well-known credentials. They are published in the README and in the start-up
 * log on purpose, so a newcomer can copy them: they are for the demo mode only and must never be
 * used on a real node.
 */
public final class DemoAccounts {
  /** The MX Proxy client application of {@code POST /auth} (HTTP Basic). */
  public static final String CLIENT_ID = "demo-app";
  public static final String CLIENT_SECRET = "demo-app-secret";
  /** The integration (operator) face's API key. */
  public static final String OPERATOR_KEY = "demo-operator-key-0000";
  /** The SIP realtime face's API key (Kamailio/Asterisk). */
  public static final String SIP_KEY = "demo-sip-key-000000000";

  /** A demo MX user: the POST /auth user name and password are also the MX login and password. */
  public record MxUser(String login, String password, String ext, String firstName, String lastName) {
    /** A stable jid, so the user's own address-book row and the login answer agree across restarts. */
    public String jid() {
      return "43880000000" + ext;
    }
  }

  public static final List<MxUser> MX_USERS = List.of(
      new MxUser("anna", "anna-demo", "101", "Anna", "Petrova"),
      new MxUser("boris", "boris-demo", "102", "Boris", "Ivanov"),
      new MxUser("vera", "vera-demo", "103", "Vera", "Smirnova"));

  /** A demo resident: logs in on the mobile face with a fixed code (otp.testNumbers), no SMS. */
  public record Resident(String phone, String code, String flat, String role) {}

  public static final List<Resident> RESIDENTS = List.of(
      new Resident("79990000101", "1111", "1", "owner"),
      new Resident("79990000102", "2222", "1", "resident"),
      new Resident("79990000103", "3333", "12", "owner"));

  private DemoAccounts() {}

  /** The MX user with this login and password, or null. */
  static MxUser mxUser(String login, String password) {
    for (MxUser u : MX_USERS) if (u.login().equals(login) && u.password().equals(password)) return u;
    return null;
  }
}
