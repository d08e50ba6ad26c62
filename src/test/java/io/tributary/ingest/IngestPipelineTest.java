package io.tributary.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.qute.Engine;
import io.tributary.audit.AuditLog;
import io.tributary.chunk.SentenceChunker;
import io.tributary.chunk.TemplateRenderer;
import io.tributary.config.SourceCatalog;
import io.tributary.embed.Embedder;
import io.tributary.model.AuditEntry;
import io.tributary.model.DeadLetter;
import io.tributary.model.IngestItem;
import io.tributary.model.IngestStatus;
import io.tributary.model.Origin;
import io.tributary.model.RecordKey;
import io.tributary.model.RecordOp;
import io.tributary.model.RecordOutcome;
import io.tributary.model.SourceRecord;
import io.tributary.pipeline.DeadLetters;
import io.tributary.pipeline.PoisonRecordException;
import io.tributary.pipeline.StageName;
import io.tributary.pipeline.TokenCounter;
import io.tributary.redact.DetectingRedactor;
import io.tributary.redact.Pseudonymizer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The pipeline's decisions with fast fakes: a constant-vector embedder and an in-memory store. */
class IngestPipelineTest {

  static final TokenCounter WORDS = text -> text.isBlank() ? 0 : text.strip().split("\\s+").length;

  /** Constant vectors; refuses any text containing REFUSE, as a model refuses an invalid input. */
  static final class FakeEmbedder implements Embedder {
    final List<String> embedded = new ArrayList<>();

    @Override
    public List<float[]> embed(List<String> texts) {
      if (texts.stream().anyMatch(t -> t.contains("REFUSE"))) {
        throw new PoisonRecordException(StageName.EMBED, "model refused the input");
      }
      embedded.addAll(texts);
      return texts.stream().map(t -> new float[] {1, 0, 0}).toList();
    }

    @Override
    public String modelId() {
      return "fake/constant";
    }

    @Override
    public int dimension() {
      return 3;
    }
  }

  @TempDir Path dir;
  final InMemoryStore store = new InMemoryStore();
  final FakeEmbedder embedder = new FakeEmbedder();
  final List<DeadLetter> deadLetters = new ArrayList<>();
  final List<AuditEntry> audit = new ArrayList<>();
  final io.micrometer.core.instrument.simple.SimpleMeterRegistry registry =
      new io.micrometer.core.instrument.simple.SimpleMeterRegistry();

  IngestPipeline pipeline(int maxTokens) {
    DeadLetters letters =
        letter -> {
          deadLetters.add(letter);
          return deadLetters.size();
        };
    AuditLog auditLog = audit::addAll;
    return new IngestPipeline(
        new SourceCatalog(dir),
        new DetectingRedactor(
            DetectingRedactor.standardDetectors(), new Pseudonymizer("k".repeat(32))),
        new TemplateRenderer(Engine.builder().addDefaults().build(), dir.resolve("templates")),
        new SentenceChunker(WORDS, maxTokens, 0),
        new io.tributary.parse.TikaDocumentParser(
            1_000_000, 100_000, java.time.Duration.ofSeconds(10), 20),
        new io.tributary.chunk.StructureChunker(WORDS, Math.max(16, maxTokens)),
        embedder,
        store,
        store,
        letters,
        auditLog,
        new IngestMetrics(registry),
        OriginalVault.off(),
        EmbeddingLane.Size.DEFAULT);
  }

  static IngestItem upsert(String id, Long version, String text) {
    return upsert(id, version, text, List.of());
  }

  static IngestItem upsert(String id, Long version, String text, List<String> acl) {
    return upsert(id, version, text, acl, Origin.http());
  }

  static IngestItem upsert(String id, Long version, String text, List<String> acl, Origin origin) {
    return new IngestItem.Valid(
        new SourceRecord(
            new RecordKey("crm", id),
            version,
            RecordOp.UPSERT,
            Map.of(),
            text,
            acl,
            Map.of(),
            origin));
  }

  static IngestItem delete(String id, Long version) {
    return new IngestItem.Valid(
        new SourceRecord(
            new RecordKey("crm", id),
            version,
            RecordOp.DELETE,
            Map.of(),
            null,
            List.of(),
            Map.of(),
            Origin.http()));
  }

