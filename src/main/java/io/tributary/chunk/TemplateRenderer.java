package io.tributary.chunk;

import io.quarkus.qute.Engine;
import io.quarkus.qute.Template;
import io.tributary.config.SourceCatalog;
import io.tributary.config.TributaryConfig;
import io.tributary.model.RedactedRecord;
import io.tributary.model.Sha256;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;

/**
 * Renders records with the Qute template {@code <templates-dir>/<name>.*} when one exists (name:
 * the source's {@code template:} key, else the source's name), else as {@code field: value} lines
 * followed by the free text. Templates see {@code source}, {@code id}, {@code version}, {@code
 * fields} (a map by dotted path), {@code text} and {@code metadata}. Templates are read once per
 * source (a restart applies edits).
 */
@ApplicationScoped
public class TemplateRenderer implements RecordRenderer {

  private record Loaded(Optional<Template> template, String version) {}

  private final Engine engine;
  private final Path dir;
  private final UnaryOperator<String> templateName;
  private final Map<String, Loaded> cache = new ConcurrentHashMap<>();

  @Inject
  public TemplateRenderer(Engine engine, TributaryConfig config, SourceCatalog catalog) {
    this(
        engine,
        Path.of(config.sources().templatesDir()),
        source -> catalog.settings(source).mapping().templateOr(source));
  }

  /** A renderer whose template names are the sources' names. */
  public TemplateRenderer(Engine engine, Path dir) {
    this(engine, dir, UnaryOperator.identity());
  }

  /**
   * @param templateName the template name of a source
   */
  public TemplateRenderer(Engine engine, Path dir, UnaryOperator<String> templateName) {
    this.engine = engine;
    this.dir = dir;
    this.templateName = templateName;
  }

  @Override
  public String render(RedactedRecord record) {
    Optional<Template> template = loaded(record.key().source()).template();
    if (template.isEmpty()) {
      return defaultLayout(record);
    }
    return template
        .get()
        .data("source", record.key().source())
        .data("id", record.key().id())
        .data("version", record.source().version())
        .data("fields", record.fields())
        .data("text", record.text() == null ? "" : record.text())
        .data("metadata", record.metadata())
        .render()
        .strip();
  }

  @Override
  public String version(String source) {
    return loaded(source).version();
  }

  static String defaultLayout(RedactedRecord record) {
    StringBuilder out = new StringBuilder();
    record.fields().forEach((k, v) -> out.append(k).append(": ").append(v).append('\n'));
    if (record.text() != null && !record.text().isBlank()) {
      if (out.length() > 0) {
        out.append('\n');
      }
      out.append(record.text().strip());
    }
    return out.toString().strip();
  }

  private Loaded loaded(String source) {
    return cache.computeIfAbsent(source, this::load);
  }

  private Loaded load(String source) {
    String name = templateName.apply(source);
    if (!Files.isDirectory(dir)) {
      return new Loaded(Optional.empty(), "default-layout");
    }
    try (Stream<Path> files = Files.list(dir)) {
      Optional<Path> file =
          files
              .filter(p -> p.getFileName().toString().startsWith(name + "."))
              .filter(Files::isRegularFile)
              .sorted()
              .findFirst();
      if (file.isEmpty()) {
        return new Loaded(Optional.empty(), "default-layout");
      }
      String content = Files.readString(file.get(), StandardCharsets.UTF_8);
      return new Loaded(Optional.of(engine.parse(content)), Sha256.hex(content).substring(0, 16));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read template for source " + source, e);
    }
  }
}
