package org.portier.mx;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The simulator's conferences (mx-proxy.md §2.6, §2.8): each user's list, created, updated and
 * deleted by command; every change is answered with a reply carrying the {@code confId} and then
 * a {@code ConfAddEvent}/{@code ConfUpdEvent}/{@code ConfDelEvent} (id 9999) with the conference's
 * fields. An unknown confId is a CSTA error. A conference is its fields in MX order, as text.
 */
public final class SimConferences {
  static final String[] FIELDS = {"confId", "ownerId", "name", "accessId", "description", "type", "startDate", "duration",
      "waitForOwner", "delOnOwnerLeave", "ws", "wsType"};

  final Map<String, Map<String, Map<String, String>>> byUser = new ConcurrentHashMap<>();
  private final AtomicLong ids = new AtomicLong(1000);

  void install(MxSimulator sim) {
    sim.handle("GetConfServerInfo", (s, m) -> s.reply(m, XmlOut.root("GetConfServerInfoResponse").leaf("extension", "7000")
        .leaf("DID", "15125550100").leaf("inviteSubject", "Conference Call: %Date% @ %Time% - %Subject%")
        .leaf("inviteBody", "Please join my conference call").leaf("inviteMXmeeting", "View the MXmeeting session").build()));
    sim.handle("GetConfList", (s, m) -> {
      XmlOut x = XmlOut.root("GetConfListResponse").start("conferences");
      of(s).values().forEach(c -> fields(x.start("conf"), c).end());
      s.reply(m, x.build());
    });
    sim.handle("CreateConference", (s, m) -> {
      Map<String, String> c = read(m);
      c.put("confId", String.valueOf(ids.incrementAndGet()));
      changed(s, m, c, "ConfAddEvent");
    });
    sim.handle("UpdateConference", (s, m) -> {
      Map<String, String> c = read(m);
      if (!of(s).containsKey(String.valueOf(c.get("confId")))) notFound(s, m);
      else changed(s, m, c, "ConfUpdEvent");
    });
    sim.handle("DeleteConference", (s, m) -> {
      Map<String, String> c = of(s).remove(String.valueOf(m.root().textAt("confId")));
      if (c == null) {
        notFound(s, m);
        return;
      }
      s.reply(m, XmlOut.root("DeleteConferenceResponse").leaf("confId", c.get("confId")).build());
      s.event(XmlOut.root("ConfDelEvent").leaf("confId", c.get("confId")).leaf("ownerId", c.get("ownerId")).build());
    });
    sim.handle("JoinConf", (s, m) -> {
      if (!of(s).containsKey(String.valueOf(m.root().textAt("callId")))) notFound(s, m);
      else s.reply(m, XmlOut.root("JoinConfResponse").build());
    });
  }

  /** A fixture conference with a fresh confId, its fields in MX order (see {@link MxSimulator#addConference}). */
  String add(String login, Map<String, String> fields) {
    Map<String, String> c = new LinkedHashMap<>();
    for (String f : FIELDS) c.put(f, fields.getOrDefault(f, ""));
    c.put("confId", String.valueOf(ids.incrementAndGet()));
    byUser.computeIfAbsent(login, k -> new ConcurrentHashMap<>()).put(c.get("confId"), c);
    return c.get("confId");
  }

  Map<String, Map<String, String>> of(MxSimulator.Session s) {
    return byUser.computeIfAbsent(s.user().login(), k -> new ConcurrentHashMap<>());
  }

  private void changed(MxSimulator.Session s, MxMessage m, Map<String, String> c, String event) {
    of(s).put(c.get("confId"), c);
    s.reply(m, XmlOut.root(m.name() + "Response").leaf("confId", c.get("confId")).build());
    s.event(fields(XmlOut.root(event), c).build());
  }

  private static Map<String, String> read(MxMessage m) {
    Map<String, String> c = new LinkedHashMap<>();
    for (String f : FIELDS) c.put(f, m.root().textAt(f) == null ? "" : m.root().textAt(f));
    return c;
  }

  private static XmlOut fields(XmlOut x, Map<String, String> c) {
    c.forEach(x::leaf);
    return x;
  }

  private static void notFound(MxSimulator.Session s, MxMessage m) {
    s.reply(m, XmlOut.root("CSTAErrorCode").leaf("privateErrorCode", "Conference not found").build());
  }
}