  List<String> storedTexts(String id) {
    return store.chunks(new RecordKey("crm", id)).stream()
        .map(io.tributary.model.Chunk::text)
        .toList();
  }

  String storedHash(String id) {
    return store.records.get(new RecordKey("crm", id)).contentHash();
  }

  static List<IngestStatus> statuses(List<RecordOutcome> outcomes) {
    return outcomes.stream().map(RecordOutcome::status).toList();
  }

  @Test
  void should_reembed_an_unchanged_record_when_the_pipeline_configuration_changes() {
    List<IngestItem> batch = List.of(upsert("A", 1L, "Alpha beta gamma. Delta epsilon."));
    assertThat(statuses(pipeline(20).ingest("crm", batch, null)))
        .containsExactly(IngestStatus.INDEXED);
    assertThat(statuses(pipeline(20).ingest("crm", batch, null)))
        .containsExactly(IngestStatus.UNCHANGED);
    assertThat(embedder.embedded).hasSize(1);

    // Other chunking settings: same input, new pipeline version, so it is processed again.
    assertThat(statuses(pipeline(16).ingest("crm", batch, null)))
        .containsExactly(IngestStatus.INDEXED);
    assertThat(embedder.embedded).hasSize(2);
  }

  @Test
  void should_dead_letter_only_the_record_the_model_refuses() {
    List<RecordOutcome> outcomes =
        pipeline(20)
            .ingest(
                "crm",
                List.of(
                    upsert("A", 1L, "Fine text."),
                    upsert("B", 1L, "Please REFUSE this one."),
                    upsert("C", 1L, "Also fine.")),
                "t");
    assertThat(statuses(outcomes))
        .containsExactly(IngestStatus.INDEXED, IngestStatus.REJECTED, IngestStatus.INDEXED);
    assertThat(deadLetters)
        .singleElement()
        .satisfies(
            l -> {
              assertThat(l.recordId()).isEqualTo("B");
              assertThat(l.stage()).isEqualTo("EMBED");
            });
    assertThat(store.chunks.keySet()).extracting(RecordKey::id).containsExactlyInAnyOrder("A", "C");
  }

  @Test
  void should_record_a_newer_version_of_unchanged_content_without_reembedding() {
    pipeline(20).ingest("crm", List.of(upsert("A", 1L, "Same text.")), null);
    List<RecordOutcome> second =
        pipeline(20).ingest("crm", List.of(upsert("A", 2L, "Same text.")), null);
    assertThat(statuses(second)).containsExactly(IngestStatus.UNCHANGED);
    assertThat(store.records.get(new RecordKey("crm", "A")).version()).isEqualTo(2L);
    assertThat(embedder.embedded).hasSize(1);
    // ...and version 1 is now stale.
    assertThat(statuses(pipeline(20).ingest("crm", List.of(upsert("A", 1L, "Same text.")), null)))
        .containsExactly(IngestStatus.STALE);
  }

  @Test
  void should_audit_every_outcome_with_ids_and_hashes_but_no_values() {
    pipeline(20)
        .ingest(
            "crm",
            List.of(
                upsert("A", 1L, "Mail jane@example.com now."),
                new IngestItem.Malformed(
                    null,
                    "id is required and must be a string",
                    "{\"text\":\"jane@example.com\"}",
                    Origin.http())),
            "auditor");
    audit.addAll(store.audited);
    assertThat(audit)
        .extracting(AuditEntry::action)
        .containsExactlyInAnyOrder("ingest.indexed", "ingest.rejected");
    assertThat(audit)
        .allSatisfy(
            e -> {
              assertThat(e.actor()).isEqualTo("auditor");
              assertThat(e.detail().toString()).doesNotContain("jane@example.com");
            });
    assertThat(deadLetters)
        .singleElement()
        .extracting(DeadLetter::preview)
        .asString()
        .contains("[EMAIL]")
        .doesNotContain("jane@example.com");
  }

