package org.portier.mobile;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.BiFunction;
import org.portier.http.BadInput;
import org.portier.http.Faces;
import org.portier.http.Input;
import org.portier.http.JsonBodies;

/**
 * Methods of modules Portier does not serve (cameras, face and plate recognition, the event
 * journal, address search, service requests, payments, contract logins). Each answers the way
 * the contract allows "nothing here", so the apps keep working: 204 for a list (both apps read it
 * as empty), 200 with an empty list where an app needs data (§13), and for an action a 404/417
 * with a message the app shows. ext/options keeps the apps' cameras, payments and chat tabs off.
 * The body is still read, so broken JSON is 400 here too.
 */
final class UnservedRoutes {
  private static final String NO_ARCHIVE = "Видеоархив не предоставляется этим оператором";
  private static final String NO_FACES = "Распознавание лиц не подключено у этого оператора";
  private static final String NO_PLATES = "Распознавание номеров не подключено у этого оператора";
  private static final String NO_ISSUES = "Заявки через приложение не принимаются: позвоните оператору";
  private static final String NO_PAYMENTS = "Оплата через приложение не подключена у этого оператора";
  private static final String NO_CONTRACTS = "Вход по номеру договора не поддерживается: обратитесь к оператору";

  private UnservedRoutes() {}

  /** Method path → its answer, in the order of the contract's tables. */
  static Map<String, BiFunction<Faces, RoutingContext, Future<Reply>>> all() {
    Map<String, BiFunction<Faces, RoutingContext, Future<Reply>>> m = new LinkedHashMap<>();
    for (String p : new String[] {"user/getPaymentsList", "address/resend", "address/plogDays", "address/plog", "address/getStories",
        "cctv/all", "cctv/allTree", "cctv/camMap", "cctv/overview", "cctv/recDownload", "cctv/youtube", "frs/listFaces",
        "lprs/listNumbers", "geo/getServices", "issues/listConnect", "issues/listConnectV2"}) {
      m.put(p, UnservedRoutes::none);
    }
    for (String p : new String[] {"address/offices", "cctv/ranges", "geo/getAllLocations", "geo/getStreets", "geo/getHouses"}) {
      m.put(p, UnservedRoutes::emptyList);
    }
    m.put("user/restore", refuse(404, NO_CONTRACTS));
    m.put("user/addMyPhone", refuse(404, NO_CONTRACTS));
    m.put("cctv/recPrepare", refuse(404, NO_ARCHIVE));
    m.put("frs/like", refuse(404, NO_FACES));
    m.put("frs/disLike", refuse(404, NO_FACES));
    m.put("lprs/addNumber", refuse(404, NO_PLATES));
    m.put("lprs/removeNumber", refuse(404, NO_PLATES));
    m.put("geo/address", refuse(404, "Адрес не найден"));
    m.put("geo/coder", UnservedRoutes::coder);
    for (String p : new String[] {"issues/create", "issues/createV2", "issues/action", "issues/actionV2", "issues/comment", "issues/commentV2"}) {
      m.put(p, refuse(417, NO_ISSUES));
    }
    for (String p : new String[] {"pay/prepare", "pay/process", "pay/register"}) m.put(p, refuse(404, NO_PAYMENTS));
    m.put("ext/ext", refuse(404, "Расширение не найдено"));
    return m;
  }

  private static Future<Reply> none(Faces faces, RoutingContext ctx) {
    JsonBodies.object(ctx, true);
    return Future.succeededFuture(Reply.noContent());
  }

  private static Future<Reply> emptyList(Faces faces, RoutingContext ctx) {
    JsonBodies.object(ctx, true);
    return Future.succeededFuture(new Reply(200, new KeepEmpty(new JsonArray())));
  }

  private static BiFunction<Faces, RoutingContext, Future<Reply>> refuse(int code, String message) {
    return (faces, ctx) -> {
      JsonBodies.object(ctx, true);
      return Future.failedFuture(new BadInput(code, message));
    };
  }

  /** The reference's answer to an address it cannot place: "0.0" coordinates and the address as given. */
  private static Future<Reply> coder(Faces faces, RoutingContext ctx) {
    Input in = Input.of(JsonBodies.object(ctx, true));
    String address = in.has("address") ? in.string("address", 0, 500) : "";
    return Future.succeededFuture(Reply.ok(new JsonObject().put("lat", "0.0").put("lon", "0.0").put("address", address)));
  }
}
