package io.tributary.bench;

import io.tributary.redact.DetectingRedactor;
import io.tributary.redact.Detector;
import io.tributary.redact.Pseudonymizer;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * Redaction throughput, one thread: about 8 MB of support-ticket CSV and, when present, 8 MB of
 * prose (the titles and texts of the retrieval-dev corpora), each redacted as one text after a
 * warm-up. Prints MB/s (UTF-8 bytes, 10^6) for all detectors together, through {@code redactText}
 * (merging and replacing included) on the whole text and record by record, and for each detector's
 * {@code find} alone. The best of a few runs is reported, in the thread's CPU time, so neither a
 * stray GC pause nor the other jobs of a shared machine count.
 *
 * <p>Usage: {@code RedactionSpeed [support-tickets.csv] [retrieval-dev dir] [MB]}; the defaults are
 * {@code ../shared/corpora/...} relative to the working directory, 8 MB.
 */
public final class RedactionSpeed {

  private static final int RUNS = 5;

  private RedactionSpeed() {}

  public static void main(String[] args) throws IOException {
    Path csv =
        Path.of(
            args.length > 0
                ? args[0]
                : "../shared/corpora/records/support-tickets/customer_support_tickets.csv");
    Path prose = Path.of(args.length > 1 ? args[1] : "../shared/corpora/retrieval-dev");
    int megabytes = args.length > 2 ? Integer.parseInt(args[2]) : 8;
    int size = megabytes * 1_000_000;

    List<String> corpora = new ArrayList<>();
    List<String> names = new ArrayList<>();
    List<List<String>> records = new ArrayList<>();
    if (Files.isRegularFile(csv)) {
      List<String> rows = Files.readAllLines(csv, StandardCharsets.UTF_8);
      names.add("CSV (" + csv.getFileName() + ")");
      records.add(rows.subList(1, rows.size()));
    } else {
      System.out.println("no CSV at " + csv + ", skipped");
    }
    List<String> documents = proseDocuments(prose);
    if (!documents.isEmpty()) {
      names.add("prose (" + prose.getFileName() + ", " + documents.size() + " documents)");
      records.add(documents);
    } else {
      System.out.println("no prose under " + prose + ", skipped");
    }
    for (List<String> r : records) {
      corpora.add(repeatTo(r, size));
    }
    if (corpora.isEmpty()) {
      System.out.println("nothing to measure");
      return;
    }

    List<Detector> detectors = DetectingRedactor.standardDetectors();
    DetectingRedactor redactor =
        new DetectingRedactor(detectors, new Pseudonymizer("bench-key-0123456789abcdefghijklmn"));

    // Warm-up: every detector and the redactor over a slice of each text, a few times.
    for (int i = 0; i < 5; i++) {
      for (String text : corpora) {
        String slice = text.substring(0, Math.min(text.length(), 1_000_000));
        redactor.redactText(slice);
        for (Detector d : detectors) {
          d.find(slice);
        }
      }
    }

    for (int c = 0; c < corpora.size(); c++) {
      String text = corpora.get(c);
      double mb = text.getBytes(StandardCharsets.UTF_8).length / 1e6;
      System.out.printf(
          "%n== %s: %.1f MB, %,d characters (ms: this thread's CPU time, best of %d)%n",
          names.get(c), mb, text.length(), RUNS);
      System.out.printf("%-26s %9s %9s %10s%n", "", "ms", "MB/s", "findings");
      long[] found = new long[1];
      double all =
          best(
              () ->
                  found[0] =
                      redactor.redactText(text).counts().values().stream()
                          .mapToInt(Integer::intValue)
                          .sum());
      System.out.printf(
          "%-26s %9.0f %9.1f %10d%n", "all (redactText)", all * 1e3, mb / all, found[0]);
      List<String> pieces = piecesOf(text, records.get(c));
      double perRecord =
          best(
              () -> {
                long n = 0;
                for (String piece : pieces) {
                  n +=
                      redactor.redactText(piece).counts().values().stream()
                          .mapToInt(Integer::intValue)
                          .sum();
                }
                found[0] = n;
              });
      System.out.printf(
          "%-26s %9.0f %9.1f %10d%n",
          "all, record by record", perRecord * 1e3, mb / perRecord, found[0]);
      double sum = 0;
      for (Detector d : detectors) {
        double s = best(() -> found[0] = d.find(text).size());
        sum += s;
        System.out.printf("%-26s %9.0f %9.1f %10d%n", d.type(), s * 1e3, mb / s, found[0]);
      }
      System.out.printf("%-26s %9.0f %9.1f%n", "sum of detectors", sum * 1e3, mb / sum);
    }
  }

