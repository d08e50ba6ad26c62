package io.tributary.client.langchain4j;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.langchain4j.data.document.Metadata;
import dev.langchain4j.data.segment.TextSegment;
import dev.langchain4j.rag.content.Content;
import dev.langchain4j.rag.content.ContentMetadata;
import dev.langchain4j.rag.content.retriever.ContentRetriever;
import dev.langchain4j.rag.query.Query;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;

/**
 * A LangChain4j {@link ContentRetriever} backed by Tributary's {@code POST /v1/search}: each hit
 * becomes a {@link Content} whose text segment carries its provenance as metadata ({@link #SOURCE},
 * {@link #RECORD_ID}, {@link #RECORD_VERSION}, {@link #CHUNK_ID}, {@link #URL}, {@link #SCORE},
 * {@link #CONTENT_HASH}, {@link #INGESTED_AT}) and whose {@link ContentMetadata#SCORE} is
 * Tributary's score.
 *
 * <p>Tributary filters by the caller's principals inside its query: what a retriever returns
 * depends on the credential it sends. A credential is resolved per query ({@link
 * Builder#credential(Function)}), so an application can pass the end user's own OIDC token through;
 * or it holds a key with the {@code delegate} role and names the user ({@link Builder#onBehalfOf}).
 *
 * <p>Thread-safe and immutable once built. A refused or failed search throws {@link
 * TributaryException} with the HTTP status and the problem's title and detail.
 */
public final class TributaryContentRetriever implements ContentRetriever {

  /** Metadata key: the source name. */
  public static final String SOURCE = "tributary.source";

  /** Metadata key: the source's record id. */
  public static final String RECORD_ID = "tributary.recordId";

  /** Metadata key: the record version the chunk was cut from (absent when unversioned). */
  public static final String RECORD_VERSION = "tributary.recordVersion";

  /** Metadata key: the chunk id (a UUID string), for {@code GET /v1/chunks/{id}}. */
  public static final String CHUNK_ID = "tributary.chunkId";

  /** Metadata key: the chunk's absolute API URL, to cite or fetch. */
  public static final String URL = "tributary.url";

  /** Metadata key: the search score (cosine, ts_rank or reciprocal-rank fusion, by mode). */
  public static final String SCORE = "tributary.score";

  /** Metadata key: SHA-256 of the redacted record content. */
  public static final String CONTENT_HASH = "tributary.contentHash";

  /** Metadata key: when the chunk was stored (ISO-8601). */
  public static final String INGESTED_AT = "tributary.ingestedAt";

  private static final ObjectMapper JSON = new ObjectMapper();

  private final URI search;
  private final String base;
  private final Function<Query, String> credential;
  private final String onBehalfOf;
  private final String onBehalfOfGroups;
  private final int topK;
  private final Double minScore;
  private final String mode;
  private final Map<String, Object> filter;
  private final Duration timeout;
  private final HttpClient http;

  private TributaryContentRetriever(Builder b) {
    this.base = trimmed(Objects.requireNonNull(b.baseUrl, "baseUrl"));
    this.search = URI.create(base + "/v1/search");
    this.credential = Objects.requireNonNull(b.credential, "apiKey, bearerToken or credential");
    this.onBehalfOf = b.onBehalfOf;
    this.onBehalfOfGroups = b.onBehalfOfGroups;
    if (b.topK < 1) {
      throw new IllegalArgumentException("topK must be >= 1");
    }
    this.topK = b.topK;
    this.minScore = b.minScore;
    this.mode = b.mode;
    this.filter = Map.copyOf(b.filter);
    this.timeout = b.timeout;
    this.http =
        b.httpClient != null
            ? b.httpClient
            : HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
  }

  public static Builder builder() {
    return new Builder();
  }

