package io.tributary.model;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * A file, or one attachment or archive entry inside it, after parsing.
 *
 * @param path {@code ""} for the file itself, else the attachment's path inside it (e.g. {@code
 *     "/report.pdf"} or {@code "/mail.msg/scan.pdf"})
 * @param properties title, author, dates, content type, language, page count — only those known
 * @param markup the body in {@link DocumentMarkup}; empty when rejected
 * @param rejection why this part cannot be indexed, or {@code null}
 */
public record ParsedDocument(
    String path, Map<String, String> properties, String markup, String rejection) {

  public ParsedDocument {
    Objects.requireNonNull(path, "path");
    properties =
        properties == null
            ? Map.of()
            : Collections.unmodifiableMap(new LinkedHashMap<>(properties));
    markup = markup == null ? "" : markup;
  }

  /** The same part under another path (a pseudonymized one). */
  public ParsedDocument withPath(String newPath) {
    return new ParsedDocument(newPath, properties, markup, rejection);
  }

  public boolean isRoot() {
    return path.isEmpty();
  }

  public boolean rejected() {
    return rejection != null;
  }
}