  @Test
  void should_reject_a_record_whose_every_field_is_dropped() throws Exception {
    java.nio.file.Files.writeString(dir.resolve("crm.yaml"), "fields:\n  ssn: drop\n");
    IngestItem onlySsn =
        new IngestItem.Valid(
            new SourceRecord(
                new RecordKey("crm", "S"),
                null,
                RecordOp.UPSERT,
                Map.of("ssn", "123-45-6789"),
                null,
                List.of(),
                Map.of(),
                Origin.http()));
    List<RecordOutcome> outcomes = pipeline(20).ingest("crm", List.of(onlySsn), null);
    assertThat(statuses(outcomes)).containsExactly(IngestStatus.REJECTED);
    assertThat(outcomes.get(0).error())
        .isEqualTo("nothing left to index after redaction and rendering");
  }

  @Test
  void should_embed_a_record_sent_twice_in_one_batch_only_once() {
    List<RecordOutcome> outcomes =
        pipeline(20)
            .ingest(
                "crm",
                List.of(
                    upsert("A", null, "Same text twice."),
                    upsert("B", null, "Other."),
                    upsert("A", null, "Same text twice.")),
                null);
    assertThat(statuses(outcomes))
        .containsExactly(IngestStatus.INDEXED, IngestStatus.INDEXED, IngestStatus.UNCHANGED);
    assertThat(outcomes.get(2).chunks()).isEqualTo(1);
    assertThat(embedder.embedded).hasSize(2);
  }

  @Test
  void should_not_resurrect_a_record_deleted_later_in_the_same_batch() {
    IngestItem delete =
        new IngestItem.Valid(
            new SourceRecord(
                new RecordKey("crm", "A"),
                null,
                RecordOp.DELETE,
                Map.of(),
                null,
                List.of(),
                Map.of(),
                Origin.http()));
    List<RecordOutcome> outcomes =
        pipeline(20).ingest("crm", List.of(upsert("A", null, "Short-lived."), delete), null);
    assertThat(statuses(outcomes)).containsExactly(IngestStatus.STALE, IngestStatus.DELETED);
    assertThat(store.chunks).doesNotContainKey(new RecordKey("crm", "A"));
    assertThat(embedder.embedded).isEmpty();
  }

  @Test
  void should_report_a_conflict_and_keep_the_stored_content_when_the_same_version_differs() {
    pipeline(20).ingest("crm", List.of(upsert("A", 3L, "First content.")), "w1");
    String first = storedHash("A");
    List<RecordOutcome> second =
        pipeline(20).ingest("crm", List.of(upsert("A", 3L, "Second content.")), "w2");

    assertThat(statuses(second)).containsExactly(IngestStatus.CONFLICT);
    assertThat(second.get(0).chunks()).isZero();
    assertThat(second.get(0).error())
        .startsWith(
            "version 3 already stored with different content (stored "
                + first.substring(0, 12)
                + ", incoming ");
    assertThat(storedTexts("A")).containsExactly("First content.");
    assertThat(storedHash("A")).isEqualTo(first);
    assertThat(deadLetters)
        .singleElement()
        .satisfies(
            l -> {
              assertThat(l.recordId()).isEqualTo("A");
              assertThat(l.stage()).isEqualTo("STORE");
              assertThat(l.reason()).isEqualTo(second.get(0).error()).doesNotContain("content.");
            });
    assertThat(audit)
        .filteredOn(e -> e.action().equals("ingest.conflict"))
        .singleElement()
        .satisfies(
            e -> {
              assertThat(e.actor()).isEqualTo("w2");
              assertThat(e.detail()).containsEntry("storedHash", first).containsKey("incomingHash");
              assertThat((String) e.detail().get("incomingHash")).hasSize(64).isNotEqualTo(first);
            });
  }

  @Test
  void should_let_the_later_delivery_win_when_the_source_says_equal_version_replace()
      throws Exception {
    java.nio.file.Files.writeString(dir.resolve("crm.yaml"), "equal-version: replace\n");
    pipeline(20).ingest("crm", List.of(upsert("A", 3L, "First content.")), null);
    List<RecordOutcome> second =
        pipeline(20).ingest("crm", List.of(upsert("A", 3L, "Second content.")), null);

    assertThat(statuses(second)).containsExactly(IngestStatus.INDEXED);
    assertThat(storedTexts("A")).containsExactly("Second content.");
    assertThat(deadLetters).isEmpty();
  }