  @Override
  public List<Content> retrieve(Query query) {
    String token = credential.apply(query);
    if (token == null || token.isBlank()) {
      throw new TributaryException(401, "Unauthorized", "no credential for this query");
    }
    HttpRequest.Builder request =
        HttpRequest.newBuilder(search)
            .timeout(timeout)
            .header("Content-Type", "application/json")
            .header("Accept", "application/json")
            .header("Authorization", "Bearer " + token)
            .POST(HttpRequest.BodyPublishers.ofString(body(query.text()), StandardCharsets.UTF_8));
    if (onBehalfOf != null) {
      request.header("X-Tributary-On-Behalf-Of", onBehalfOf);
      if (onBehalfOfGroups != null) {
        request.header("X-Tributary-On-Behalf-Of-Groups", onBehalfOfGroups);
      }
    }
    HttpResponse<String> response;
    try {
      response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new UncheckedIOException("searching " + search, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while searching " + search, e);
    }
    JsonNode answer = parse(response);
    List<Content> contents = new ArrayList<>();
    for (JsonNode hit : answer.path("results")) {
      contents.add(content(hit));
    }
    return contents;
  }

  private String body(String text) {
    ObjectNode body = JSON.createObjectNode();
    body.put("query", text);
    body.put("topK", topK);
    if (minScore != null) {
      body.put("minScore", minScore);
    }
    if (mode != null) {
      body.put("mode", mode);
    }
    if (!filter.isEmpty()) {
      body.set("filter", JSON.valueToTree(filter));
    }
    return body.toString();
  }

  private static JsonNode parse(HttpResponse<String> response) {
    JsonNode json;
    try {
      json = JSON.readTree(response.body());
    } catch (IOException e) {
      json = JSON.createObjectNode();
    }
    if (response.statusCode() != 200) {
      throw new TributaryException(
          response.statusCode(),
          json.path("title").asText("HTTP " + response.statusCode()),
          json.path("detail").asText(""));
    }
    return json;
  }

  private Content content(JsonNode hit) {
    JsonNode p = hit.path("provenance");
    String chunkId = hit.path("chunkId").asText();
    double score = hit.path("score").asDouble();
    Metadata metadata = new Metadata();
    metadata.put(SOURCE, p.path("source").asText());
    metadata.put(RECORD_ID, p.path("recordId").asText());
    if (p.hasNonNull("recordVersion")) {
      metadata.put(RECORD_VERSION, p.get("recordVersion").asLong());
    }
    metadata.put(CHUNK_ID, chunkId);
    metadata.put(URL, base + "/v1/chunks/" + chunkId);
    metadata.put(SCORE, score);
    if (p.hasNonNull("contentHash")) {
      metadata.put(CONTENT_HASH, p.get("contentHash").asText());
    }
    if (p.hasNonNull("ingestedAt")) {
      metadata.put(INGESTED_AT, p.get("ingestedAt").asText());
    }
    Map<ContentMetadata, Object> contentMetadata = new LinkedHashMap<>();
    contentMetadata.put(ContentMetadata.SCORE, score);
    contentMetadata.put(ContentMetadata.EMBEDDING_ID, chunkId);
    return Content.from(TextSegment.from(hit.path("text").asText(), metadata), contentMetadata);
  }

  private static String trimmed(String url) {
    return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
  }

  /** Configures a retriever; {@code baseUrl} and a credential are required. */
  public static final class Builder {
    private String baseUrl;
    private Function<Query, String> credential;
    private String onBehalfOf;
    private String onBehalfOfGroups;
    private int topK = 5;
    private Double minScore;
    private String mode;
    private final Map<String, Object> filter = new LinkedHashMap<>();
    private Duration timeout = Duration.ofSeconds(30);
    private HttpClient httpClient;

    private Builder() {}

    /** The service, e.g. {@code https://tributary.example.com}. */
    public Builder baseUrl(String baseUrl) {
      this.baseUrl = baseUrl;
      return this;
    }

    /** An API key ({@code trb_...}) holding the {@code search} role. */
    public Builder apiKey(String apiKey) {
      return credential(q -> apiKey);
    }

    /** A fixed OIDC bearer token. */
    public Builder bearerToken(String token) {
      return credential(q -> token);
    }

    /**
     * The credential (API key or bearer token) to send with each query, e.g. the token of the user
     * the application serves, read from the query's metadata or the application's request context.
     */
    public Builder credential(Function<Query, String> credential) {
      this.credential = credential;
      return this;
    }

    /**
     * Acts for an end user (the key needs the {@code delegate} role): Tributary matches ACLs
     * against this user and its comma-separated groups instead of the key's own principals.
     */
    public Builder onBehalfOf(String user, String groups) {
      this.onBehalfOf = user;
      this.onBehalfOfGroups = groups;
      return this;
    }

    /** How many chunks per query, 1..50 (Tributary's limit); default 5. */
    public Builder topK(int topK) {
      this.topK = topK;
      return this;
    }

    /** Drop hits below this score (in the mode's own scale). */
    public Builder minScore(Double minScore) {
      this.minScore = minScore;
      return this;
    }

    /** {@code vector}, {@code keyword} or {@code hybrid}; default the service's (hybrid). */
    public Builder mode(String mode) {
      this.mode = mode;
      return this;
    }

    /**
     * A filter condition as {@code /v1/search} takes it: {@code source} (a name or a list), {@code
     * metadata.<key>}, {@code fields.<key>}, a value, a list or a range map ({@code gte} ...).
     */
    public Builder filter(String key, Object condition) {
      this.filter.put(key, condition);
      return this;
    }

    public Builder timeout(Duration timeout) {
      this.timeout = timeout;
      return this;
    }

    public Builder httpClient(HttpClient httpClient) {
      this.httpClient = httpClient;
      return this;
    }

    public TributaryContentRetriever build() {
      return new TributaryContentRetriever(this);
    }
  }
}
