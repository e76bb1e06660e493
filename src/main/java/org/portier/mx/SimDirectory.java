package org.portier.mx;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The simulator's per-user directory data and how MX pages it (mx-proxy.md §2.6): the address book
 * in {@code ablist} pages of 50 answered with the request's invoke id, the call log in
 * {@code callloginfo} chunks of 21 sent as events (id 9999), the services in one reply.
 */
public final class SimDirectory {
  static final int PAGE = 50;
  static final int CHUNK = 21;

  /** An address-book entry; null fields are left out, as MX leaves out empty ones. */
  public record Contact(String jid, String firstName, String lastName, String ext, String homePhone, String cellPhone,
      String email, String homeSystem, String did, String exchangeId) {
    public static Contact of(String jid, String firstName, String lastName, String ext) {
      return new Contact(jid, firstName, lastName, ext, null, null, null, null, null, null);
    }
  }

  /** A call-log record; connect 0 means never answered (left out). */
  public record Call(long recordId, boolean missed, String direction, String gcid, long connectTimestamp, long disconnectTimestamp,
      String callingPartyNo, String originalCalledPartyNo, String firstName, String lastName, String extension, int callType,
      int legType, int selfLegType) {
    public static Call of(long recordId, String direction, long disconnectTimestamp, String calling, String called) {
      return new Call(recordId, false, direction, "SIM-" + recordId, 0, disconnectTimestamp, calling, called, null, null, null, 1, 1, 1);
    }
  }

  public record Service(String id, String name, String type, String ext, String homeSystem) {}

  final Map<String, List<Contact>> contacts = new ConcurrentHashMap<>();
  final Map<String, List<Call>> calls = new ConcurrentHashMap<>();
  final Map<String, List<Service>> services = new ConcurrentHashMap<>();
  /** Users whose call log ends in silence after an exact multiple of 21 (MX may send no empty chunk). */
  final java.util.Set<String> silentEnd = ConcurrentHashMap.newKeySet();

  /** {@code iq}: addressbook and calllog answer in parts; any other iq (mode) gets nothing, as on MX. */
  void iq(MxSimulator.Session s, MxMessage m) {
    String login = s.user().login();
    switch (String.valueOf(m.root().attr("id"))) {
      case "addressbook" -> s.reply(m, page(contacts.getOrDefault(login, List.of()), intAttr(m, "index")));
      case "calllog" -> callLog(s, login, longAttr(m, "timestamp"));
      default -> { }
    }
  }

  private static String page(List<Contact> all, int index) {
    List<Contact> sorted = new ArrayList<>(all);
    sorted.sort(Comparator.comparing(Contact::ext));
    XmlOut x = XmlOut.root("ablist").attr("size", String.valueOf(sorted.size())).attr("index", String.valueOf(index));
    for (int i = index * PAGE; i >= 0 && i < Math.min(sorted.size(), (index + 1) * PAGE); i++) {
      Contact c = sorted.get(i);
      x.start("abentry").attr("jid", c.jid()).leaf("firstName", c.firstName()).leaf("lastName", c.lastName())
          .leaf("businessPhone", c.ext()).leaf("homePhone", c.homePhone()).leaf("cellPhone", c.cellPhone()).leaf("email", c.email())
          .leaf("homeSystem", c.homeSystem()).leaf("did", c.did()).leaf("exchangeId", c.exchangeId()).end();
    }
    return x.build();
  }

  /** Calls after the timestamp (-1: all), in chunks of 21; after an exact multiple an empty chunk, or nothing if silentEnd. */
  private void callLog(MxSimulator.Session s, String login, long timestamp) {
    List<Call> log = calls.getOrDefault(login, List.of()).stream()
        .filter(c -> timestamp < 0 || Math.max(c.connectTimestamp(), c.disconnectTimestamp()) > timestamp)
        .sorted(Comparator.comparingLong(Call::recordId)).toList();
    for (int from = 0; from < log.size(); from += CHUNK) s.event(chunk(log.subList(from, Math.min(log.size(), from + CHUNK))));
    if (log.size() % CHUNK == 0 && !silentEnd.contains(login)) s.event(chunk(List.of()));
  }

  private static String chunk(List<Call> part) {
    XmlOut x = XmlOut.root("callloginfo");
    for (Call c : part) {
      x.start("callinfo").attr("missed", String.valueOf(c.missed())).attr("direction", c.direction())
          .leaf("record_id", String.valueOf(c.recordId())).leaf("gcid", c.gcid())
          .leaf("connectTimestamp", c.connectTimestamp() == 0 ? null : String.valueOf(c.connectTimestamp()))
          .leaf("disconnectTimestamp", String.valueOf(c.disconnectTimestamp())).leaf("callingPartyNo", c.callingPartyNo())
          .leaf("originalCalledPartyNo", c.originalCalledPartyNo()).leaf("firstName", c.firstName()).leaf("lastName", c.lastName())
          .leaf("extension", c.extension()).leaf("callType", String.valueOf(c.callType())).leaf("legType", String.valueOf(c.legType()))
          .leaf("selfLegType", String.valueOf(c.selfLegType())).end();
    }
    return x.build();
  }

  /** GetServiceList: MX's reply root is unknown; the ECMA-323 style name is as good as any. */
  String services(String login) {
    XmlOut x = XmlOut.root("GetServiceListResponse");
    for (Service v : services.getOrDefault(login, List.of())) {
      x.start("Service").leaf("serviceId", v.id()).leaf("serviceName", v.name()).leaf("serviceType", v.type())
          .leaf("extension", v.ext()).leaf("homeSystem", v.homeSystem()).end();
    }
    return x.build();
  }

  private static int intAttr(MxMessage m, String name) {
    try {
      return Integer.parseInt(String.valueOf(m.root().attr(name)).trim());
    } catch (NumberFormatException e) {
      return 0;
    }
  }

  private static long longAttr(MxMessage m, String name) {
    try {
      return Long.parseLong(String.valueOf(m.root().attr(name)).trim());
    } catch (NumberFormatException e) {
      return -1;
    }
  }
}
