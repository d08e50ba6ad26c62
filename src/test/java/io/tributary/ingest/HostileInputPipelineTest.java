package io.tributary.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.qute.Engine;
import io.tributary.chunk.SentenceChunker;
import io.tributary.chunk.StructureChunker;
import io.tributary.chunk.TemplateRenderer;
import io.tributary.config.SourceCatalog;
import io.tributary.model.AuditEntry;
import io.tributary.model.Chunk;
import io.tributary.model.DeadLetter;
import io.tributary.model.EntityType;
import io.tributary.model.IngestItem;
import io.tributary.model.IngestStatus;
import io.tributary.model.Origin;
import io.tributary.model.RecordKey;
import io.tributary.model.RecordOutcome;
import io.tributary.parse.TikaDocumentParser;
import io.tributary.redact.DetectingRedactor;
import io.tributary.redact.Detector;
import io.tributary.redact.Finding;
import io.tributary.redact.Pseudonymizer;
import io.tributary.source.RecordReader;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Hostile input never fails a batch: an {@link Error} from a stage, an id with control characters,
 * and sensitive values in places other than field values (ids, field names, property names) are
 * dead-lettered or redacted, and their neighbours are stored.
 */
class HostileInputPipelineTest {

  static final String EMAIL = "judy.hopps@zootopia.example";
  static final String BOMB = "BOMB";

  /**
   * Finds e-mails; throws a {@link StackOverflowError} on any text containing BOMB, as a recursive
   * pattern would.
   */
  static final class ExplodingDetector implements Detector {
    @Override
    public EntityType type() {
      return EntityType.EMAIL;
    }

    @Override
    public List<Finding> find(String text) {
      if (text.contains(BOMB)) {
        throw new StackOverflowError();
      }
      return List.of();
    }
  }

  @TempDir Path dir;
  final InMemoryStore store = new InMemoryStore();
  final IngestPipelineTest.FakeEmbedder embedder = new IngestPipelineTest.FakeEmbedder();
  final List<DeadLetter> deadLetters = new ArrayList<>();
  final List<AuditEntry> audit = new ArrayList<>();
  final RecordReader reader = new RecordReader(1_000_000);
  final ObjectMapper json = new ObjectMapper();

  IngestPipeline pipeline() {
    List<Detector> detectors =
        Stream.concat(
                Stream.of((Detector) new ExplodingDetector()),
                DetectingRedactor.standardDetectors().stream())
            .toList();
    return new IngestPipeline(
        new SourceCatalog(dir),
        new DetectingRedactor(detectors, new Pseudonymizer("k".repeat(32))),
        new TemplateRenderer(Engine.builder().addDefaults().build(), dir.resolve("templates")),
        new SentenceChunker(IngestPipelineTest.WORDS, 40, 0),
        new TikaDocumentParser(1_000_000, 100_000, Duration.ofSeconds(10), 20),
        new StructureChunker(IngestPipelineTest.WORDS, 40),
        embedder,
        store,
        store,
        letter -> {
          deadLetters.add(letter);
          return deadLetters.size();
        },
        audit::addAll,
        new IngestMetrics(new io.micrometer.core.instrument.simple.SimpleMeterRegistry()),
        OriginalVault.off(),
        EmbeddingLane.Size.DEFAULT);
  }

  IngestItem parse(String recordJson) throws Exception {
    return reader.read("crm", json.readTree(recordJson), Origin.http());
  }

  List<RecordOutcome> ingest(String... records) throws Exception {
    List<IngestItem> items = new ArrayList<>();
    for (String r : records) {
      items.add(parse(r));
    }
    return pipeline().ingest("crm", items, "t");
  }

