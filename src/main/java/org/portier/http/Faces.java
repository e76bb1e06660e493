package org.portier.http;

import io.vertx.core.Vertx;
import io.vertx.ext.web.client.WebClient;
import io.vertx.sqlclient.Pool;
import org.portier.store.Ids;
import java.util.function.Supplier;
import org.portier.config.Config;
import org.portier.security.SecretBox;

/**
 * What a face's routes need: Vert.x, the store's pool, the current config (swapped on reload, so
 * read it per request), the secret box and a shared web client. Faces are stateless otherwise.
 */
public record Faces(Vertx vertx, Pool pool, Ids ids, Supplier<Config> config, SecretBox secrets, WebClient web) {}
