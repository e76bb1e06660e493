package org.portier.demo;

import java.nio.file.Path;
import org.portier.config.Config;

/**
 * The text logged once the demo is up: where everything is, the demo credentials and curl
 * commands that can be pasted into a shell as they are (they were run against the demo).
 */
final class DemoCheatSheet {
  private DemoCheatSheet() {}

  static String text(Config c, DemoSettings s, int mxPort, String stubBase, String houseId) {
    String base = "http://127.0.0.1:" + c.integer("http.port");
    String mobile = base + slashed(c.string("mobile.prefix"));
    String operator = base + slashed(c.string("integration.prefix"));
    Path dir = s.dir().toAbsolutePath();
    String admin = c.string("adminWeb").isEmpty() ? "off" : "http://" + c.string("adminWeb");
    String adminToken = c.string("admin.token").isEmpty() ? dir.resolve("admin.token").toString() : "admin.token in your config file";
    DemoAccounts.MxUser mx = DemoAccounts.MX_USERS.get(0);
    DemoAccounts.Resident res = DemoAccounts.RESIDENTS.get(0);
    StringBuilder b = new StringBuilder();
    b.append("\n================ Portier DEMO MODE ================\n")
        .append("DEMO ONLY: every key and password below is a public demo value; never use them on a real node.\n")
        .append("Data: ").append(dir).append(" (config ").append(dir.resolve(DemoConfig.FILE)).append("; delete the directory to start afresh)\n")
        .append("Public faces: ").append(base).append("  (MX Proxy at /, mobile ").append(mobile).append(", operator ").append(operator).append(")\n")
        .append("Admin:        ").append(admin).append("  token: ").append(adminToken).append('\n')
        .append("Stand-ins:    MX simulator 127.0.0.1:").append(mxPort).append(" (TLS), provisioning ").append(stubBase)
        .append("/config, door panels ").append(stubBase).append("/panel/...\n")
        .append("MX Proxy client (POST /auth Basic): ").append(DemoAccounts.CLIENT_ID).append(" / ").append(DemoAccounts.CLIENT_SECRET).append('\n')
        .append("MX users (user / password, ext):");
    DemoAccounts.MX_USERS.forEach(u -> b.append("  ").append(u.login()).append(" / ").append(u.password()).append(", ").append(u.ext()));
    b.append("\nOperator API key: ").append(DemoAccounts.OPERATOR_KEY).append("   SIP face key: ").append(DemoAccounts.SIP_KEY).append('\n')
        .append("Residents (phone / code, flat):");
    DemoAccounts.RESIDENTS.forEach(r -> b.append("  ").append(r.phone()).append(" / ").append(r.code()).append(", flat ").append(r.flat()));
    b.append("\nHouse ").append(houseId).append(": \"").append(DemoHouse.ADDRESS).append("\", doors on panels 1001, 1002, 1003, flats 1, 2, 11, 12\n")
        .append("Pushes: providers are off; pushes go to the outbox (state no_provider).\n")
        .append("\n# MX Proxy face: log in as ").append(mx.login()).append(", read the address book, fetch a voicemail\n")
        .append("TOKEN=$(curl -s -u ").append(DemoAccounts.CLIENT_ID).append(':').append(DemoAccounts.CLIENT_SECRET)
        .append(" -d grant_type=password -d username=").append(mx.login()).append(" -d password=").append(mx.password())
        .append(' ').append(base).append("/auth | sed -n 's/.*\"access_token\": *\"\\([^\"]*\\)\".*/\\1/p'); echo $TOKEN\n")
        .append("curl -s -H \"Authorization: Bearer $TOKEN\" ").append(base).append("/contacts\n")
        .append("curl -s -H \"Authorization: Bearer $TOKEN\" ").append(base).append("/voicemails\n")
        .append("curl -s -H \"Authorization: Bearer $TOKEN\" -o voicemail.wav ").append(base).append("/voicemails/1\n")
        .append("\n# Mobile face: log in as resident ").append(res.phone()).append(" (fixed code, no SMS) and list the addresses\n")
        .append("curl -s -H 'Content-Type: application/json' -d '{\"userPhone\":\"").append(res.phone()).append("\"}' ")
        .append(mobile).append("user/requestCode\n")
        .append("MTOKEN=$(curl -s -H 'Content-Type: application/json' -d '{\"userPhone\":\"").append(res.phone()).append("\",\"smsCode\":\"")
        .append(res.code()).append("\"}' ").append(mobile).append("user/confirmCode | sed -n 's/.*\"accessToken\": *\"\\([^\"]*\\)\".*/\\1/p'); echo $MTOKEN\n")
        .append("curl -s -X POST -H \"Authorization: Bearer $MTOKEN\" ").append(mobile).append("address/getAddressList\n")
        .append("curl -s -H \"Authorization: Bearer $MTOKEN\" -H 'Content-Type: application/json' -d '{\"platform\":\"android\",\"pushToken\":\"demo-fcm-token-000000000001\",\"production\":\"t\"}' ")
        .append(mobile).append("user/registerPushToken\n")
        .append("\n# Operator API: the houses, then a door call to flat 1 (rings the device registered above)\n")
        .append("curl -s -H 'Authorization: Bearer ").append(DemoAccounts.OPERATOR_KEY).append("' ").append(operator).append("houses\n")
        .append("curl -s -H 'Authorization: Bearer ").append(DemoAccounts.OPERATOR_KEY)
        .append("' -H 'Content-Type: application/json' -d '{\"panelId\":1001,\"flatNumber\":\"1\"}' ").append(operator).append("door-calls\n")
        .append("===================================================");
    return b.toString();
  }

  private static String slashed(String prefix) {
    String p = prefix.startsWith("/") ? prefix : "/" + prefix;
    return p.endsWith("/") ? p : p + "/";
  }
}
