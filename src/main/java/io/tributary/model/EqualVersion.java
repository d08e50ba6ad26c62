package io.tributary.model;

import java.util.Locale;

/**
 * What a source wants when a record arrives with the version that is stored, but with other content
 * (per source: {@code equal-version} in {@code config/sources/<source>.yaml}).
 */
public enum EqualVersion {
  /**
   * The stored content stays; the incoming record is a {@link IngestStatus#CONFLICT}, dead-lettered
   * with both content hashes. For sources whose versions identify content, as external versioning
   * in a search engine does: the same version with other content is a producer bug or a race to
   * surface.
   */
  REJECT,
  /** The later delivery wins, for sources that do not bump versions on every change. */
  REPLACE;

  public String wire() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** Parses {@code reject} or {@code replace}; {@code null} is the default, reject. */
  public static EqualVersion parse(String wire) {
    if (wire == null) {
      return REJECT;
    }
    return switch (wire) {
      case "reject" -> REJECT;
      case "replace" -> REPLACE;
      default ->
          throw new IllegalArgumentException(
              "equal-version must be \"reject\" or \"replace\", was \"" + wire + "\"");
    };
  }
}
