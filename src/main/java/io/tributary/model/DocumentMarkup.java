package io.tributary.model;

/**
 * The line format in which a parsed document travels from the parse stage, through redaction, to
 * the chunker: one block per line, so that redaction (which never writes a line break) keeps the
 * structure.
 *
 * <ul>
 *   <li>{@code "## Title"}: a heading, its level the number of {@code #};
 *   <li>{@code "- item"}: a list item;
 *   <li>{@code "|! a | b"}: a table's header row, {@code "| a | b"}: a table row; a table ends at
 *       the first line that is not a row;
 *   <li>{@code "\f"} alone: the end of a page of a paged format;
 *   <li>anything else: a paragraph; a paragraph that would read as one of the above starts with
 *       {@code "\\"}.
 * </ul>
 */
public final class DocumentMarkup {

  public static final String PAGE_BREAK = "\f";
  public static final String HEADER_ROW = "|! ";
  public static final String ROW = "| ";
  public static final String ITEM = "- ";
  public static final String CELL_SEPARATOR = " | ";

  private DocumentMarkup() {}

  /** The kinds of block a line can be. */
  public enum Block {
    HEADING,
    ITEM,
    HEADER_ROW,
    ROW,
    PAGE_BREAK,
    PARAGRAPH
  }

  public static Block kindOf(String line) {
    if (line.equals(PAGE_BREAK)) {
      return Block.PAGE_BREAK;
    }
    if (line.startsWith("#")) {
      return Block.HEADING;
    }
    if (line.startsWith(ITEM)) {
      return Block.ITEM;
    }
    if (line.startsWith(HEADER_ROW)) {
      return Block.HEADER_ROW;
    }
    if (line.startsWith(ROW)) {
      return Block.ROW;
    }
    return Block.PARAGRAPH;
  }

  /** A heading line's level, 1 for {@code "# x"}. */
  public static int headingLevel(String line) {
    int level = 0;
    while (level < line.length() && line.charAt(level) == '#') {
      level++;
    }
    return level;
  }

  /** The text of a line without its block marker. */
  public static String textOf(String line) {
    return switch (kindOf(line)) {
      case HEADING -> line.substring(headingLevel(line)).strip();
      case ITEM -> line.substring(ITEM.length()).strip();
      case HEADER_ROW -> line.substring(HEADER_ROW.length()).strip();
      case ROW -> line.substring(ROW.length()).strip();
      case PAGE_BREAK -> "";
      case PARAGRAPH -> line.startsWith("\\") ? line.substring(1) : line;
    };
  }

  /** A paragraph line: whitespace collapsed, escaped when it would read as another block. */
  public static String paragraph(String text) {
    String flat = flatten(text);
    boolean ambiguous =
        flat.startsWith("#")
            || flat.startsWith("|")
            || flat.startsWith("- ")
            || flat.startsWith("\\");
    return ambiguous ? "\\" + flat : flat;
  }

  /** Whitespace (line breaks, tabs, form feeds included) collapsed to single spaces, trimmed. */
  public static String flatten(String text) {
    StringBuilder out = new StringBuilder(text.length());
    boolean space = false;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (Character.isWhitespace(c) || Character.isSpaceChar(c) || c == '\u0000') {
        space = out.length() > 0;
      } else {
        if (space) {
          out.append(' ');
          space = false;
        }
        out.append(c);
      }
    }
    return out.toString();
  }
}
