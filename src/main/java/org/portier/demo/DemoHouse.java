package org.portier.demo;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The demo's house, its doors and flats, the residents and a few inbox messages, put in through
 * the operator API. Every step first looks at what is there and adds only what is missing, so a
 * second start on the same demo directory (or a start after a half-finished one) changes
 * nothing; the doors' panel URLs are refreshed, since the stub's port may differ between runs.
 */
final class DemoHouse {
  static final String ADDRESS = "Demo house, 1 Example Street";

  record Door(int panelId, int doorId, String name, String icon) {}

  static final List<Door> DOORS = List.of(
      new Door(1001, 0, "Entrance 1", "entrance"),
      new Door(1002, 0, "Entrance 2", "entrance"),
      new Door(1003, 0, "Yard gate", "gate"));

  /** Flat number → door code (flats 1-2 behind entrance 1, 11-12 behind entrance 2). */
  static final List<String[]> FLATS = List.of(new String[] {"1", "10001"}, new String[] {"2", "10002"},
      new String[] {"11", "10011"}, new String[] {"12", "10012"});

  static final List<String[]> MESSAGES = List.of(
      new String[] {"Welcome to the Portier demo", "This message was sent through the operator API (POST /integration/v1/messages)."},
      new String[] {"Water off on Tuesday", "Hot water will be off on Tuesday from 10:00 to 14:00. See https://example.org/notices"},
      new String[] {"New door codes", "The entrance door codes were renewed: open the app to see yours."});

  private final OperatorClient api;
  private final Pool db;
  private final String stubBase;

  DemoHouse(OperatorClient api, Pool db, String stubBase) {
    this.api = api;
    this.db = db;
    this.stubBase = stubBase;
  }

  /** Makes sure the sample data is there; the house's id. */
  Future<String> ensure() {
    return house().compose(houseId -> doors(houseId)
        .compose(v -> flats(houseId))
        .compose(flats -> residents(flats))
        .compose(v -> messages())
        .map(houseId));
  }

  private Future<String> house() {
    return api.list("/houses").compose(list -> {
      for (Object o : list) {
        if (ADDRESS.equals(((JsonObject) o).getString("address"))) return Future.succeededFuture(((JsonObject) o).getString("id"));
      }
      return api.post("/houses", new JsonObject().put("address", ADDRESS)).map(h -> h.getString("id"));
    });
  }

  private Future<Void> doors(String houseId) {
    return api.list("/houses/" + houseId + "/doors").compose(existing -> {
      Future<?> chain = Future.succeededFuture();
      for (Door d : DOORS) {
        JsonObject panel = new JsonObject()
            .put("openUrl", stubBase + "/panel/{panelId}/open/{doorId}?flat={flatNumber}")
            .put("snapshotUrl", stubBase + "/panel/" + d.panelId() + "/snapshot.jpg");
        String id = idOf(existing, o -> String.valueOf(d.panelId()).equals(o.getString("panelId")) && o.getInteger("doorId") == d.doorId());
        chain = chain.compose(v -> id != null
            ? api.patch("/houses/" + houseId + "/doors/" + id, panel)
            : api.post("/houses/" + houseId + "/doors", panel.copy().put("panelId", d.panelId()).put("doorId", d.doorId())
                .put("name", d.name()).put("icon", d.icon()).put("dtmf", "1").put("callerId", ADDRESS + ", " + d.name())));
      }
      return chain.mapEmpty();
    });
  }

  /** The flats by number → id, creating the missing ones. */
  private Future<JsonObject> flats(String houseId) {
    return api.list("/houses/" + houseId + "/flats").compose(existing -> {
      JsonObject ids = new JsonObject();
      existing.forEach(o -> ids.put(((JsonObject) o).getString("number"), ((JsonObject) o).getString("id")));
      Future<?> chain = Future.succeededFuture();
      for (String[] f : FLATS) {
        if (ids.containsKey(f[0])) continue;
        chain = chain.compose(v -> api.post("/houses/" + houseId + "/flats", new JsonObject().put("number", f[0]).put("doorCode", f[1]))
            .onSuccess(flat -> ids.put(f[0], flat.getString("id"))));
      }
      return chain.map(ids);
    });
  }

  private Future<Void> residents(JsonObject flats) {
    Future<?> chain = Future.succeededFuture();
    for (DemoAccounts.Resident r : DemoAccounts.RESIDENTS) {
      String flatId = flats.getString(r.flat());
      chain = chain.compose(v -> api.list("/flats/" + flatId + "/subscribers")).compose(members -> idOf(members, o -> r.phone().equals(o.getString("phone"))) != null
          ? Future.succeededFuture()
          : api.post("/flats/" + flatId + "/subscribers", new JsonObject().put("phone", r.phone()).put("role", r.role())));
    }
    return chain.mapEmpty();
  }

  /**
   * The first resident's inbox. The operator API has no message list, so the titles already
   * there are read from the store (a read only; the messages themselves go through the API).
   */
  private Future<Void> messages() {
    String phone = DemoAccounts.RESIDENTS.get(0).phone();
    return db.preparedQuery("SELECT m.title FROM inbox_messages m JOIN subscribers s ON s.id = m.subscriber_id WHERE s.phone = ?")
        .execute(Tuple.of(phone)).compose(rows -> {
          Set<String> have = new HashSet<>();
          for (Row row : rows) have.add(row.getString(0));
          Future<?> chain = Future.succeededFuture();
          for (String[] m : MESSAGES) {
            if (have.contains(m[0])) continue;
            chain = chain.compose(v -> api.post("/messages", new JsonObject().put("phone", phone).put("title", m[0]).put("body", m[1])));
          }
          return chain.mapEmpty();
        });
  }

  private static String idOf(JsonArray list, java.util.function.Predicate<JsonObject> test) {
    for (Object o : list) if (test.test((JsonObject) o)) return ((JsonObject) o).getString("id");
    return null;
  }
}
