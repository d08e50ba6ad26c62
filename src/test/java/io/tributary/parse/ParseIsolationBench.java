package io.tributary.parse;

import io.tributary.model.DocumentInput;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * What process isolation costs per document: every file of src/test/resources/documents parsed on a
 * thread of this JVM and in a warm worker, median of {@code ROUNDS} after a warm-up round. Not part
 * of the suite (no *Test name): {@code mvn -B -o test -Dtest=ParseIsolationBench}; the numbers are
 * in docs/documents.md.
 */
class ParseIsolationBench {

  static final int ROUNDS = Integer.getInteger("rounds", 5);
  static final ParseLimits LIMITS = new ParseLimits(5_000_000, Duration.ofSeconds(60), 200);

  @Test
  void in_process_versus_worker() throws Exception {
    List<String> names;
    try (Stream<Path> files = Files.list(Path.of("src/test/resources/documents"))) {
      names =
          files
              .map(p -> p.getFileName().toString())
              .filter(n -> !n.equals("README.md") && !n.equals("empty.txt"))
              .sorted()
              .toList();
    }
    ParseWorkers.Settings settings =
        new ParseWorkers.Settings(1, 1, "512m", ParseWorker.class.getName());
    TikaDocumentParser inProcess = new TikaDocumentParser(50_000_000, LIMITS, new TikaExtractor());
    TikaDocumentParser isolated = new TikaDocumentParser(50_000_000, LIMITS, settings);

    long coldStart = coldStart();
    List<DocumentInput> inputs = names.stream().map(TikaDocumentParserTest::file).toList();
    for (int i = 0; i < 3; i++) { // warm-up: class loading and JIT, both sides
      inputs.forEach(inProcess::parse);
      inputs.forEach(isolated::parse);
    }

    List<Double> local = new ArrayList<>();
    List<Double> worker = new ArrayList<>();
    List<Double> overhead = new ArrayList<>();
    System.out.printf("%-40s %10s %10s %10s%n", "file", "thread ms", "worker ms", "extra ms");
    for (DocumentInput input : inputs) {
      double[] ab = medians(input, inProcess, isolated);
      double a = ab[0];
      double b = ab[1];
      local.add(a);
      worker.add(b);
      overhead.add(b - a);
      System.out.printf("%-40s %10.2f %10.2f %10.2f%n", input.fileName(), a, b, b - a);
    }
    System.out.printf(
        "median per document: thread %.2f ms, worker %.2f ms, extra %.2f ms; total %.0f vs %.0f"
            + " ms%n",
        mid(local),
        mid(worker),
        mid(overhead),
        local.stream().mapToDouble(d -> d).sum(),
        worker.stream().mapToDouble(d -> d).sum());
    DocumentInput tiny = TikaDocumentParserTest.file("testXML.xml");
    List<Double> ta = new ArrayList<>();
    List<Double> tb = new ArrayList<>();
    for (int i = 0; i < 200; i++) {
      ta.add(time(tiny, inProcess));
      tb.add(time(tiny, isolated));
    }
    System.out.printf(
        "round trip, %d-byte XML file, median of 200: thread %.2f ms, worker %.2f ms%n",
        tiny.content().length, mid(ta), mid(tb));
    System.out.printf(
        "cold worker (JVM start + Tika loaded + first text file): %d ms; idle worker RSS %s%n",
        coldStart, rss(ParseWorkers.shared(settings).idlePids()));
  }

  /** Alternating, so load on the machine hits both sides alike. */
  private static double[] medians(DocumentInput input, TikaDocumentParser a, TikaDocumentParser b) {
    List<Double> ta = new ArrayList<>();
    List<Double> tb = new ArrayList<>();
    for (int i = 0; i < ROUNDS; i++) {
      ta.add(time(input, a));
      tb.add(time(input, b));
    }
    return new double[] {mid(ta), mid(tb)};
  }

  private static double time(DocumentInput input, TikaDocumentParser parser) {
    long start = System.nanoTime();
    parser.parse(input);
    return (System.nanoTime() - start) / 1e6;
  }

  private static double mid(List<Double> values) {
    List<Double> sorted = new ArrayList<>(values);
    Collections.sort(sorted);
    return sorted.get(sorted.size() / 2);
  }

  /** A pool of its own with no warm worker: the first file waits for a JVM to start. */
  private static long coldStart() {
    TikaDocumentParser cold =
        new TikaDocumentParser(
            50_000_000,
            LIMITS,
            new ParseWorkers.Settings(1, 0, "511m", ParseWorker.class.getName()));
    long start = System.nanoTime();
    cold.parse(TikaDocumentParserTest.file("testTXT_win-1252.txt"));
    return (System.nanoTime() - start) / 1_000_000;
  }

  private static String rss(List<Long> pids) throws IOException {
    if (pids.isEmpty()) {
      return "unknown";
    }
    Path status = Path.of("/proc", String.valueOf(pids.get(0)), "status");
    return Files.exists(status)
        ? Files.readAllLines(status).stream()
            .filter(l -> l.startsWith("VmRSS"))
            .findFirst()
            .orElse("unknown")
            .replaceAll("\\s+", " ")
        : "unknown";
  }
}
