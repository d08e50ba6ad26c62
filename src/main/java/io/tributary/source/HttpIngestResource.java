package io.tributary.source;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.security.Authenticated;
import io.tributary.api.Caller;
import io.tributary.api.Callers;
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

/**
 * {@code POST /v1/sources/{source}/records}: a batch of records in, one outcome per record out. The
 * body's characters count against the caller's ingest quota, charged before it is parsed: every
 * character read costs the work of reading it, whatever becomes of its records.
 */
@Authenticated
@Path("/v1/sources/{source}/records")
public class HttpIngestResource {

  /** The answer: one result per record, in request order. */
  public record IngestResponse(List<Result> results) {}

  /** One record's outcome on the wire. */
  public record Result(String id, String status, int chunks, String error) {
    static Result of(RecordOutcome o) {
      return new Result(o.id(), o.status().wire(), o.chunks(), o.error());
    }
  }

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
  public IngestResponse ingest(@PathParam("source") String source, String body) {
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
