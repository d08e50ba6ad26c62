package io.tributary.config;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * A directory source: which files of which folder a sync ingests, and how often.
 *
 * <pre>
 * directory:
 *   path: /srv/share/handbooks
 *   glob: "**&#47;*.{pdf,docx}"   # relative to path; default every file
 *   interval: 15m                # optional scheduled sync: 30s, 15m, 2h
 *   acl: [staff, support]        # who may read the documents (none: nobody, unless empty-acl-public)
 * </pre>
 *
 * @param path the folder
 * @param glob which files, relative to the folder
 * @param interval time between scheduled syncs, or {@code null} for on demand only
 * @param acl principals allowed to read the folder's documents
 */
public record DirectorySpec(Path path, String glob, Duration interval, List<String> acl) {

  public DirectorySpec {
    Objects.requireNonNull(path, "path");
    glob = glob == null || glob.isBlank() ? "**" : glob;
    acl = acl == null ? List.of() : List.copyOf(acl);
    if (interval != null && interval.toSeconds() < 1) {
      throw new IllegalArgumentException("directory.interval must be at least 1s");
    }
  }

  /** The {@code directory} node of a source file, or {@code null} when it has none. */
  static DirectorySpec parse(JsonNode node) {
    if (node == null || node.isMissingNode() || node.isNull()) {
      return null;
    }
    String path = node.path("path").asText("");
    if (path.isBlank()) {
      throw new IllegalArgumentException("directory.path is required");
    }
    String interval = node.path("interval").asText("");
    List<String> acl = new ArrayList<>();
    node.path("acl").forEach(p -> acl.add(p.asText()));
    return new DirectorySpec(
        Path.of(path),
        node.path("glob").asText(null),
        interval.isBlank() ? null : duration(interval),
        acl);
  }

  static Duration duration(String text) {
    String t = text.strip().toLowerCase(Locale.ROOT);
    try {
      long n = Long.parseLong(t.substring(0, t.length() - 1));
      return switch (t.charAt(t.length() - 1)) {
        case 's' -> Duration.ofSeconds(n);
        case 'm' -> Duration.ofMinutes(n);
        case 'h' -> Duration.ofHours(n);
        default -> throw new IllegalArgumentException("bad unit");
      };
    } catch (RuntimeException e) {
      throw new IllegalArgumentException(
          "directory.interval must look like 30s, 15m or 2h, was " + text);
    }
  }
}
