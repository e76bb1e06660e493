package org.portier.demo;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.portier.mx.MxSimulator;
import org.portier.mx.SimDirectory;
import org.portier.mx.SimVoice;

/**
 * Loads the MX simulator with the demo's sample office: the three demo users, an address book of
 * 60 entries (more than MX's page of 50, so the paging shows), a call log of 30 records (more
 * than a chunk of 21), a few services, voicemails with real WAV files and a conference each.
 * The simulator keeps all of it in memory, so every start loads it afresh: nothing to duplicate.
 */
final class DemoMx {
  static final int CONTACTS = 60;
  static final int CALLS = 30;
  /** Small chunks so even a short file travels in several MX frames, as long recordings do. */
  static final int CHUNK = 8000;

  private static final String[] FIRST = {"Alexei", "Daria", "Egor", "Irina", "Kirill", "Lidia", "Maxim", "Nina", "Oleg", "Polina",
      "Roman", "Sofia", "Timur", "Ulyana", "Yuri", "Zoya", "Gleb", "Inna", "Pavel"};
  private static final String[] LAST = {"Orlov", "Volkova", "Sokolov", "Lebedeva", "Kozlov", "Novikova", "Morozov", "Popova"};

  private DemoMx() {}

  static void load(MxSimulator sim, long nowSeconds) {
    List<SimDirectory.Contact> book = addressBook();
    for (DemoAccounts.MxUser u : DemoAccounts.MX_USERS) {
      sim.addUser(new MxSimulator.User(u.login(), u.password(), u.ext(), u.jid(), false));
      sim.contacts(u.login(), book);
      sim.callLog(u.login(), callLog(u, book, nowSeconds));
      sim.services(u.login(), List.of(
          new SimDirectory.Service("3458764513956069980", "voicemail", "VM", "*86", "SIM01"),
          new SimDirectory.Service("3458764513956069981", "Reception", "AA", "500", "SIM01"),
          new SimDirectory.Service("3458764513956069982", "Support queue", "ACD", "600", "SIM01")));
      sim.voicemails(u.login(), voicemails(u, nowSeconds));
      Map<String, String> conf = new LinkedHashMap<>();
      conf.put("ownerId", u.jid());
      conf.put("name", u.firstName() + "'s weekly meeting");
      conf.put("accessId", "7" + u.ext());
      conf.put("description", "Demo conference");
      conf.put("type", "scheduled");
      conf.put("startDate", String.valueOf(nowSeconds + 86_400));
      conf.put("duration", "3600");
      conf.put("waitForOwner", "true");
      conf.put("delOnOwnerLeave", "false");
      conf.put("ws", "");
      conf.put("wsType", "");
      sim.addConference(u.login(), conf);
    }
  }

  /** The demo users themselves, then colleagues on extensions 200 and up. */
  private static List<SimDirectory.Contact> addressBook() {
    List<SimDirectory.Contact> out = new ArrayList<>();
    for (DemoAccounts.MxUser u : DemoAccounts.MX_USERS) {
      out.add(new SimDirectory.Contact(u.jid(), u.firstName(), u.lastName(), u.ext(), null, "+7999555" + u.ext() + "0",
          u.login() + "@demo.portier", "SIM01", null, null));
    }
    for (int i = 0; out.size() < CONTACTS; i++) {
      String ext = String.valueOf(200 + i);
      out.add(new SimDirectory.Contact("438800000010" + ext, FIRST[i % FIRST.length], LAST[i % LAST.length], ext,
          null, i % 3 == 0 ? "+7999444" + ext + "0" : null, i % 2 == 0 ? "colleague" + ext + "@demo.portier" : null, "SIM01", null, null));
    }
    return out;
  }

  /** Calls with colleagues over the last days, one in four missed, incoming and outgoing in turn. */
  private static List<SimDirectory.Call> callLog(DemoAccounts.MxUser u, List<SimDirectory.Contact> book, long now) {
    List<SimDirectory.Call> out = new ArrayList<>();
    for (int i = 0; i < CALLS; i++) {
      SimDirectory.Contact other = book.get(3 + i % (book.size() - 3));
      boolean incoming = i % 2 == 0;
      boolean missed = incoming && i % 4 == 0;
      long end = now - (CALLS - i) * 3_600L;
      long connect = missed ? 0 : end - 30 - i * 7L;
      out.add(new SimDirectory.Call(5000 + i, missed, incoming ? "incoming" : "outgoing", "SIM01-00-" + (5000 + i), connect, end,
          incoming ? other.ext() : u.ext(), incoming ? u.ext() : other.ext(), other.firstName(), other.lastName(), other.ext(), 1, 1, 1));
    }
    return out;
  }

  private static List<SimVoice.Mail> voicemails(DemoAccounts.MxUser u, long now) {
    List<SimVoice.Mail> out = new ArrayList<>();
    String[][] from = {{"201", "Daria Volkova"}, {"204", "Kirill Kozlov"}, {"15125550123", null}};
    for (int i = 0; i < from.length; i++) {
      byte[] wav = DemoWav.beeps(3 + i, 440 + 220 * i);
      out.add(new SimVoice.Mail(String.valueOf(i + 1), from[i][0], from[i][1], from[i][1], u.ext(), now - (i + 1) * 5_400L,
          DemoWav.seconds(wav), i == 2, i == 0 ? "call back" : null, "u" + u.ext() + "/m" + (i + 1) + ".wav", wav, CHUNK));
    }
    return out;
  }
}
