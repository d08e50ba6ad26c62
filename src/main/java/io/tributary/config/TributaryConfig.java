package io.tributary.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import io.smallrye.config.WithName;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/** All of Tributary's own settings, prefix {@code tributary}, one group per stage. */
@ConfigMapping(prefix = "tributary")
public interface TributaryConfig {

  /**
   * The service's public base URL (e.g. {@code https://tributary.example.com}), used where an
   * answer links back to the service (the MCP tools' chunk URLs). Unset: taken from each request.
   */
  Optional<String> publicUrl();

  Sources sources();

  Ingest ingest();

  Documents documents();

  Http http();

  Quota quota();

  Redact redact();

  Chunk chunk();

  Embedding embedding();

  Generations generations();

  /** Embedding generations: building, switching and dropping them (docs/retrieval.md). */
  interface Generations {
    /** How long a generation that stopped serving is kept as a rollback target. */
    @WithDefault("P7D")
    java.time.Duration gracePeriod();

    /** How often live generations are caught up with new chunks and expired ones dropped. */
    @WithDefault("10s")
    String catchUpEvery();

    /** Chunks embedded per step of a build. */
    @WithDefault("256")
    int buildBatch();
  }

  Search search();

  Auth auth();

  /**
   * Who the caller is. Tokens are verified by quarkus-oidc ({@code quarkus.oidc.*}: issuer,
   * audience, the roles claim); API keys by Tributary ({@code /v1/keys}).
   */
  interface Auth {
    /** The token claim naming the caller: audit actor and a principal matched against ACLs. */
    @WithDefault("sub")
    String subjectClaim();

    /**
     * The token claim holding the caller's groups (principals matched against ACLs); a path with
     * {@code /} reaches into nested objects. Absent: the caller has no group principals.
     */
    @WithDefault("groups")
    String groupsClaim();

    /** Lifetime of a new API key when its request names none. */
    @WithDefault("P90D")
    Duration keyDefaultTtl();

    /** Longest lifetime an API key may be given. */
    @WithDefault("P730D")
    Duration keyMaxTtl();

    /** How often a key's last-used time is written at most (one write per key per interval). */
    @WithDefault("PT60S")
    Duration keyLastUsedInterval();

    /**
     * The identity provider's client the operator console logs in through (authorization-code flow
     * with PKCE, at the issuer {@code quarkus.oidc.auth-server-url}); its access tokens must carry
     * the audience {@code quarkus.oidc.token.audience}. Unset, or no issuer: the console offers the
     * API-key login only.
     */
    Optional<String> consoleClientId();

    /** The console client's secret, for a confidential client; unset for a public client. */
    Optional<String> consoleClientSecret();
  }

  Audit audit();

  /** The keys that sign the audit log. */
  interface Audit {
    /**
     * Keys of the entries' HMAC-SHA256, as {@code id:secret} pairs separated by commas. The first
     * pair signs new entries; the others only verify entries signed under them, so a rotation puts
     * a new pair first and keeps the old ones. Ids: 1 to 32 of {@code A-Z a-z 0-9 . _ -}; secrets:
     * at least 32 characters, no comma. From the environment variable {@code
     * TRIBUTARY_AUDIT_HMAC_KEYS} only: a key the database (or its owner) could read would let it
     * re-sign a rewritten log.
     */
    List<String> hmacKeys();
  }

  Context context();

  Kafka kafka();

  /** Where per-source files and record templates live. */
  interface Sources {
    /** Folder with {@code <source>.yaml} files; a source without a file gets the defaults. */
    @WithDefault("config/sources")
    String dir();

    /** Redaction policy every source starts from; a source file overrides it key by key. */
    @WithName("defaults-file")
    @WithDefault("config/redaction.yaml")
    String defaultsFile();

    /** Folder with record templates {@code <source>.txt} (Qute). */
    @WithName("templates-dir")
    @WithDefault("prompts/records")
    String templatesDir();
  }

  /** Limits on what a source may send. */
  interface Ingest {
    /** Most records in one HTTP request; more is answered 413. */
    @WithDefault("1000")
    int maxRecordsPerRequest();

    /** Largest record, as serialized JSON, in bytes; a larger record is rejected. */
    @WithDefault("1048576")
    int maxRecordBytes();

    /**
     * Chunk texts per embedding call while a batch is prepared: a group is embedded as soon as it
     * is full, while the next records are redacted and chunked. Large enough for every core's run
     * of the engine to stay busy; smaller starts the model sooner.
     */
    @WithDefault("32")
    int embedGroupTexts();

