package io.tributary.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.tributary.model.EqualVersion;
import io.tributary.model.RecordKey;
import io.tributary.model.Sha256;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * Per-source settings: {@code config/redaction.yaml} (defaults for every source) overlaid with
 * {@code <sources.dir>/<source>.yaml}, read once per source and cached (a restart or {@link
 * #reload} applies edits). Without either file: every field scanned, detected values replaced by
 * {@code [TYPE]}, topic {@code tributary.<source>}. Setting {@code default-field-action: drop}
 * makes the field list an allowlist. A file that does not parse fails loudly: a redaction policy is
 * never silently ignored.
 */
@ApplicationScoped
public class SourceCatalog {

  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

  private final Path dir;
  private final Path defaultsFile;
  private final Map<String, SourceSettings> cache = new ConcurrentHashMap<>();

  @Inject
  public SourceCatalog(TributaryConfig config) {
    this(Path.of(config.sources().dir()), Path.of(config.sources().defaultsFile()));
  }

  /** A catalog without a defaults file. */
  public SourceCatalog(Path dir) {
    this(dir, dir.resolve("does-not-exist.yaml"));
  }

  /**
   * @param dir folder of {@code <source>.yaml} files
   * @param defaultsFile policy every source starts from ({@code config/redaction.yaml})
   */
  public SourceCatalog(Path dir, Path defaultsFile) {
    this.dir = dir;
    this.defaultsFile = defaultsFile;
  }

  public SourceSettings settings(String source) {
    RecordKey.requireValidSource(source);
    return cache.computeIfAbsent(source, this::load);
  }

  /**
   * Reads the source's settings files again (a reindex applies an edited policy without a restart).
   */
  public SourceSettings reload(String source) {
    RecordKey.requireValidSource(source);
    cache.remove(source);
    return settings(source);
  }

  private SourceSettings load(String source) {
    Path file = dir.resolve(source + ".yaml");
    try {
      byte[] defaults =
          Files.isRegularFile(defaultsFile) ? Files.readAllBytes(defaultsFile) : new byte[0];
      byte[] own = Files.isRegularFile(file) ? Files.readAllBytes(file) : new byte[0];
      JsonNode merged = merge(tree(defaults), tree(own));
      String fingerprint =
          defaults.length == 0 && own.length == 0
              ? "defaults"
              : Sha256.hex(Sha256.hex(shaping(defaults)) + Sha256.hex(shaping(own)));
      return parse(source, merged, fingerprint);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read source settings " + file, e);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "invalid source settings " + file + " (or " + defaultsFile + "): " + e.getMessage(), e);
    }
  }

  /** A top-level {@code equal-version: ...} line, with its line end. */
  private static final Pattern EQUAL_VERSION_LINE =
      Pattern.compile("(?m)^equal-version[ \\t]*:[^\\r\\n]*(\\r?\\n|\\z)");

  /**
   * A top-level {@code directory:} key with the lines under it (indented, blank or comment lines)
   * or its flow value on the same line.
   */
  private static final Pattern JOBS_BLOCK =
      Pattern.compile(
          "(?m)^jobs[ \\t]*:[^\\r\\n]*(\\r?\\n|\\z)([ \\t#][^\\r\\n]*(\\r?\\n|\\z)|\\r?\\n)*");

  private static final Pattern DIRECTORY_BLOCK =
      Pattern.compile(
          "(?m)^directory[ \\t]*:[^\\r\\n]*(\\r?\\n|\\z)([ \\t#][^\\r\\n]*(\\r?\\n|\\z)|\\r?\\n)*");

  /**
   * The file without its {@code equal-version} line, its {@code directory} block and its {@code
   * jobs} block (schedules, which shape nothing either): the first decides which delivery is
   * stored, the second which files are read and who may read them (the ACL reaches the chunks in
   * place), not what a delivery becomes, so adding or changing either must not change the pipeline
   * version (which would re-embed every record of the source). They are removed from the bytes, not
   * the file re-serialised, so a file without them fingerprints exactly as before.
   */
  static byte[] shaping(byte[] yaml) {
    String text = new String(yaml, StandardCharsets.UTF_8);
    String without =
        JOBS_BLOCK
            .matcher(
                DIRECTORY_BLOCK
                    .matcher(EQUAL_VERSION_LINE.matcher(text).replaceAll(""))
                    .replaceAll(""))
            .replaceAll("");
    return without.length() == text.length() ? yaml : without.getBytes(StandardCharsets.UTF_8);
  }

  private static ObjectNode tree(byte[] yaml) throws IOException {
    JsonNode node = yaml.length == 0 ? null : YAML.readTree(yaml);
    return node instanceof ObjectNode o ? o : YAML.createObjectNode();
  }

  /**
   * The source file wins key by key; {@code fields}, {@code entities} and {@code field-types} merge
   * entry by entry. A {@code text:} list names the text fields ({@code text-fields}), so it does
   * not replace the defaults' {@code text:} action.
   */
  static JsonNode merge(ObjectNode defaults, ObjectNode own) {
    ObjectNode merged = defaults.deepCopy();
    own.fields()
        .forEachRemaining(
            e -> {
              if (e.getKey().equals("text") && e.getValue().isArray()) {
                merged.set("text-fields", e.getValue());
              } else if ((e.getKey().equals("fields")
                      || e.getKey().equals("entities")
                      || e.getKey().equals("field-types"))
                  && e.getValue().isObject()
                  && merged.path(e.getKey()).isObject()) {
                ((ObjectNode) merged.get(e.getKey())).setAll((ObjectNode) e.getValue());
              } else {
                merged.set(e.getKey(), e.getValue());
              }
            });
    return merged;
  }

  static SourceSettings parse(String source, JsonNode root, String fingerprint) {
    Map<String, FieldAction> fields = new LinkedHashMap<>();
    for (Iterator<Map.Entry<String, JsonNode>> it = root.path("fields").fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      fields.put(e.getKey(), FieldAction.parse(e.getValue().asText()));
    }
    FieldAction defaultAction = FieldAction.parse(root.path("default-field-action").asText("scan"));
    FieldAction textAction = FieldAction.parse(root.path("text").asText("mask"));
    Map<String, EntityOperator> entities = new LinkedHashMap<>();
    root.path("entities")
        .fields()
        .forEachRemaining(
            e ->
                entities.put(
                    e.getKey().toUpperCase(Locale.ROOT),
                    EntityOperator.parse(e.getValue().asText())));
    List<String> topics = new ArrayList<>();
    root.path("topics").forEach(t -> topics.add(t.asText()));
    if (topics.isEmpty()) {
      topics.add(defaultTopic(source));
    }
    Map<String, String> fieldTypes = new LinkedHashMap<>();
    root.path("field-types")
        .fields()
        .forEachRemaining(e -> fieldTypes.put(e.getKey(), e.getValue().asText()));
    JsonNode equalVersion = root.path("equal-version");
    if (!equalVersion.isMissingNode() && !equalVersion.isNull() && !equalVersion.isTextual()) {
      throw new IllegalArgumentException(
          "equal-version must be \"reject\" or \"replace\", was " + equalVersion);
    }
    return new SourceSettings(
        source,
        fields,
        defaultAction,
        textAction,
        topics,
        fingerprint,
        entities,
        DirectorySpec.parse(root.path("directory")),
        EqualVersion.parse(equalVersion.textValue()),
        RecordMapping.parse(root),
        fieldTypes);
  }

  /**
   * The top-level {@code key} section of the source's own file (not the defaults), or a missing
   * node: sections that other packages read themselves, such as {@code jobs} (schedules).
   */
  public JsonNode section(String source, String key) {
    RecordKey.requireValidSource(source);
    Path file = dir.resolve(source + ".yaml");
    try {
      return Files.isRegularFile(file)
          ? tree(Files.readAllBytes(file)).path(key)
          : YAML.createObjectNode().path(key);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read source settings " + file, e);
    }
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
