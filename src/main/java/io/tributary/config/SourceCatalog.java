package io.tributary.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.tributary.model.RecordKey;
import io.tributary.model.Sha256;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Per-source settings from {@code <sources.dir>/<source>.yaml}, read once per source and cached
 * (a restart applies edits). A source without a file gets the defaults: every field scanned, detected
 * values masked, topic {@code tributary.<source>}. A file that does not parse fails loudly: a
 * redaction policy is never silently ignored.
 */
@ApplicationScoped
public class SourceCatalog {

  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

  private final Path dir;
  private final Map<String, SourceSettings> cache = new ConcurrentHashMap<>();

  @Inject
  public SourceCatalog(TributaryConfig config) {
    this(Path.of(config.sources().dir()));
  }

  public SourceCatalog(Path dir) {
    this.dir = dir;
  }

  public SourceSettings settings(String source) {
    RecordKey.requireValidSource(source);
    return cache.computeIfAbsent(source, this::load);
  }

  private SourceSettings load(String source) {
    Path file = dir.resolve(source + ".yaml");
    if (!Files.isRegularFile(file)) {
      return new SourceSettings(
          source, Map.of(), FieldAction.SCAN, FieldAction.MASK, List.of(defaultTopic(source)), "defaults");
    }
    try {
      byte[] bytes = Files.readAllBytes(file);
      return parse(source, YAML.readTree(bytes), Sha256.hex(bytes));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read source settings " + file, e);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("invalid source settings " + file + ": " + e.getMessage(), e);
    }
  }

  static SourceSettings parse(String source, JsonNode root, String fingerprint) {
    if (root == null || root.isMissingNode() || root.isNull()) {
      root = YAML.createObjectNode();
    }
    Map<String, FieldAction> fields = new LinkedHashMap<>();
    JsonNode fieldNode = root.path("fields");
    for (Iterator<Map.Entry<String, JsonNode>> it = fieldNode.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      fields.put(e.getKey(), FieldAction.parse(e.getValue().asText()));
    }
    FieldAction defaultAction = FieldAction.parse(root.path("default-field-action").asText("scan"));
    FieldAction textAction = FieldAction.parse(root.path("text").asText("mask"));
    List<String> topics = new ArrayList<>();
    root.path("topics").forEach(t -> topics.add(t.asText()));
    if (topics.isEmpty()) {
      topics.add(defaultTopic(source));
    }
    return new SourceSettings(source, fields, defaultAction, textAction, topics, fingerprint);
  }

  /** Sources that have a settings file, in name order. */
  public List<String> configuredSources() {
    if (!Files.isDirectory(dir)) {
      return List.of();
    }
    try (var files = Files.list(dir)) {
      return files
          .map(p -> p.getFileName().toString())
          .filter(n -> n.endsWith(".yaml"))
          .map(n -> n.substring(0, n.length() - ".yaml".length()))
          .sorted()
          .toList();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list " + dir, e);
    }
  }

  public static String defaultTopic(String source) {
    return "tributary." + source;
  }
}
