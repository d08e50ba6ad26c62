package io.tributary.model;

/** What a source asks Tributary to do with one record. */
public enum RecordOp {
  UPSERT,
  DELETE;

  /** Parses the wire form ({@code "upsert"}, {@code "delete"}); {@code null} means upsert. */
  public static RecordOp parse(String wire) {
    if (wire == null) {
      return UPSERT;
    }
    return switch (wire) {
      case "upsert" -> UPSERT;
      case "delete" -> DELETE;
      default -> throw new IllegalArgumentException("op must be \"upsert\" or \"delete\"");
    };
  }
}