  private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

  /**
   * The fastest of a few runs, in seconds of this thread's CPU time where the JVM measures it (else
   * of wall time): on a machine shared by other jobs, the time a thread waits for a core is not
   * redaction's cost, and wall-clock figures taken at a load of 20 vary by 2x from run to run. The
   * collector's own threads are not counted; the allocation they clean up after is.
   */
  private static double best(Runnable run) {
    boolean cpu = THREADS.isCurrentThreadCpuTimeSupported();
    double best = Double.MAX_VALUE;
    for (int i = 0; i < RUNS; i++) {
      long t0 = cpu ? THREADS.getCurrentThreadCpuTime() : System.nanoTime();
      run.run();
      long t1 = cpu ? THREADS.getCurrentThreadCpuTime() : System.nanoTime();
      best = Math.min(best, (t1 - t0) / 1e9);
    }
    return best;
  }

  /** Records joined by line breaks and repeated until the text holds {@code size} characters. */
  private static String repeatTo(List<String> records, int size) {
    StringBuilder out = new StringBuilder(size + 100_000);
    while (out.length() < size) {
      for (String r : records) {
        out.append(r).append('\n');
        if (out.length() >= size) {
          break;
        }
      }
    }
    return out.toString();
  }

  /** The repeated text cut back into its records, to redact them one at a time. */
  private static List<String> piecesOf(String text, List<String> records) {
    List<String> pieces = new ArrayList<>();
    int at = 0;
    int i = 0;
    while (at < text.length()) {
      String r = records.get(i++ % records.size());
      int end = Math.min(text.length(), at + r.length());
      pieces.add(text.substring(at, end));
      at = end + 1;
    }
    return pieces;
  }

  /** The "title" and "text" of every line of the corpus.jsonl files under {@code dir}. */
  private static List<String> proseDocuments(Path dir) throws IOException {
    if (!Files.isDirectory(dir)) {
      return List.of();
    }
    List<Path> files;
    try (Stream<Path> s = Files.walk(dir)) {
      files = s.filter(p -> p.getFileName().toString().equals("corpus.jsonl")).sorted().toList();
    }
    List<String> documents = new ArrayList<>();
    for (Path f : files) {
      for (String line : Files.readAllLines(f, StandardCharsets.UTF_8)) {
        String title = jsonString(line, "title");
        String body = jsonString(line, "text");
        String doc =
            String.join(
                "\n\n", Stream.of(title, body).filter(v -> v != null && !v.isBlank()).toList());
        if (!doc.isEmpty()) {
          documents.add(doc);
        }
      }
    }
    return documents;
  }

  /** The value of a top-level string field of a one-line JSON object; null if absent. */
  static String jsonString(String json, String field) {
    String key = "\"" + field + "\"";
    int k = json.indexOf(key);
    while (k >= 0) {
      int i = k + key.length();
      while (i < json.length() && Character.isWhitespace(json.charAt(i))) {
        i++;
      }
      if (i < json.length() && json.charAt(i) == ':') {
        i++;
        while (i < json.length() && Character.isWhitespace(json.charAt(i))) {
          i++;
        }
        return i < json.length() && json.charAt(i) == '"' ? decode(json, i + 1) : null;
      }
      k = json.indexOf(key, k + 1);
    }
    return null;
  }

  private static String decode(String json, int from) {
    StringBuilder out = new StringBuilder();
    for (int i = from; i < json.length(); i++) {
      char c = json.charAt(i);
      if (c == '"') {
        return out.toString();
      }
      if (c != '\\' || i + 1 >= json.length()) {
        out.append(c);
        continue;
      }
      char e = json.charAt(++i);
      switch (e) {
        case 'n' -> out.append('\n');
        case 't' -> out.append('\t');
        case 'r' -> out.append('\r');
        case 'b' -> out.append('\b');
        case 'f' -> out.append('\f');
        case 'u' -> {
          if (i + 4 < json.length()) {
            out.append((char) Integer.parseInt(json.substring(i + 1, i + 5), 16));
            i += 4;
          }
        }
        default -> out.append(e);
      }
    }
    return out.toString();
  }
}
