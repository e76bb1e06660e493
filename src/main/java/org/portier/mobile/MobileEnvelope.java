package org.portier.mobile;

import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

/**
 * The mobile face's wire format (SmartYard contract §2.2): {code, name, message, data},
 * HTTP status = code, 204 with no body at all, data omitted when empty, Unicode unescaped.
 */
public final class MobileEnvelope {
  private MobileEnvelope() {}

  /** 200 with data (omitted when null, "" or an empty array/object). */
  public static void ok(RoutingContext ctx, Object data) {
    send(ctx, 200, null, data);
  }

  public static void noContent(RoutingContext ctx) {
    if (ctx.response().ended()) return;
    ctx.response().setStatusCode(204).end();
  }

  public static void error(RoutingContext ctx, int code, String message) {
    send(ctx, code, message, null);
  }

  public static void send(RoutingContext ctx, int code, String message, Object data) {
    if (ctx.response().ended()) return;
    if (code == 204) {
      noContent(ctx);
      return;
    }
    String name = name(code);
    JsonObject body = new JsonObject().put("code", code).put("name", name).put("message", message == null ? name : message);
    if (data instanceof KeepEmpty keep) body.put("data", keep.value());
    else if (!isEmpty(data)) body.put("data", data);
    ctx.response().setStatusCode(code).putHeader("content-type", "application/json; charset=utf-8").end(body.encode());
  }

  private static boolean isEmpty(Object data) {
    return data == null || "".equals(data)
        || data instanceof io.vertx.core.json.JsonArray a && a.isEmpty()
        || data instanceof JsonObject o && o.isEmpty();
  }

  /** Short names in the reference server's language (ru), as the apps show them. */
  public static String name(int code) {
    return switch (code) {
      case 200 -> "OK";
      case 400 -> "Неверный запрос";
      case 401 -> "Не авторизован";
      case 403 -> "Запрещено";
      case 404 -> "Не найдено";
      case 405 -> "Метод не поддерживается";
      case 406 -> "Неприемлемо";
      case 413 -> "Слишком большой запрос";
      case 422 -> "Некорректный запрос";
      case 429 -> "Слишком много запросов";
      case 503 -> "Сервис недоступен";
      default -> code >= 500 ? "Внутренняя ошибка сервера" : "Ошибка";
    };
  }
}