  @Test
  void should_decide_two_contents_of_one_version_in_one_batch_by_the_source_setting()
      throws Exception {
    List<IngestItem> batch =
        List.of(upsert("A", 3L, "First content."), upsert("A", 3L, "Second content."));
    assertThat(statuses(pipeline(20).ingest("crm", batch, null)))
        .containsExactly(IngestStatus.INDEXED, IngestStatus.CONFLICT);
    assertThat(storedTexts("A")).containsExactly("First content.");

    java.nio.file.Files.writeString(dir.resolve("crm.yaml"), "equal-version: replace\n");
    List<IngestItem> next =
        List.of(upsert("B", 3L, "First content."), upsert("B", 3L, "Second content."));
    assertThat(statuses(pipeline(20).ingest("crm", next, null)))
        .containsExactly(IngestStatus.INDEXED, IngestStatus.INDEXED);
    assertThat(storedTexts("B")).containsExactly("Second content.");
  }

  @Test
  void should_report_unchanged_for_the_same_version_with_the_same_content() {
    pipeline(20).ingest("crm", List.of(upsert("A", 3L, "Same content.")), null);
    assertThat(
            statuses(pipeline(20).ingest("crm", List.of(upsert("A", 3L, "Same content.")), null)))
        .containsExactly(IngestStatus.UNCHANGED);
    assertThat(deadLetters).isEmpty();
  }

  @Test
  void
      should_conflict_every_copy_of_other_content_at_the_stored_version_without_reembedding_the_copies() {
    pipeline(20).ingest("crm", List.of(upsert("A", 3L, "First content.")), null);
    List<RecordOutcome> outcomes =
        pipeline(20)
            .ingest(
                "crm",
                List.of(upsert("A", 3L, "Second content."), upsert("A", 3L, "Second content.")),
                null);
    assertThat(statuses(outcomes)).containsExactly(IngestStatus.CONFLICT, IngestStatus.CONFLICT);
    assertThat(deadLetters).hasSize(2);
    assertThat(storedTexts("A")).containsExactly("First content.");
    assertThat(embedder.embedded).containsExactly("First content.", "Second content.");
  }

  @Test
  void
      should_reprocess_not_conflict_when_a_policy_change_alters_the_redacted_content_of_the_same_version()
          throws Exception {
    java.nio.file.Files.writeString(dir.resolve("crm.yaml"), "text: mask\n");
    IngestItem record = upsert("A", 3L, "Write to jane@example.com today.");
    pipeline(20).ingest("crm", List.of(record), null);
    String masked = storedHash("A");

    java.nio.file.Files.writeString(dir.resolve("crm.yaml"), "text: hash\n");
    assertThat(statuses(pipeline(20).ingest("crm", List.of(record), "reindex:1")))
        .containsExactly(IngestStatus.INDEXED);
    assertThat(storedHash("A")).isNotEqualTo(masked);
    assertThat(storedTexts("A")).singleElement().asString().contains("[EMAIL:");
    assertThat(deadLetters).isEmpty();
  }

  @Test
  void should_delete_at_the_stored_version_and_keep_unversioned_records_in_arrival_order() {
    pipeline(20)
        .ingest("crm", List.of(upsert("A", 3L, "Versioned."), upsert("U", null, "First.")), null);
    List<RecordOutcome> outcomes =
        pipeline(20).ingest("crm", List.of(delete("A", 3L), upsert("U", null, "Second.")), null);
    assertThat(statuses(outcomes)).containsExactly(IngestStatus.DELETED, IngestStatus.INDEXED);
    assertThat(storedTexts("A")).isEmpty();
    assertThat(storedTexts("U")).containsExactly("Second.");
    assertThat(deadLetters).isEmpty();
  }

  StoredRecordView stored(String id) {
    var r = store.records.get(new RecordKey("crm", id));
    return new StoredRecordView(r.version(), r.acl(), r.contentHash(), storedTexts(id));
  }

  record StoredRecordView(Long version, List<String> acl, String hash, List<String> texts) {}

