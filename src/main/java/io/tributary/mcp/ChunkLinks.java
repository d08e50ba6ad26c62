package io.tributary.mcp;

import io.quarkus.vertx.http.runtime.CurrentVertxRequest;
import io.tributary.config.TributaryConfig;
import io.tributary.model.Provenance;
import io.tributary.store.ChunkReader;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import java.net.URI;
import java.util.Collection;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * The URL and title an assistant cites a chunk by. The URL is the origin's own when its record
 * carries one (metadata {@code url}, an absolute {@code http(s)} URL), else the chunk's API URL
 * {@code <base>/v1/chunks/<id>}, where the base is {@code tributary.public-url} or, unset, the
 * scheme and host of the request being served. Thread-safe.
 */
@ApplicationScoped
public class ChunkLinks {

  private final ChunkReader store;
  private final Optional<String> publicUrl;
  private final CurrentVertxRequest request;

  public ChunkLinks(ChunkReader store, TributaryConfig config, CurrentVertxRequest request) {
    this.store = store;
    this.publicUrl = config.publicUrl().map(ChunkLinks::withoutTrailingSlash);
    this.request = request;
  }

  /** The origin URLs of these chunks that have one (one query). */
  public Map<UUID, String> originUrls(Collection<UUID> ids) {
    Map<UUID, String> urls = new java.util.HashMap<>(store.urls(ids));
    urls.values().removeIf(u -> !isWebUrl(u));
    return urls;
  }

  /** The URL of one chunk: its origin's, else its API URL. */
  public String url(UUID id, Map<UUID, String> originUrls) {
    String origin = originUrls.get(id);
    return origin != null ? origin : base() + "/v1/chunks/" + id;
  }

  /**
   * A title for a chunk: a document's title when it has one, else {@code <source> / <record id>};
   * chunks after a record's first add {@code (part n)}.
   */
  public static String title(Provenance p) {
    String title = p.document().get("title");
    String name =
        title != null && !title.isBlank() ? title.strip() : p.source() + " / " + p.recordId();
    return p.chunkOrdinal() > 0 ? name + " (part " + (p.chunkOrdinal() + 1) + ")" : name;
  }

  static boolean isWebUrl(String url) {
    try {
      URI u = URI.create(url.strip());
      String scheme = u.getScheme() == null ? "" : u.getScheme().toLowerCase(Locale.ROOT);
      return (scheme.equals("http") || scheme.equals("https")) && u.getHost() != null;
    } catch (IllegalArgumentException e) {
      return false;
    }
  }

  private String base() {
    if (publicUrl.isPresent()) {
      return publicUrl.get();
    }
    RoutingContext rc = request.getCurrent();
    if (rc == null) {
      return "";
    }
    URI uri = URI.create(rc.request().absoluteURI());
    return uri.getScheme() + "://" + uri.getRawAuthority();
  }

  private static String withoutTrailingSlash(String url) {
    return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
  }
}