  @Test
  void should_dead_letter_a_record_whose_redaction_throws_an_error_and_store_its_neighbours()
      throws Exception {
    List<RecordOutcome> out =
        ingest(
            "{\"id\":\"A\",\"text\":\"Fine text.\"}",
            "{\"id\":\"B\",\"text\":\"this one is a BOMB\"}",
            "{\"id\":\"C\",\"text\":\"Also fine.\"}");

    assertThat(out)
        .extracting(RecordOutcome::status)
        .containsExactly(IngestStatus.INDEXED, IngestStatus.REJECTED, IngestStatus.INDEXED);
    assertThat(out.get(1).error()).contains("redact").contains("StackOverflowError");
    assertThat(deadLetters)
        .singleElement()
        .satisfies(
            l -> {
              assertThat(l.recordId()).isEqualTo("B");
              assertThat(l.stage()).isEqualTo("REDACT");
            });
  }

  @Test
  void should_refuse_an_id_with_a_nul_or_a_line_break_and_write_its_dead_letter_escaped()
      throws Exception {
    List<RecordOutcome> out =
        ingest(
            "{\"id\":\"ok-1\",\"text\":\"Fine text.\"}",
            "{\"id\":\"bad\\u0000id\",\"text\":\"Text.\"}",
            "{\"id\":\"forged\\nINFO fake line\",\"text\":\"Text.\"}",
            "{\"id\":\"ok-2\",\"text\":\"Fine too.\"}");

    assertThat(out)
        .extracting(RecordOutcome::status)
        .containsExactly(
            IngestStatus.INDEXED,
            IngestStatus.REJECTED,
            IngestStatus.REJECTED,
            IngestStatus.INDEXED);
    assertThat(out.get(1).error()).contains("control characters");
    assertThat(deadLetters)
        .hasSize(2)
        .allSatisfy(
            l -> {
              assertThat(l.recordId()).doesNotContain("\u0000").doesNotContain("\n");
              assertThat(l.recordId()).contains("\\u00");
            });
    assertThat(audit)
        .allSatisfy(e -> assertThat(String.valueOf(e.recordId())).doesNotContain("\u0000", "\n"));
  }

  @Test
  void should_redact_sensitive_values_in_ids_field_names_and_property_names() throws Exception {
    List<RecordOutcome> out =
        ingest(
            "{\"id\":\"customer-"
                + EMAIL
                + "\",\"fields\":{\""
                + EMAIL
                + "\":\"x\",\"plan\":\"gold\"}}",
            "{\"id\":\"P-2\",\"text\":\"t\",\"" + EMAIL + "\":1}");

    assertThat(out.get(0).status()).isEqualTo(IngestStatus.INDEXED);
    assertThat(out.get(0).id()).contains("[EMAIL:").doesNotContain(EMAIL);
    RecordKey stored = new RecordKey("crm", out.get(0).id());
    assertThat(store.chunks(stored))
        .extracting(Chunk::text)
        .allSatisfy(t -> assertThat(t).doesNotContain(EMAIL));
    assertThat(store.find(stored).orElseThrow().redactions().byField().keySet())
        .allSatisfy(field -> assertThat(field).doesNotContain(EMAIL));

    assertThat(out.get(1).status()).isEqualTo(IngestStatus.REJECTED);
    assertThat(out.get(1).error()).startsWith("unknown property").doesNotContain(EMAIL);
    assertThat(deadLetters)
        .allSatisfy(l -> assertThat(l.reason() + l.preview()).doesNotContain(EMAIL));
    assertThat(audit).allSatisfy(e -> assertThat(e.recordId() + e.detail()).doesNotContain(EMAIL));

    // The same id sent again reaches the same record: the mapping is stable.
    List<RecordOutcome> again =
        ingest(
            "{\"id\":\"customer-"
                + EMAIL
                + "\",\"fields\":{\""
                + EMAIL
                + "\":\"x\",\"plan\":\"gold\"}}");
    assertThat(again.get(0).status()).isEqualTo(IngestStatus.UNCHANGED);
    assertThat(again.get(0).id()).isEqualTo(out.get(0).id());
  }

  @Test
  void should_leave_a_dead_letter_payload_out_when_it_cannot_be_redacted() {
    assertThat(pipeline().redactPayload("crm", "{\"text\":\"a BOMB\"}"))
        .isEqualTo(IngestPipeline.UNREDACTABLE);
    assertThat(pipeline().redactPayload("crm", "mail " + EMAIL)).doesNotContain(EMAIL);
  }
}