    /**
     * Groups of one batch waiting for or in the model before the batch's preparation waits for the
     * oldest (back-pressure): memory stays bounded however fast preparation is.
     */
    @WithDefault("2")
    int embedGroupsInFlight();
  }

  /**
   * Limits on HTTP requests, each refused with a problem+json answer. The body limit is Quarkus's
   * own {@code quarkus.http.limits.max-body-size}.
   */
  interface Http {
    /**
     * Largest header block, in bytes (each line's name, value and ": "); over it the answer is 431.
     * Keep it well under {@code quarkus.http.limits.max-header-size}: past that Vert.x itself
     * answers 431, with an empty body.
     */
    @WithDefault("20480")
    int maxHeaderBytes();

    /**
     * Longest request line (method, path with query, version), in bytes; over it the answer is 414.
     * Keep it well under {@code quarkus.http.limits.max-initial-line-length}, for the same reason.
     */
    @WithDefault("8192")
    int maxRequestLineBytes();

    /** Deepest nesting of arrays and objects in a JSON body; deeper is answered 400. */
    @WithDefault("100")
    int jsonMaxNestingDepth();

    /**
     * Longest string in a JSON body, in characters; longer is answered 400. Above {@code
     * tributary.ingest.max-record-bytes}, so that a record with a long field is rejected on its own
     * while the rest of its batch goes on.
     */
    @WithDefault("4194304")
    int jsonMaxStringLength();
  }

  /**
   * Per-caller limits, answered 429 with {@code Retry-After}. A caller is the authenticated
   * identity's principal name, or for an anonymous request its remote address. Each limit is a
   * token bucket that refills continuously; 0 turns a limit off. Health and {@code /q/*} are never
   * limited.
   */
  interface Quota {
    /**
     * Requests a caller may make to {@code /v1/*} per minute, sustained. Default 1200 (20 a
     * second); 0 = unlimited.
     */
    @WithDefault("1200")
    long requestsPerMinute();

    /** Requests a caller may make at once after being idle: the size of its request bucket. */
    @WithDefault("200")
    long requestBurst();

    /**
     * Characters a caller may ingest per minute, and so the most one request may carry (more is
     * answered 413). Record batches count the characters of the request body; documents count each
     * file's size in bytes, at most {@code tributary.documents.max-chars} per file. A request that
     * would exceed what is left is refused whole. Default 20,000,000 (several times what the
     * in-process model embeds a minute on 2 cores); 0 = unlimited.
     */
    @WithDefault("20000000")
    long ingestCharsPerMinute();

    /**
     * Callers tracked at once, per limit. A caller whose bucket has refilled is forgotten at once
     * (nothing is lost); past this many, the least recently seen caller is forgotten and starts
     * again from a full bucket.
     */
    @WithDefault("50000")
    int maxCallers();
  }

  /**
   * Limits on files parsed by Tika: what a hostile or broken file may cost before it is rejected.
   */
  interface Documents {
    /** Largest file accepted, in bytes; a larger one is rejected before parsing. */
    @WithDefault("52428800")
    long maxFileBytes();

    /** Most characters extracted from one file, attachments included; more rejects the file. */
    @WithDefault("5000000")
    int maxChars();

    /**
     * Wall-clock limit of one file's parse. A parser still running then is killed with its worker
     * process ({@code isolation=process}), or abandoned on its thread ({@code none}).
     */
    @WithDefault("60s")
    Duration parseTimeout();

    /**
     * Where files are parsed: {@code process} (each in a child JVM of the service's own classpath,
     * killed at the time limit or when it runs out of memory; the default) or {@code none} (on
     * threads of the service: a parser that ignores interrupts cannot be stopped; for tools and
     * tests only).
     */
    @WithDefault("process")
    ParseIsolation isolation();

    /** Most files parsed at once, each in its own worker process; default the number of cores. */
    java.util.OptionalInt workers();

    /** Worker processes kept started while idle, so a file does not wait for a JVM to start. */
    @WithDefault("1")
    int warmWorkers();

    /**
     * Heap of each worker process ({@code -Xmx}, e.g. {@code 512m}); a file that needs more is
     * rejected.
     */
    @WithDefault("512m")
    String workerMaxHeap();

    /** Most attachments and archive entries read from one file. */
    @WithDefault("200")
    int maxEmbedded();

    /** Most files in one upload request. */
    @WithDefault("100")
    int maxFilesPerRequest();
  }

  /** Where a file's parser runs ({@code tributary.documents.isolation}). */
  enum ParseIsolation {
    /** In a child JVM per concurrent parse, killed at the time limit. */
    PROCESS,
    /** On a thread of the service; a runaway parser keeps running. */
    NONE
  }

