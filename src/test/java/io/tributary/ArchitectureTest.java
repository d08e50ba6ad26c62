package io.tributary;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/** The dependency rules of ../shared/STYLE.md: a layout by pipeline stage that reads like the data's path. */
@AnalyzeClasses(packages = "io.tributary", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {

  private static final String[] STAGES = {
    "..source..", "..parse..", "..redact..", "..chunk..", "..embed..", "..store.."
  };

  @ArchTest
  static final ArchRule model_depends_on_nothing_of_ours =
      noClasses().that().resideInAPackage("io.tributary.model..")
          .should().dependOnClassesThat().resideInAnyPackage(
              "io.tributary.pipeline..", "io.tributary.config..", "io.tributary.source..", "io.tributary.parse..",
              "io.tributary.redact..", "io.tributary.chunk..", "io.tributary.embed..", "io.tributary.store..",
              "io.tributary.retrieve..", "io.tributary.audit..", "io.tributary.deadletter..", "io.tributary.health..",
              "io.tributary.jobs..");

  @ArchTest
  static final ArchRule stages_import_only_model_pipeline_and_config =
      noClasses().that().resideInAnyPackage(STAGES)
          .should().dependOnClassesThat().resideInAnyPackage(
              "io.tributary.retrieve..", "io.tributary.audit..", "io.tributary.deadletter..", "io.tributary.health..",
              "io.tributary.jobs..");

  @ArchTest
  static final ArchRule source_knows_no_other_stage =
      noClasses().that().resideInAPackage("io.tributary.source..")
          .should().dependOnClassesThat().resideInAnyPackage(
              "io.tributary.parse..", "io.tributary.redact..", "io.tributary.chunk..", "io.tributary.embed..",
              "io.tributary.store..");

  @ArchTest
  static final ArchRule redact_knows_no_other_stage =
      noClasses().that().resideInAPackage("io.tributary.redact..")
          .should().dependOnClassesThat().resideInAnyPackage(
              "io.tributary.source..", "io.tributary.parse..", "io.tributary.chunk..", "io.tributary.embed..",
              "io.tributary.store..");

  @ArchTest
  static final ArchRule chunk_knows_no_other_stage =
      noClasses().that().resideInAPackage("io.tributary.chunk..")
          .should().dependOnClassesThat().resideInAnyPackage(
              "io.tributary.source..", "io.tributary.parse..", "io.tributary.redact..", "io.tributary.embed..",
              "io.tributary.store..");

  @ArchTest
  static final ArchRule embed_and_store_know_no_other_stage =
      noClasses().that().resideInAnyPackage("io.tributary.embed..", "io.tributary.store..")
          .should().dependOnClassesThat().resideInAnyPackage(
              "io.tributary.source..", "io.tributary.parse..", "io.tributary.redact..", "io.tributary.chunk..");

  @ArchTest
  static final ArchRule retrieve_never_imports_ingest_stages =
      noClasses().that().resideInAPackage("io.tributary.retrieve..")
          .should().dependOnClassesThat().resideInAnyPackage(
              "io.tributary.source..", "io.tributary.parse..", "io.tributary.chunk..");

  @ArchTest
  static final ArchRule only_the_pipeline_orchestrates_the_ingest_stages =
      noClasses().that().resideOutsideOfPackages("io.tributary.pipeline..", "io.tributary.chunk..")
          .should().dependOnClassesThat().resideInAnyPackage("io.tributary.chunk..");

  @ArchTest
  static final ArchRule config_depends_only_on_model =
      noClasses().that().resideInAPackage("io.tributary.config..")
          .should().dependOnClassesThat().resideInAnyPackage(
              "io.tributary.pipeline..", "io.tributary.source..", "io.tributary.parse..", "io.tributary.redact..",
              "io.tributary.chunk..", "io.tributary.embed..", "io.tributary.store..", "io.tributary.retrieve..",
              "io.tributary.audit..", "io.tributary.deadletter..", "io.tributary.health..");
}
