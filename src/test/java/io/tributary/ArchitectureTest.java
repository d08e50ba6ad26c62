package io.tributary;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/**
 * The dependency rules of ../shared/STYLE.md: a layout by pipeline stage that reads like the data's
 * path.
 */
@AnalyzeClasses(packages = "io.tributary", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {

  private static final String[] STAGES = {
    "..source..", "..parse..", "..redact..", "..chunk..", "..embed..", "..store.."
  };

  @ArchTest
  static final ArchRule model_depends_on_nothing_of_ours =
      noClasses()
          .that()
          .resideInAPackage("io.tributary.model..")
          .should()
          .dependOnClassesThat()
          .resideInAnyPackage(
              "io.tributary.pipeline..",
              "io.tributary.config..",
              "io.tributary.source..",
              "io.tributary.parse..",
              "io.tributary.redact..",
              "io.tributary.chunk..",
              "io.tributary.embed..",
              "io.tributary.store..",
              "io.tributary.retrieve..",
              "io.tributary.audit..",
              "io.tributary.deadletter..",
              "io.tributary.health..",
              "io.tributary.jobs..",
              "io.tributary.ingest..",
              "io.tributary.api..",
              "io.tributary.logging..");

  /**
   * The packages form a directed graph: no two of them depend on each other, however indirectly.
   */
  @ArchTest
  static final ArchRule packages_are_free_of_cycles =
      slices().matching("io.tributary.(*)..").should().beFreeOfCycles();

  /**
   * Side packages read originals through the ingest seam ({@code ingest.Originals}), never the
   * transports.
   */
  @ArchTest
  static final ArchRule side_packages_never_import_source =
      noClasses()
          .that()
          .resideInAnyPackage(
              "io.tributary.audit..", "io.tributary.deadletter..", "io.tributary.jobs..")
          .should()
          .dependOnClassesThat()
          .resideInAPackage("io.tributary.source..");

  /** The SPI: error kinds, stage names, the stage guard; it knows nothing but the model. */
  @ArchTest
  static final ArchRule pipeline_spi_depends_only_on_model =
      noClasses()
          .that()
          .resideInAPackage("io.tributary.pipeline..")
          .should()
          .dependOnClassesThat()
          .resideInAnyPackage(
              "io.tributary.ingest..",
              "io.tributary.api..",
              "io.tributary.config..",
              "io.tributary.source..",
              "io.tributary.parse..",
              "io.tributary.redact..",
              "io.tributary.chunk..",
              "io.tributary.embed..",
              "io.tributary.store..",
              "io.tributary.retrieve..",
              "io.tributary.audit..",
              "io.tributary.deadletter..",
              "io.tributary.health..",
              "io.tributary.jobs..");

  /**
   * Only the entry points (source) hand records to the orchestrator; the other stages never call
   * it.
   */
  @ArchTest
  static final ArchRule stages_other_than_source_never_call_the_orchestrator =
      noClasses()
          .that()
          .resideInAnyPackage("..parse..", "..redact..", "..chunk..", "..embed..", "..store..")
          .should()
          .dependOnClassesThat()
          .resideInAnyPackage("io.tributary.ingest..", "io.tributary.api..");

  @ArchTest
  static final ArchRule stages_import_only_model_pipeline_and_config =
      noClasses()
          .that()
          .resideInAnyPackage(STAGES)
          .should()
          .dependOnClassesThat()
          .resideInAnyPackage(
              "io.tributary.retrieve..",
              "io.tributary.audit..",
              "io.tributary.deadletter..",
              "io.tributary.health..",
              "io.tributary.jobs..");

  @ArchTest
  static final ArchRule source_knows_no_other_stage =
      noClasses()
          .that()
          .resideInAPackage("io.tributary.source..")
          .should()
          .dependOnClassesThat()
          .resideInAnyPackage(
              "io.tributary.parse..",
              "io.tributary.redact..",
              "io.tributary.chunk..",
              "io.tributary.embed..",
              "io.tributary.store..");

  @ArchTest
  static final ArchRule redact_knows_no_other_stage =
      noClasses()
          .that()
          .resideInAPackage("io.tributary.redact..")
          .should()
          .dependOnClassesThat()
          .resideInAnyPackage(
              "io.tributary.source..",
              "io.tributary.parse..",
              "io.tributary.chunk..",
              "io.tributary.embed..",
              "io.tributary.store..");

  @ArchTest
  static final ArchRule chunk_knows_no_other_stage =
      noClasses()
          .that()
          .resideInAPackage("io.tributary.chunk..")
          .should()
          .dependOnClassesThat()
          .resideInAnyPackage(
              "io.tributary.source..",
              "io.tributary.parse..",
              "io.tributary.redact..",
              "io.tributary.embed..",
              "io.tributary.store..");

  @ArchTest
  static final ArchRule embed_and_store_know_no_other_stage =
      noClasses()
          .that()
          .resideInAnyPackage("io.tributary.embed..", "io.tributary.store..")
          .should()
          .dependOnClassesThat()
          .resideInAnyPackage(
              "io.tributary.source..",
              "io.tributary.parse..",
              "io.tributary.redact..",
              "io.tributary.chunk..");

  @ArchTest
  static final ArchRule retrieve_never_imports_ingest_stages =
      noClasses()
          .that()
          .resideInAPackage("io.tributary.retrieve..")
          .should()
          .dependOnClassesThat()
          .resideInAnyPackage(
              "io.tributary.source..", "io.tributary.parse..", "io.tributary.chunk..");

  /**
   * Retrieval reads: it sees the store only through {@code ChunkReader} and {@code ChunkSearch}.
   */
  @ArchTest
  static final ArchRule retrieve_never_depends_on_the_store_writer =
      noClasses()
          .that()
          .resideInAPackage("io.tributary.retrieve..")
          .should()
          .dependOnClassesThat()
          .haveFullyQualifiedName("io.tributary.store.RecordWriter")
          .orShould()
          .dependOnClassesThat()
          .haveFullyQualifiedName("io.tributary.store.ChunkRepository")
          .orShould()
          .dependOnClassesThat()
          .haveFullyQualifiedName("io.tributary.store.JdbcRecordWriter")
          .orShould()
          .dependOnClassesThat()
          .haveFullyQualifiedName("io.tributary.store.AuditSink");

  /** The MCP face sits on retrieval and the API: nothing of the service depends on it. */
  @ArchTest
  static final ArchRule nothing_depends_on_mcp =
      noClasses()
          .that()
          .resideOutsideOfPackage("io.tributary.mcp..")
          .should()
          .dependOnClassesThat()
          .resideInAPackage("io.tributary.mcp..");

  /** MCP tools read; they never reach the ingest stages or the store's writer. */
  @ArchTest
  static final ArchRule mcp_only_reads =
      noClasses()
          .that()
          .resideInAPackage("io.tributary.mcp..")
          .should()
          .dependOnClassesThat()
          .resideInAnyPackage(
              "io.tributary.source..",
              "io.tributary.parse..",
              "io.tributary.chunk..",
              "io.tributary.embed..",
              "io.tributary.ingest..",
              "io.tributary.jobs..",
              "io.tributary.deadletter..")
          .orShould()
          .dependOnClassesThat()
          .haveFullyQualifiedName("io.tributary.store.RecordWriter");

  @ArchTest
  static final ArchRule only_the_orchestrator_uses_the_chunk_stage =
      noClasses()
          .that()
          .resideOutsideOfPackages("io.tributary.ingest..", "io.tributary.chunk..")
          .should()
          .dependOnClassesThat()
          .resideInAnyPackage("io.tributary.chunk..");

  @ArchTest
  static final ArchRule config_depends_only_on_model =
      noClasses()
          .that()
          .resideInAPackage("io.tributary.config..")
          .should()
          .dependOnClassesThat()
          .resideInAnyPackage(
              "io.tributary.pipeline..",
              "io.tributary.source..",
              "io.tributary.parse..",
              "io.tributary.redact..",
              "io.tributary.chunk..",
              "io.tributary.embed..",
              "io.tributary.store..",
              "io.tributary.retrieve..",
              "io.tributary.audit..",
              "io.tributary.deadletter..",
              "io.tributary.health..",
              "io.tributary.ingest..",
              "io.tributary.api..");
}