  /** Redaction before anything is rendered, embedded or stored. */
  interface Redact {
    /**
     * Key of the HMAC-SHA256 pseudonyms ({@code hash} policy). At least 32 characters; from the
     * environment variable {@code TRIBUTARY_REDACT_HMAC_KEY}, never from a committed file.
     */
    String hmacKey();
  }

  /** Splitting rendered records into chunks the model reads whole. */
  interface Chunk {
    /** Most word pieces in a chunk; must not exceed what the embedding model reads. */
    @WithDefault("120")
    int maxTokens();

    /** Word pieces of the previous chunk's tail repeated at the start of the next. */
    @WithDefault("16")
    int overlapTokens();
  }

  /** The embedding model. */
  interface Embedding {
    /** {@code in-process} (all-MiniLM-L6-v2, no network), {@code openai} or {@code ollama}. */
    @WithDefault("in-process")
    String provider();

    /** Model name for openai/ollama. */
    Optional<String> modelName();

    /**
     * The {@code in-process} model: {@code all-minilm-l6-v2}, {@code all-minilm-l6-v2-q} or {@code
     * bge-small-en-v1.5-q}. Unset: all-MiniLM-L6-v2, quantized as {@code quantized} says. A change
     * needs a generation of the new model (docs/retrieval.md#generations).
     */
    Optional<String> model();

    /** Endpoint for openai (any OpenAI-compatible server) or ollama. */
    Optional<String> baseUrl();

    /** API key for openai, from {@code TRIBUTARY_EMBEDDING_API_KEY}. */
    Optional<String> apiKey();

    /** Vector dimension: the {@code vector(N)} column and the model must both have it. */
    @WithDefault("384")
    int dimension();

    /**
     * Word pieces the model reads before it silently ignores the rest. all-MiniLM-L6-v2 reads 128
     * including its two special tokens.
     */
    @WithDefault("126")
    int maxInputTokens();

    /** Texts per embedding call (the {@code onnx} engine takes calls of up to 512). */
    @WithDefault("32")
    int batchSize();

    /**
     * How {@code in-process} runs all-MiniLM-L6-v2: {@code onnx} (ONNX Runtime directly, one
     * single-threaded run per core, optionally batched) or {@code langchain4j} (LangChain4j's
     * model). Both give the same vectors.
     */
    @WithDefault("onnx")
    String engine();

    /**
     * Texts per ONNX run of the {@code onnx} engine. Above 1, a call's texts are sorted by length
     * and padded per batch; on 2 cores a batch of 1 was fastest (bench/EmbeddingSpeed). The
     * quantized model always runs one text at a time.
     */
    @WithDefault("1")
    int onnxBatchSize();

    /**
     * {@code in-process} with the int8-quantized all-MiniLM-L6-v2: 2-3x faster, and nDCG@10 on the
     * retrieval-dev corpora did not drop (bench/RetrievalQuality). Its vectors differ slightly from
     * fp32's (cosine ≈ 0.992) and so does its model id: switching re-embeds every record.
     */
    @WithDefault("true")
    boolean quantized();

    /**
     * Whether vectors are cached by (model id, SHA-256 of the chunk text) in the database, so that
     * a text a model has embedded once is never embedded by it again (reindex, re-chunk, builds).
     */
    @WithDefault("true")
    boolean cache();

    /** Timeout of one remote embedding call, in seconds. */
    @WithDefault("30")
    int timeoutSeconds();

    /** Attempts of a retriable embedding failure before giving up. */
    @WithDefault("4")
    int maxAttempts();
  }

  /** Streaming ingestion from Kafka. */
  interface Kafka {
    /** Whether this instance consumes the sources' topics. */
    @WithDefault("true")
    boolean enabled();

    /** Broker addresses. */
    @WithDefault("127.0.0.1:9092")
    String bootstrapServers();

    /**
     * Regular expression of the source names this instance consumes (default: all). Lets instances
     * split sources between them, and keeps tests to their own topics.
     */
    @WithDefault(".*")
    String sources();

    /** Consumer group; instances in the same group share partitions. */
    @WithDefault("tributary")
    String groupId();

    /** Most messages per poll, processed (and embedded) as one batch. */
    @WithDefault("256")
    int maxPollRecords();

    /** How often new topics matching the sources are discovered, in milliseconds. */
    @WithDefault("10000")
    int metadataMaxAgeMs();

    /**
     * First backoff after a retriable fault, in milliseconds; doubles up to max-backoff-ms, with
     * jitter.
     */
    @WithDefault("500")
    long initialBackoffMs();