  @Test
  void should_rewrite_only_the_acl_without_reembedding_when_a_new_version_changes_only_the_acl() {
    String text =
        "Quarterly pump inspection done. Valve pressure stayed within limits. Seals show wear."
            + " Next visit in spring.";
    pipeline(8).ingest("crm", List.of(upsert("A", 1L, text, List.of("g1"))), "w");
    int embedded = embedder.embedded.size();
    var before = stored("A");
    assertThat(before.texts()).hasSizeGreaterThan(1);
    var chunkIds = store.chunks(new RecordKey("crm", "A"));

    List<RecordOutcome> second =
        pipeline(8).ingest("crm", List.of(upsert("A", 2L, text, List.of("g2"))), "w");

    assertThat(statuses(second)).containsExactly(IngestStatus.ACL_UPDATED);
    assertThat(second.get(0).status().wire()).isEqualTo("acl-updated");
    assertThat(second.get(0).chunks()).isEqualTo(before.texts().size());
    assertThat(embedder.embedded).hasSize(embedded);
    var after = stored("A");
    assertThat(after.version()).isEqualTo(2L);
    assertThat(after.acl()).containsExactly("g2");
    assertThat(after.hash()).isNotEqualTo(before.hash());
    assertThat(store.chunks(new RecordKey("crm", "A"))).isEqualTo(chunkIds);
    assertThat(store.aclUpdates).containsEntry(new RecordKey("crm", "A"), 1);
    assertThat(store.audited)
        .filteredOn(e -> e.action().equals("ingest.acl-updated"))
        .singleElement()
        .satisfies(
            e -> {
              assertThat(e.actor()).isEqualTo("w");
              assertThat(e.detail())
                  .containsEntry("chunks", before.texts().size())
                  .containsEntry("contentHash", after.hash())
                  .containsEntry("previousContentHash", before.hash())
                  .containsEntry("aclEntries", 1)
                  .containsEntry("previousAclEntries", 1);
              assertThat(e.detail().toString()).doesNotContain("g1", "g2", "pump");
            });

    // The same delivery again is unchanged; an older version is stale and leaves the ACL alone.
    assertThat(
            statuses(pipeline(8).ingest("crm", List.of(upsert("A", 2L, text, List.of("g2"))), "w")))
        .containsExactly(IngestStatus.UNCHANGED);
    assertThat(
            statuses(pipeline(8).ingest("crm", List.of(upsert("A", 1L, text, List.of("g1"))), "w")))
        .containsExactly(IngestStatus.STALE);
    assertThat(stored("A").acl()).containsExactly("g2");
    assertThat(embedder.embedded).hasSize(embedded);

    // Content changes still re-embed, with or without an ACL change.
    List<RecordOutcome> third =
        pipeline(8)
            .ingest("crm", List.of(upsert("A", 3L, text + " Seal replaced.", List.of("g1"))), "w");
    assertThat(statuses(third)).containsExactly(IngestStatus.INDEXED);
    assertThat(embedder.embedded).hasSizeGreaterThan(embedded);
    assertThat(stored("A").acl()).containsExactly("g1");
  }

  @Test
  void should_report_a_conflict_for_another_acl_under_the_same_version() {
    pipeline(20).ingest("crm", List.of(upsert("A", 3L, "Same content.", List.of("g1"))), null);
    String first = storedHash("A");
    // equal-version: reject (the default): the same version with another ACL is other content.
    List<RecordOutcome> second =
        pipeline(20).ingest("crm", List.of(upsert("A", 3L, "Same content.", List.of("g2"))), null);
    assertThat(statuses(second)).containsExactly(IngestStatus.CONFLICT);
    assertThat(stored("A").acl()).containsExactly("g1");
    assertThat(storedHash("A")).isEqualTo(first);
    assertThat(deadLetters).singleElement().extracting(DeadLetter::stage).isEqualTo("STORE");
    assertThat(store.aclUpdates).isEmpty();
    assertThat(embedder.embedded).hasSize(1);
  }

