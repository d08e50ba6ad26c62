package io.tributary.parse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tributary.model.DocumentInput;
import io.tributary.model.Origin;
import io.tributary.model.ParsedDocument;
import io.tributary.model.RecordKey;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Runaway parsers are stopped without {@code Thread.stop}: by killing their worker process. */
class ParseIsolationTest {

  static final ParseLimits ONE_SECOND = new ParseLimits(5_000_000, Duration.ofSeconds(1), 200);
  static final ParseLimits SIXTY_SECONDS = new ParseLimits(5_000_000, Duration.ofSeconds(60), 200);
  static final ParseWorkers.Settings MISBEHAVING =
      new ParseWorkers.Settings(1, 1, "128m", MisbehavingParseWorker.class.getName());

  static DocumentInput named(String name) {
    byte[] bytes = "some text".getBytes(StandardCharsets.UTF_8);
    return new DocumentInput(
        new RecordKey("docs", name), name, null, bytes, List.of(), Origin.upload(name));
  }

  @Test
  void should_kill_a_parser_that_never_returns_and_parse_the_next_file_in_a_fresh_worker()
      throws Exception {
    TikaDocumentParser parser = new TikaDocumentParser(50_000_000, ONE_SECOND, MISBEHAVING);
    long hung = warmWorker();

    long start = System.nanoTime();
    List<ParsedDocument> parts = parser.parse(named(MisbehavingParser.HANG));
    Duration took = Duration.ofNanos(System.nanoTime() - start);

    assertThat(parts)
        .singleElement()
        .satisfies(
            p -> {
              assertThat(p.rejection())
                  .isEqualTo("parsing took longer than 1 s (tributary.documents.parse-timeout)");
              assertThat(p.markup()).isEmpty();
            });
    assertThat(took).isLessThan(Duration.ofSeconds(1).plus(ParseWorkers.GRACE).plusSeconds(3));
    assertThat(ProcessHandle.of(hung).map(h -> h.onExit().join().isAlive()).orElse(false))
        .isFalse();

    // same pool (same settings), a limit that a cold worker's first PDF meets on a busy machine
    TikaDocumentParser patient = new TikaDocumentParser(50_000_000, SIXTY_SECONDS, MISBEHAVING);
    ParsedDocument next = patient.parse(TikaDocumentParserTest.file("testPDF.pdf")).get(0);
    assertThat(next.rejection()).isNull();
    assertThat(next.markup()).contains("Apache Tika is a toolkit for detecting");
    assertThat(ParseWorkers.shared(MISBEHAVING).idlePids()).doesNotContain(hung);
  }

  @Test
  void should_reject_a_file_that_exhausts_the_worker_heap_and_go_on_with_the_next() {
    TikaDocumentParser parser = new TikaDocumentParser(50_000_000, ONE_SECOND, MISBEHAVING);

    assertThat(parser.parse(named(MisbehavingParser.HEAP_BOMB)))
        .singleElement()
        .extracting(ParsedDocument::rejection)
        .asString()
        .startsWith("the parser ran out of memory on this file (OutOfMemoryError");
    assertThat(
            new TikaDocumentParser(50_000_000, SIXTY_SECONDS, MISBEHAVING)
                .parse(named("notes.txt"))
                .get(0)
                .markup())
        .contains("some text");
  }

  @Test
  void without_isolation_a_runaway_parser_is_abandoned_not_stopped() throws Exception {
    MisbehavingParser.released = false;
    TikaDocumentParser parser =
        new TikaDocumentParser(50_000_000, ONE_SECOND, new TikaExtractor(new MisbehavingParser()));
    try {
      assertThat(parser.parse(named(MisbehavingParser.HANG)).get(0).rejection())
          .isEqualTo("parsing took longer than 1 s (tributary.documents.parse-timeout)");
      assertThat(parser.parse(named("notes.txt")).get(0).markup()).contains("some text");
    } finally {
      MisbehavingParser.released = true;
    }
  }

  @Test
  void a_fast_jar_worker_gets_the_jars_beside_quarkus_run(@TempDir Path app) throws IOException {
    Files.createDirectories(app.resolve("lib/main"));
    Files.createDirectories(app.resolve("lib/boot"));
    Files.createDirectories(app.resolve("app"));

    assertThat(
            ParseWorkers.classpath(app.resolve("quarkus-run.jar").toString())
                .split(File.pathSeparator))
        .containsExactly(
            app.resolve("app") + File.separator + "*",
            app.resolve("lib/main") + File.separator + "*",
            app.resolve("lib/boot") + File.separator + "*");
    assertThat(ParseWorkers.classpath("a.jar" + File.pathSeparator + "b.jar"))
        .isEqualTo("a.jar" + File.pathSeparator + "b.jar");
  }

  @Test
  void worker_settings_that_cannot_work_fail_with_what_to_change() {
    assertThatThrownBy(() -> new ParseWorkers.Settings(1, 1, "lots", ParseWorker.class.getName()))
        .hasMessageContaining("512m");
    assertThatThrownBy(() -> new ParseWorkers.Settings(0, 1, "512m", ParseWorker.class.getName()))
        .hasMessageContaining("at least 1");
  }

  /** The pid of the pool's warm worker, once started. */
  private static long warmWorker() throws InterruptedException {
    for (int i = 0; i < 600; i++) {
      List<Long> pids = ParseWorkers.shared(MISBEHAVING).idlePids();
      if (!pids.isEmpty()) {
        return pids.get(0);
      }
      Thread.sleep(100);
    }
    throw new AssertionError("no parse worker started within a minute");
  }
}
