package io.tributary.config;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.time.Duration;
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
 * </pre>
 *
 * @param path the folder
 * @param glob which files, relative to the folder
 * @param interval time between scheduled syncs, or {@code null} for on demand only
 */
public record DirectorySpec(Path path, String glob, Duration interval) {

  public DirectorySpec {
    Objects.requireNonNull(path, "path");
    glob = glob == null || glob.isBlank() ? "**" : glob;
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
    return new DirectorySpec(Path.of(path), node.path("glob").asText(null), interval.isBlank() ? null : duration(interval));
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
      throw new IllegalArgumentException("directory.interval must look like 30s, 15m or 2h, was " + text);
    }
  }
}