  @Test
  void should_rewrite_the_acl_under_the_same_version_when_the_source_says_replace()
      throws Exception {
    // The policy version covers the source's settings, so they are set before the first delivery.
    java.nio.file.Files.writeString(dir.resolve("crm.yaml"), "equal-version: replace\n");
    pipeline(20).ingest("crm", List.of(upsert("A", 3L, "Same content.", List.of("g1"))), null);
    List<RecordOutcome> second =
        pipeline(20).ingest("crm", List.of(upsert("A", 3L, "Same content.", List.of("g2"))), null);
    assertThat(statuses(second)).containsExactly(IngestStatus.ACL_UPDATED);
    assertThat(stored("A").acl()).containsExactly("g2");
    assertThat(stored("A").version()).isEqualTo(3L);
    assertThat(deadLetters).isEmpty();
    assertThat(embedder.embedded).hasSize(1);
  }

  @Test
  void should_update_an_acl_whose_entries_join_to_the_same_text() {
    pipeline(20).ingest("crm", List.of(upsert("A", 1L, "Board minutes.", List.of("a", "b"))), null);
    // "a,b" joins like a and b, so the content hash cannot tell them apart; the ACL itself can.
    List<RecordOutcome> second =
        pipeline(20)
            .ingest("crm", List.of(upsert("A", 2L, "Board minutes.", List.of("a,b"))), null);
    assertThat(statuses(second)).containsExactly(IngestStatus.ACL_UPDATED);
    assertThat(stored("A").acl()).containsExactly("a,b");
    assertThat(embedder.embedded).hasSize(1);
  }

  @Test
  void should_not_rewrite_an_acl_ahead_of_an_earlier_upsert_of_the_record_in_the_same_batch() {
    pipeline(20).ingest("crm", List.of(upsert("A", null, "Old content.", List.of("g1"))), null);
    // Without versions arrival order decides: the second item, the old content with a new ACL,
    // wins over the first, so it is stored after it (embedded again), not rewritten before it.
    List<RecordOutcome> outcomes =
        pipeline(20)
            .ingest(
                "crm",
                List.of(
                    upsert("A", null, "New content.", List.of("g1")),
                    upsert("A", null, "Old content.", List.of("g2"))),
                null);
    assertThat(statuses(outcomes)).containsExactly(IngestStatus.INDEXED, IngestStatus.INDEXED);
    assertThat(stored("A").texts()).containsExactly("Old content.");
    assertThat(stored("A").acl()).containsExactly("g2");
    assertThat(store.aclUpdates).isEmpty();
  }

