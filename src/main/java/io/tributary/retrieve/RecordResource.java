package io.tributary.retrieve;

import io.tributary.model.Chunk;
import io.tributary.model.RecordKey;
import io.tributary.model.StoredRecord;
import io.tributary.pipeline.ProblemException;
import io.tributary.store.ChunkRepository;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** {@code GET /v1/sources/{source}/records/{id}}: what is stored for a record. */
@Path("/v1/sources/{source}/records/{id}")
public class RecordResource {

  /** One stored chunk on the wire. */
  public record ChunkView(UUID chunkId, int ordinal, String text, int tokenCount) {
    static ChunkView of(Chunk c) {
      return new ChunkView(c.id(), c.ordinal(), c.text(), c.tokenCount());
    }
  }

  /** The answer. */
  public record RecordView(
      String source,
      String id,
      String status,
      Long version,
      List<ChunkView> chunks,
      Map<String, Integer> redactions,
      Map<String, Map<String, Integer>> redactionsByField) {}

  private final ChunkRepository store;

  public RecordResource(ChunkRepository store) {
    this.store = store;
  }

  @GET
  @Produces(MediaType.APPLICATION_JSON)
  public RecordView get(@PathParam("source") String source, @PathParam("id") String id) {
    RecordKey key;
    try {
      key = new RecordKey(source, id);
    } catch (IllegalArgumentException e) {
      throw new ProblemException(400, "Invalid record key", e.getMessage());
    }
    StoredRecord stored =
        store.find(key).orElseThrow(() -> new ProblemException(404, "Not found", "no record " + key + " was ever ingested"));
    return new RecordView(
        source,
        id,
        stored.state().wire(),
        stored.version(),
        store.chunks(key).stream().map(ChunkView::of).toList(),
        stored.redactions().counts(),
        stored.redactions().byField());
  }
}
