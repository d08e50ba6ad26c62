package io.tributary.redact;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tributary.model.Sha256;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Every finding of every detector, and the redactor's merged findings and output, over the shared
 * corpora (support tickets row by row and whole, retrieval-dev documents, presidio-synth texts,
 * FakeNameGenerator and Northwind rows, the text documents) and the detector fixtures, written one
 * line per text and detector to a file. A change that must not change what is found (a speed-up of
 * the scanning machinery) is checked by writing the file before and after it and comparing the two:
 * {@code cmp before.txt after.txt}. Never the text: positions, types and hashes only.
 *
 * <p>Runs only with {@code -Dtributary.digest=<file>} (the file to write); or as a program: {@code
 * java -cp ... io.tributary.redact.FindingsDigest <file> [corpora dir]}.
 */
class FindingsDigest {

  @Test
  void should_write_every_finding_of_the_corpora() throws IOException {
    String out = System.getProperty("tributary.digest");
    assumeTrue(out != null, "set -Dtributary.digest=<file> to write the findings digest");
    write(Path.of(out), Fixtures.corpora());
  }

  public static void main(String[] args) throws IOException {
    write(Path.of(args[0]), args.length > 1 ? Path.of(args[1]) : Fixtures.corpora());
  }

  static void write(Path out, Path corpora) throws IOException {
    List<Detector> detectors = DetectingRedactor.standardDetectors();
    DetectingRedactor redactor = Fixtures.redactor();
    Map<String, List<String>> groups = texts(corpora);
    long findings = 0;
    try (BufferedWriter w = Files.newBufferedWriter(out, StandardCharsets.UTF_8)) {
      for (Map.Entry<String, List<String>> g : groups.entrySet()) {
        List<String> texts = g.getValue();
        w.write("## " + g.getKey() + " texts=" + texts.size() + "\n");
        for (int i = 0; i < texts.size(); i++) {
          String text = texts.get(i);
          String id = g.getKey() + "#" + i + " " + sha(text);
          for (Detector d : detectors) {
            List<Finding> found = d.find(text);
            findings += found.size();
            if (!found.isEmpty()) {
              w.write(id + " " + d.type() + " " + spans(found) + "\n");
            }
          }
          List<Finding> merged = redactor.resolve(text);
          if (!merged.isEmpty()) {
            w.write(id + " RESOLVED " + spans(merged) + "\n");
            w.write(id + " OUTPUT " + sha(redactor.redactText(text).text()) + "\n");
          }
        }
      }
      w.write("## findings=" + findings + "\n");
    }
    System.out.println("wrote " + out + ": " + findings + " detector findings");
  }

  private static String spans(List<Finding> found) {
    StringBuilder b = new StringBuilder();
    for (Finding f : found) {
      b.append(f.start()).append('-').append(f.end()).append(':').append(f.type()).append(' ');
    }
    return b.toString();
  }

  private static Map<String, List<String>> texts(Path corpora) throws IOException {
    Map<String, List<String>> groups = new LinkedHashMap<>();
    Path tickets = corpora.resolve("records/support-tickets/customer_support_tickets.csv");
    if (Files.isRegularFile(tickets)) {
      List<String> rows = Files.readAllLines(tickets, StandardCharsets.UTF_8);
      groups.put("tickets-rows", rows);
      groups.put("tickets-whole", List.of(Files.readString(tickets, StandardCharsets.UTF_8)));
    }
    ObjectMapper json = new ObjectMapper();
    for (String name : List.of("covid-qa", "cranfield")) {
      Path f = corpora.resolve("retrieval-dev").resolve(name).resolve("corpus.jsonl");
      if (Files.isRegularFile(f)) {
        List<String> docs = new ArrayList<>();
        for (String line : Files.readAllLines(f, StandardCharsets.UTF_8)) {
          JsonNode n = json.readTree(line);
          docs.add(n.path("title").asText("") + "\n\n" + n.path("text").asText(""));
        }
        groups.put("retrieval-" + name, docs);
      }
    }
    Path presidio = corpora.resolve("pii/presidio-synth/synth_dataset_v2.json");
    if (Files.isRegularFile(presidio)) {
      List<String> texts = new ArrayList<>();
      for (JsonNode n : json.readTree(presidio.toFile())) {
        texts.add(n.path("full_text").asText(""));
      }
      groups.put("presidio-synth", texts);
    }
    Path fake = corpora.resolve("pii/fake-identities/FakeNameGenerator.com_3000.csv");
    if (Files.isRegularFile(fake)) {
      groups.put("fake-identities", Files.readAllLines(fake, StandardCharsets.UTF_8));
    }
    Path northwind = corpora.resolve("records/northwind");
    if (Files.isDirectory(northwind)) {
      List<String> rows = new ArrayList<>();
      try (Stream<Path> s = Files.list(northwind)) {
        for (Path p : s.sorted().toList()) {
          rows.addAll(Files.readAllLines(p, StandardCharsets.UTF_8));
        }
      }
      groups.put("northwind", rows);
    }
    Path documents = corpora.resolve("documents");
    if (Files.isDirectory(documents)) {
      List<String> docs = new ArrayList<>();
      try (Stream<Path> s = Files.list(documents)) {
        for (Path p : s.sorted().toList()) {
          String n = p.getFileName().toString();
          if (n.endsWith(".txt")
              || n.endsWith(".html")
              || n.endsWith(".eml")
              || n.endsWith(".md")
              || n.endsWith(".rtf")) {
            docs.add(new String(Files.readAllBytes(p), StandardCharsets.ISO_8859_1));
            docs.add(new String(Files.readAllBytes(p), StandardCharsets.UTF_8));
          }
        }
      }
      groups.put("documents", docs);
    }
    Path fixtures = Path.of("src/test/resources/redact");
    if (Files.isDirectory(fixtures)) {
      List<String> lines = new ArrayList<>();
      try (Stream<Path> s = Files.list(fixtures)) {
        for (Path p : s.filter(Files::isRegularFile).sorted().toList()) {
          List<String> all = Files.readAllLines(p, StandardCharsets.UTF_8);
          lines.addAll(all);
          lines.add(String.join("\n", all));
        }
      }
      groups.put("fixtures", lines);
    }
    return groups;
  }

  private static String sha(String text) {
    return Sha256.hex(text).substring(0, 16);
  }
}