  @Test
  void should_read_and_write_an_unchanged_batch_once_instead_of_per_record() {
    List<IngestItem> batch =
        List.of(
            upsert("A", 1L, "Alpha beta gamma."),
            upsert("B", 1L, "Delta epsilon zeta."),
            upsert("C", 1L, "Eta theta iota."));
    IngestPipeline p = pipeline(20);
    p.ingest("crm", batch, null);
    int embedded = embedder.embedded.size();
    store.finds = 0;
    store.findAlls = 0;
    store.writeAlls = 0;

    List<RecordOutcome> again = p.ingest("crm", batch, null);

    assertThat(statuses(again))
        .containsExactly(IngestStatus.UNCHANGED, IngestStatus.UNCHANGED, IngestStatus.UNCHANGED);
    assertThat(embedder.embedded).hasSize(embedded);
    assertThat(store.finds).isZero();
    assertThat(store.findAlls).isEqualTo(1);
    // the same deliveries as stored (version, origin, raw content): nothing to write, only audited
    assertThat(store.writeAlls).isZero();
    assertThat(audit.subList(audit.size() - 3, audit.size()))
        .extracting(AuditEntry::action, AuditEntry::recordId)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("ingest.unchanged", "A"),
            org.assertj.core.groups.Tuple.tuple("ingest.unchanged", "B"),
            org.assertj.core.groups.Tuple.tuple("ingest.unchanged", "C"));
  }

  @Test
  void should_record_the_new_origin_of_an_unchanged_replay_in_one_write() {
    IngestPipeline p = pipeline(20);
    p.ingest(
        "crm",
        List.of(fromKafka("A", 1L, "Alpha beta.", 7), fromKafka("B", 1L, "Gamma.", 8)),
        null);
    store.writeAlls = 0;
    store.audited.clear();

    List<RecordOutcome> replay =
        p.ingest(
            "crm",
            List.of(fromKafka("A", 1L, "Alpha beta.", 70), fromKafka("B", 1L, "Gamma.", 8)),
            null);

    assertThat(statuses(replay)).containsExactly(IngestStatus.UNCHANGED, IngestStatus.UNCHANGED);
    // A came again from another offset: the record now points at it; B is the stored delivery
    assertThat(store.writeAlls).isEqualTo(1);
    assertThat(store.records.get(new RecordKey("crm", "A")).origin().offset()).isEqualTo(70L);
    assertThat(store.audited).extracting(AuditEntry::recordId).containsExactly("A");
    assertThat(audit.get(audit.size() - 1).recordId()).isEqualTo("B");
  }

  static IngestItem fromKafka(String id, Long version, String text, long offset) {
    return upsert(id, version, text, List.of(), Origin.kafka("crm-topic", 0, offset));
  }

  /** How many records the pipeline has redacted (the redact stage's timer count). */
  long redactions() {
    return registry.find("tributary.stage").tag("stage", "redact").timer().count();
  }

  @Test
  void should_not_redact_or_chunk_a_record_whose_raw_delivery_is_stored_unchanged() {
    List<IngestItem> batch =
        List.of(upsert("A", 1L, "Mail jane@example.com now."), upsert("B", 1L, "Plain text."));
    IngestPipeline p = pipeline(20);
    p.ingest("crm", batch, null);
    assertThat(redactions()).isEqualTo(2);
    String hash = storedHash("A");
    audit.clear();
    store.audited.clear();

    List<RecordOutcome> again =
        p.ingest("crm", List.of(upsert("A", 2L, "Mail jane@example.com now."), batch.get(1)), "t");

    assertThat(statuses(again)).containsExactly(IngestStatus.UNCHANGED, IngestStatus.UNCHANGED);
    assertThat(redactions()).isEqualTo(2);
    assertThat(embedder.embedded).hasSize(2);
    // the delivery is still recorded and audited, with the stored content's hash
    assertThat(store.records.get(new RecordKey("crm", "A")).version()).isEqualTo(2L);
    assertThat(storedHash("A")).isEqualTo(hash);
    // A with its new version is written; B, the very delivery stored, is only audited
    assertThat(store.audited)
        .extracting(AuditEntry::action, AuditEntry::recordId)
        .containsExactly(org.assertj.core.groups.Tuple.tuple("ingest.unchanged", "A"));
    assertThat(store.audited.get(0).detail()).containsEntry("contentHash", hash);
    assertThat(audit)
        .extracting(AuditEntry::action, AuditEntry::recordId)
        .containsExactly(org.assertj.core.groups.Tuple.tuple("ingest.unchanged", "B"));
    // an older version is still found stale without redaction
    assertThat(statuses(p.ingest("crm", List.of(batch.get(0)), null)))
        .containsExactly(IngestStatus.STALE);
    assertThat(redactions()).isEqualTo(2);
  }

  /** After a crash the stream re-delivers: v1, v2, v1, v2 of one record can share a batch. */
  @Test
  void should_record_a_duplicate_of_an_older_delivery_of_the_batch_as_unchanged() {
    IngestPipeline p = pipeline(20);
    List<RecordOutcome> batch =
        p.ingest(
            "crm",
            List.of(
                upsert("A", 1L, "First note."),
                upsert("A", 2L, "Second note."),
                upsert("A", 1L, "First note."),
                upsert("A", 2L, "Second note.")),
            null);

    assertThat(statuses(batch))
        .containsExactly(
            IngestStatus.INDEXED, IngestStatus.INDEXED, IngestStatus.STALE, IngestStatus.UNCHANGED);
    assertThat(store.records.get(new RecordKey("crm", "A")).version()).isEqualTo(2L);
    assertThat(embedder.embedded).hasSize(2);
  }

  /** A CDC replay: a newer update, an older one and the old snapshot of one record in a batch. */
  @Test
  void should_find_an_old_snapshot_stale_behind_a_newer_update_in_the_same_batch() {
    IngestPipeline p = pipeline(20);
    p.ingest("crm", List.of(upsert("A", 100L, "First note of one.")), null);

    List<RecordOutcome> batch =
        p.ingest(
            "crm",
            List.of(
                upsert("A", 300L, "Second note of one."),
                upsert("A", 250L, "Older note of one."),
                upsert("A", 100L, "First note of one.")),
            null);

    assertThat(statuses(batch))
        .containsExactly(IngestStatus.INDEXED, IngestStatus.STALE, IngestStatus.STALE);
    assertThat(store.records.get(new RecordKey("crm", "A")).version()).isEqualTo(300L);
  }

  @Test
  void should_redact_again_a_record_whose_raw_delivery_changed_in_any_part() {
    IngestPipeline p = pipeline(20);
    p.ingest("crm", List.of(upsert("A", 1L, "Same text.", List.of("g1"))), null);
    long before = redactions();

    // another ACL: redacted again, nothing re-embedded (an ACL update)
    assertThat(
            statuses(p.ingest("crm", List.of(upsert("A", 2L, "Same text.", List.of("g2"))), null)))
        .containsExactly(IngestStatus.ACL_UPDATED);
    assertThat(redactions()).isEqualTo(before + 1);
    // the new delivery's digest is now the stored one: the same again is not redacted
    assertThat(
            statuses(p.ingest("crm", List.of(upsert("A", 2L, "Same text.", List.of("g2"))), null)))
        .containsExactly(IngestStatus.UNCHANGED);
    assertThat(redactions()).isEqualTo(before + 1);
    // other text: redacted, re-embedded
    assertThat(
            statuses(p.ingest("crm", List.of(upsert("A", 3L, "Other text.", List.of("g2"))), null)))
        .containsExactly(IngestStatus.INDEXED);
    assertThat(redactions()).isEqualTo(before + 2);
    assertThat(storedTexts("A")).containsExactly("Other text.");
  }

  @Test
  void should_process_an_unchanged_delivery_again_under_a_new_redaction_policy() throws Exception {
    IngestItem record = upsert("A", 1L, "Write to jane@example.com today.");
    pipeline(20).ingest("crm", List.of(record), null);
    long before = redactions();
    String hash = storedHash("A");

    java.nio.file.Files.writeString(dir.resolve("crm.yaml"), "text: hash\n");
    assertThat(statuses(pipeline(20).ingest("crm", List.of(record), null)))
        .containsExactly(IngestStatus.INDEXED);
    assertThat(redactions()).isEqualTo(before + 1);
    assertThat(storedHash("A")).isNotEqualTo(hash);
  }

  @Test
  void should_keep_no_raw_digest_for_a_deleted_record() {
    IngestPipeline p = pipeline(20);
    p.ingest("crm", List.of(upsert("A", 1L, "Alpha.")), null);
    p.ingest("crm", List.of(delete("A", 2L)), null);
    long before = redactions();
    assertThat(statuses(p.ingest("crm", List.of(upsert("A", 3L, "Alpha.")), null)))
        .containsExactly(IngestStatus.INDEXED);
    assertThat(redactions()).isEqualTo(before + 1);
    assertThat(storedTexts("A")).containsExactly("Alpha.");
  }

  @Test
  void should_decide_on_the_deleted_state_when_a_batch_deletes_and_resends_a_record() {
    IngestPipeline p = pipeline(20);
    p.ingest("crm", List.of(upsert("A", 1L, "Alpha beta gamma.")), null);

    List<RecordOutcome> outcomes =
        p.ingest("crm", List.of(delete("A", 2L), upsert("A", 3L, "Alpha beta gamma.")), null);

    // read before the batch, A is stored with this content; after the delete it is not
    assertThat(statuses(outcomes)).containsExactly(IngestStatus.DELETED, IngestStatus.INDEXED);
    assertThat(storedTexts("A")).containsExactly("Alpha beta gamma.");
  }

  @Test
  void should_time_the_stages_a_record_goes_through() {
    pipeline(20).ingest("crm", List.of(upsert("A", 1L, "Alpha beta gamma. Delta.")), null);

    for (String stage : List.of("redact", "render", "chunk", "embed")) {
      assertThat(registry.get("tributary.stage").tag("stage", stage).timer().count())
          .as(stage)
          .isEqualTo(1);
    }
    // no file was parsed
    assertThat(registry.get("tributary.stage").tag("stage", "parse").timer().count()).isZero();
  }
}
