package io.tributary.jobs;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import io.tributary.model.RecordKey;
import org.eclipse.microprofile.openapi.annotations.media.DiscriminatorMapping;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * What a job is asked to do: one record type per job type, told apart by the JSON property {@code
 * type}. The compact constructors validate; a {@link IllegalArgumentException} from one becomes a
 * 400 problem at {@code POST /v1/jobs}.
 *
 * <p>Adding a job type: a record here and a {@link JobKind} bean that runs it.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "type")
@JsonSubTypes({
  @JsonSubTypes.Type(value = JobParams.Reindex.class, name = JobParams.REINDEX),
  @JsonSubTypes.Type(value = JobParams.Reembed.class, name = JobParams.REEMBED),
  @JsonSubTypes.Type(value = JobParams.Sync.class, name = JobParams.SYNC),
  @JsonSubTypes.Type(value = JobParams.Purge.class, name = JobParams.PURGE)
})
@Schema(
    name = "JobParams",
    description = "A job's typed parameters; `type` names the job type.",
    oneOf = {
      JobParams.Reindex.class,
      JobParams.Reembed.class,
      JobParams.Sync.class,
      JobParams.Purge.class
    },
    discriminatorProperty = "type",
    discriminatorMapping = {
      @DiscriminatorMapping(value = JobParams.REINDEX, schema = JobParams.Reindex.class),
      @DiscriminatorMapping(value = JobParams.REEMBED, schema = JobParams.Reembed.class),
      @DiscriminatorMapping(value = JobParams.SYNC, schema = JobParams.Sync.class),
      @DiscriminatorMapping(value = JobParams.PURGE, schema = JobParams.Purge.class)
    })
public sealed interface JobParams {

  String REINDEX = "reindex";
  String REEMBED = "reembed";
  String SYNC = "sync";
  String PURGE = "purge";

  /** The job type, as {@code type} on the wire. */
  String type();

  /** The source the job works on, or {@code null} for every source (purge only). */
  String source();

  /**
   * Re-processes the records of a source whose pipeline version (policy, detectors, template,
   * chunker, model) is not the current one: from their originals (Kafka, directory files, encrypted
   * originals) or, when only the chunking or the model changed, from their kept redacted form.
   * {@code all}: every indexed record, not only the outdated ones.
   */
  @Schema(name = "ReindexParams", description = "Re-process a source's outdated records.")
  record Reindex(
      @Schema(description = "The source.", required = true) String source,
      @Schema(description = "Every indexed record, not only outdated ones. Default false.")
          boolean all)
      implements JobParams {
    public Reindex {
      source = requireSource(source);
    }

    @Override
    public String type() {
      return REINDEX;
    }
  }

  /**
   * Two kinds of re-embedding. With {@code model}: a model change as a new generation
   * (docs/retrieval.md#generations): every chunk of every source is embedded with that model into
   * its own vector table while search serves the active generation, and at the end (unless {@code
   * activate} is false) search switches to it in one transaction; the previous generation stays a
   * rollback target for the grace period. {@code source} must then be absent. Without {@code
   * model}: re-embeds the stored chunk texts of {@code source} in place with the configured model,
   * without re-chunking: the chunks whose vectors another model made, or every chunk with {@code
   * all}.
   */
  @Schema(
      name = "ReembedParams",
      description =
          "With `model`: build a generation of that model over every chunk, then switch search to"
              + " it. Without: re-embed a source's chunks in place with the configured model.")
  record Reembed(
      @Schema(description = "The source (only without `model`).") String source,
      @Schema(description = "Every chunk, not only those another model embedded. Default false.")
          boolean all,
      @Schema(
              description =
                  "A model for a new generation: an in-process name (`all-minilm-l6-v2`,"
                      + " `all-minilm-l6-v2-q`, `bge-small-en-v1.5-q`) or the configured model's"
                      + " id.")
          String model,
      @Schema(
              description =
                  "With `model`: switch search to the new generation when it is built. Default"
                      + " true; false leaves it `ready` for POST /v1/generations/{id}/activate.")
          Boolean activate)
      implements JobParams {
    public Reembed {
      model = model == null || model.isBlank() ? null : model.strip();
      if (model == null) {
        source = requireSource(source);
        if (activate != null) {
          throw new IllegalArgumentException("activate goes with model");
        }
      } else {
        if (source != null) {
          throw new IllegalArgumentException(
              "a reembed with a model builds a generation of every chunk: leave out source");
        }
        if (all) {
          throw new IllegalArgumentException("a reembed with a model embeds every chunk: no all");
        }
        activate = activate == null || activate;
      }
    }

    /** An in-place re-embed of a source with the configured model. */
    public static Reembed inPlace(String source, boolean all) {
      return new Reembed(source, all, null, null);
    }

    /** A model change as a new generation, switched to when built. */
    public static Reembed toModel(String model) {
      return new Reembed(null, false, model, true);
    }

    /** Whether this builds a generation (a model was named). */
    public boolean generation() {
      return model != null;
    }

    @Override
    public String type() {
      return REEMBED;
    }
  }

  /** A directory source's sync, as {@code POST /v1/sources/{source}/sync} runs it. */
  @Schema(name = "SyncParams", description = "Sync a directory source.")
  record Sync(@Schema(description = "The source.", required = true) String source)
      implements JobParams {
    public Sync {
      source = requireSource(source);
    }

    @Override
    public String type() {
      return SYNC;
    }
  }

  /**
   * Hard-deletes the tombstones (deleted records' rows) older than {@code retentionDays} of a
   * source, or of every source when {@code source} is null, then runs {@code VACUUM (ANALYZE)} on
   * the record and chunk tables. A purged tombstone no longer makes a late, older upsert stale.
   */
  @Schema(name = "PurgeParams", description = "Hard-delete old tombstones, then vacuum.")
  record Purge(
      @Schema(description = "The source, or null for every source.") String source,
      @Schema(
              description = "Tombstones older than this many days go (1 to 36500). Default 30.",
              minimum = "1",
              maximum = "36500")
          Integer retentionDays)
      implements JobParams {
    public static final int DEFAULT_RETENTION_DAYS = 30;

    public Purge {
      source = source == null ? null : requireSource(source);
      retentionDays = retentionDays == null ? DEFAULT_RETENTION_DAYS : retentionDays;
      if (retentionDays < 1 || retentionDays > 36_500) {
        throw new IllegalArgumentException(
            "retentionDays must be between 1 and 36500, not " + retentionDays);
      }
    }

    @Override
    public String type() {
      return PURGE;
    }
  }

  private static String requireSource(String source) {
    if (source == null || source.isBlank()) {
      throw new IllegalArgumentException("source is required");
    }
    RecordKey.requireValidSource(source);
    return source;
  }
}