    /** Longest backoff between retries of a retriable fault, in milliseconds. */
    @WithDefault("15000")
    long maxBackoffMs();
  }

  /** Retrieval. */
  interface Search {
    /** Default number of results. */
    @WithDefault("5")
    int defaultTopK();

    /** Largest topK a caller may ask for. */
    @WithDefault("50")
    int maxTopK();

    /** Mode when a request names none: {@code vector}, {@code keyword} or {@code hybrid}. */
    @WithDefault("hybrid")
    String defaultMode();

    /** The k of reciprocal rank fusion: score = sum over modes of 1 / (k + rank). */
    @WithDefault("60")
    int rrfK();

    /**
     * How hybrid mode fuses the vector and keyword lists: {@code convex} (w × min-max normalised
     * cosine + (1 − w) × min-max normalised keyword score, w = {@code vector-weight} + {@code
     * agreement-weight} × agreement) or {@code rrf} (reciprocal rank fusion, weighted by {@code
     * keyword-weight}). The defaults were tuned on the tune half of the retrieval-dev queries
     * (docs/retrieval.md#quality).
     */
    @WithDefault("convex")
    String fusion();

    /** The keyword list's weight in {@code rrf} fusion (the vector list's is 1). */
    @WithDefault("1.0")
    double keywordWeight();

    /**
     * The vector score's share in {@code convex} fusion, 0 to 1, before {@code agreement-weight}
     * adds to it.
     */
    @WithDefault("0.3")
    double vectorWeight();

    /**
     * Added to {@code vector-weight} per unit of agreement in {@code convex} fusion: the share of
     * the vector list's first 10 chunks that are also among the keyword list's first 10 (0 to 1);
     * the sum is clamped to [0, 1]. 0 makes the weight the same for every query.
     */
    @WithDefault("0.4")
    double agreementWeight();

    /** Candidates each mode contributes to hybrid fusion (at least topK). */
    @WithDefault("50")
    int hybridCandidates();

    /**
     * HNSW candidate list size ({@code hnsw.ef_search}); larger is more accurate and slower. Raised
     * to the number of rows asked for when smaller. 400 reached recall@10 0.98 against exact search
     * at 100k chunks in the benchmark (40: 0.74, 100: 0.88, 200: 0.94); on 2026-12-02 300: 0.978,
     * 400: 0.991; see docs/benchmarks.md and docs/benchmarks-search.md.
     */
    @WithDefault("400")
    int hnswEfSearch();

    /**
     * Most query vectors kept in memory, by (generation, model, redacted query text), so a repeated
     * query is not embedded again; least recently used evicted first. 0 turns the cache off. About
     * 2 KB per entry for a 384-dimension model.
     */
    @WithDefault("1024")
    int queryCacheSize();

    /**
     * A PostgreSQL streaming replica that searches read from ({@code
     * io.tributary.pipeline.ReadReplica}).
     */
    Replica replica();

    /** {@code tributary.search.replica.*}. */
    interface Replica {
      /**
       * JDBC URL of a streaming replica of the service's database (same roles and password); unset:
       * searches read the primary.
       */
      Optional<String> url();

      /** Most replay lag at which searches read the replica; beyond it they read the primary. */
      @WithDefault("30s")
      Duration maxLag();

      /** How often the replica's state and lag are probed. */
      @WithDefault("5s")
      Duration probeInterval();

      /** Connections in the replica's pool. */
      @WithDefault("8")
      int maxConnections();
    }

    /**
     * Whether the caller's principals are taken from the {@code X-Tributary-Principals} header.
     * Only for development and tests, until authentication exists: when false (the default), a
     * request carrying the header is refused with 403 and callers have no principals.
     */
    @WithDefault("false")
    boolean trustPrincipalsHeader();

    /**
     * Whether records ingested without an ACL are visible to every caller. Default false: deny by
     * default, a record without an ACL is visible to nobody.
     */
    @WithDefault("false")
    boolean emptyAclPublic();
  }

  /** Prompt-ready context for LLMs ({@code POST /v1/context}). */
  interface Context {
    /**
     * Folder with Qute templates: {@code default.txt} and named per-use templates {@code
     * <name>.txt}.
     */
    @WithName("templates-dir")
    @WithDefault("prompts/context")
    String templatesDir();

    /** Token budget when a request names none. */
    @WithDefault("1000")
    int defaultMaxTokens();

    /** Largest token budget a caller may ask for. */
    @WithDefault("8000")
    int maxTokens();
  }
}
