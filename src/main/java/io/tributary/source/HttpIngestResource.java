package io.tributary.source;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.security.Authenticated;
import io.tributary.api.Caller;
import io.tributary.api.Callers;
import io.tributary.api.OpenApiDocument;
import io.tributary.api.ProblemException;
import io.tributary.api.ProblemMappers;
import io.tributary.api.Quotas;
import io.tributary.config.TributaryConfig;
import io.tributary.ingest.IngestPipeline;
import io.tributary.model.IngestItem;
import io.tributary.model.Origin;
import io.tributary.model.RecordKey;
import io.tributary.model.RecordOutcome;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.ExampleObject;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * {@code POST /v1/sources/{source}/records}: a batch of records in, one outcome per record out. The
 * body's characters count against the caller's ingest quota, charged before it is parsed: every
 * character read costs the work of reading it, whatever becomes of its records.
 */
@Authenticated
@Tag(name = OpenApiDocument.INGEST)
@Path("/v1/sources/{source}/records")
public class HttpIngestResource {

  /** The answer: one result per record, in request order. */
  @Schema(name = "IngestResponse", description = "One result per record, in request order.")
  public record IngestResponse(List<Result> results) {}

  /** One record's outcome on the wire. */
  @Schema(name = "RecordResult", description = "What became of one record.")
  public record Result(
      @Schema(description = "The record's id as sent (null when the record had none).") String id,
      @Schema(
              description =
                  "`indexed` (stored with fresh chunks), `unchanged` (same content and pipeline:"
                      + " nothing re-embedded), `stale` (older than the stored version: ignored),"
                      + " `deleted`, `rejected` (malformed or unprocessable: dead-lettered),"
                      + " `conflict` (the stored version has other content and the source says"
                      + " `equal-version: reject`: dead-lettered).",
              enumeration = {"indexed", "unchanged", "stale", "deleted", "rejected", "conflict"})
          String status,
      @Schema(description = "Chunks stored for the record (0 unless indexed).") int chunks,
      @Schema(description = "Why it was rejected or conflicts; null otherwise.") String error) {
    static Result of(RecordOutcome o) {
      return new Result(o.id(), o.status().wire(), o.chunks(), o.error());
    }
  }

  /**
   * The request body as {@link RecordReader} reads it (HTTP and Kafka share the format); for the
   * OpenAPI document only, the body is read as a tree.
   */
  @Schema(name = "RecordBatch", requiredProperties = "records")
  record RecordBatch(
      @Schema(description = "At most tributary.ingest.max-records-per-request (1000) records.")
          List<WireRecord> records) {}

  /** One record of {@link RecordBatch}, for the OpenAPI document. */
  @Schema(
      name = "IngestRecord",
      description =
          "A record (at most tributary.ingest.max-record-bytes, 1 MiB). Unknown properties reject"
              + " it.",
      requiredProperties = "id")
  record WireRecord(
      @Schema(description = "The source's id: 1..512 characters, no control characters.") String id,
      @Schema(
              description =
                  "Non-negative. A version below the stored one is `stale` and ignored; the"
                      + " same version with other content follows the source's `equal-version`"
                      + " (docs/architecture.md).",
              minimum = "0")
          Long version,
      @Schema(
              description = "`upsert` (default) or `delete`.",
              enumeration = {"upsert", "delete"})
          String op,
      @Schema(
              description =
                  "The record's fields; nested objects flatten to dotted names (`address.city`),"
                      + " arrays of scalars join with \", \". Redacted, then rendered by the"
                      + " source's template.")
          Map<String, Object> fields,
      @Schema(description = "Free text, redacted and chunked with the fields.") String text,
      @Schema(
              description =
                  "The principals (users, groups) who may see the record's chunks. Without one the"
                      + " record is visible to nobody unless tributary.search.empty-acl-public.")
          List<String> acl,
      @Schema(description = "Metadata copied onto every chunk, filterable as `metadata.<key>`.")
          Map<String, Object> metadata) {}

  private final IngestPipeline pipeline;
  private final ObjectMapper json;
  private final TributaryConfig config;
  private final RecordReader reader;
  private final Quotas quotas;
  private final Callers callers;

  public HttpIngestResource(
      IngestPipeline pipeline,
      ObjectMapper json,
      TributaryConfig config,
      Callers callers,
      Quotas quotas) {
    this.callers = callers;
    this.quotas = quotas;
    this.pipeline = pipeline;
    this.json = json;
    this.config = config;
    this.reader = new RecordReader(config.ingest().maxRecordBytes());
  }

  @POST
  @Consumes(MediaType.WILDCARD)
  @Produces(MediaType.APPLICATION_JSON)
  @Operation(
      operationId = "ingestRecords",
      summary = "Ingest a batch of records",
      description =
          "Role: `ingest`, or `ingest:<source>`. Each record is redacted, chunked, embedded and"
              + " stored with its ACL, in request order; a record that cannot be processed is"
              + " `rejected` and dead-lettered while the others go on. Idempotent: sending the"
              + " same batch again answers `unchanged` and embeds nothing.")
  @RequestBody(
      required = true,
      content =
          @Content(
              mediaType = MediaType.APPLICATION_JSON,
              schema = @Schema(implementation = RecordBatch.class),
              examples =
                  @ExampleObject(
                      name = "upsert and delete",
                      value =
                          """
                          {"records":[
                            {"id":"C-1","version":3,"fields":{"name":"Ada","email":"ada@example.com"},
                             "text":"Prefers email.","acl":["sales"],"metadata":{"region":"EU"}},
                            {"id":"C-2","version":7,"op":"delete"}]}\
                          """)))
  @APIResponse(
      responseCode = "200",
      description = "One result per record, in request order (each record's own outcome).",
      content =
          @Content(
              mediaType = MediaType.APPLICATION_JSON,
              schema = @Schema(implementation = IngestResponse.class)))
  @APIResponse(
      responseCode = "400",
      description =
          "An invalid source name, a body that is not JSON or not an object with a `records`"
              + " array, or JSON over a parsing limit.")
  @APIResponse(
      responseCode = "413",
      description =
          "More records than tributary.ingest.max-records-per-request, or a body over"
              + " the body limit.")
  public IngestResponse ingest(
      @Parameter(
              description = "The source: lower case letters, digits, '_', '.', '-' (1..64).",
              schema = @Schema(type = SchemaType.STRING, pattern = "[a-z0-9][a-z0-9_.-]{0,63}"))
          @PathParam("source")
          String source,
      String body) {
    try {
      RecordKey.requireValidSource(source);
    } catch (IllegalArgumentException e) {
      throw new ProblemException(400, "Invalid source name", e.getMessage());
    }
    Caller caller = callers.current();
    caller.requireIngest(source);
    quotas.chargeIngest(body == null ? 0 : body.length());
    JsonNode records = recordsOf(body);
    int max = config.ingest().maxRecordsPerRequest();
    if (records.size() > max) {
      throw new ProblemException(
          413, "Too many records", records.size() + " records in one request; the limit is " + max);
    }
    List<IngestItem> items = new ArrayList<>(records.size());
    for (JsonNode node : records) {
      items.add(reader.read(source, node, Origin.http()));
    }
    List<Result> results =
        pipeline.ingest(source, items, caller.actor()).stream().map(Result::of).toList();
    return new IngestResponse(results);
  }

  private JsonNode recordsOf(String body) {
    JsonNode root;
    try {
      root = body == null || body.isBlank() ? null : json.readTree(body);
    } catch (JsonProcessingException e) {
      // a parsing limit (depth, string length) carries no location: ProblemMappers words each case
      throw new ProblemException(ProblemMappers.jsonProblem(e));
    }
    if (root == null || !root.isObject() || !root.path("records").isArray()) {
      throw new ProblemException(
          400, "Invalid batch", "the body must be a JSON object with a \"records\" array");
    }
    return root.get("records");
  }
}
