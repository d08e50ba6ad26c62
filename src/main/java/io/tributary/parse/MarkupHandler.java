package io.tributary.parse;

import io.tributary.model.DocumentMarkup;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.xml.sax.Attributes;
import org.xml.sax.SAXException;
import org.xml.sax.helpers.DefaultHandler;

/**
 * Turns Tika's XHTML events into {@link DocumentMarkup}: headings, paragraphs, list items, table
 * rows (a table's first row is its header when it has more than one row), and page ends of paged
 * formats ({@code <div class="page">}, slides). Text inside {@code head}, {@code script} and {@code
 * style} is ignored. Each instance reads one document or attachment; its {@link #toString()} is the
 * markup.
 */
final class MarkupHandler extends DefaultHandler {

  private static final Set<String> BLOCKS =
      Set.of(
          "p",
          "div",
          "li",
          "h1",
          "h2",
          "h3",
          "h4",
          "h5",
          "h6",
          "blockquote",
          "pre",
          "dt",
          "dd",
          "tr",
          "td",
          "th",
          "table",
          "ul",
          "ol",
          "section",
          "article",
          "body",
          "br",
          "address",
          "caption");
  private static final Set<String> SKIPPED = Set.of("head", "script", "style", "title");

  private final ParseBudget budget;
  private final StringBuilder out = new StringBuilder();
  private final StringBuilder text = new StringBuilder();
  private int skipDepth;
  private int headingLevel;
  private int itemDepth;
  private int tableDepth;
  private final List<List<String>> rows = new ArrayList<>();
  private List<String> row;
  private final StringBuilder cell = new StringBuilder();
  private final List<Boolean> pageDivs = new ArrayList<>();
  private int pages;

  MarkupHandler(ParseBudget budget) {
    this.budget = budget;
  }

  @Override
  public void startElement(String uri, String localName, String qName, Attributes atts)
      throws SAXException {
    budget.check();
    String name = name(localName, qName);
    if (SKIPPED.contains(name)) {
      skipDepth++;
      return;
    }
    if (skipDepth > 0) {
      return;
    }
    if (name.equals("div")) {
      String cls = atts.getValue("class");
      boolean page = cls != null && (cls.equals("page") || cls.equals("slide-content"));
      pageDivs.add(page);
    }
    if (tableDepth > 0 && !name.equals("table")) {
      if (tableDepth == 1 && name.equals("tr")) {
        row = new ArrayList<>();
      } else if (tableDepth == 1 && (name.equals("td") || name.equals("th"))) {
        cell.setLength(0);
      } else if (BLOCKS.contains(name)) {
        cell.append(' ');
      }
      return;
    }
    switch (name) {
      case "table" -> {
        if (tableDepth++ == 0) {
          flush();
          rows.clear();
        }
      }
      case "h1", "h2", "h3", "h4", "h5", "h6" -> {
        flush();
        headingLevel = name.charAt(1) - '0';
      }
      case "li" -> {
        flush();
        itemDepth++;
      }
      case "br" -> text.append(' ');
      default -> {
        if (BLOCKS.contains(name)) {
          flush();
        }
      }
    }
  }

  @Override
  public void endElement(String uri, String localName, String qName) throws SAXException {
    String name = name(localName, qName);
    if (SKIPPED.contains(name)) {
      skipDepth = Math.max(0, skipDepth - 1);
      return;
    }
    if (skipDepth > 0) {
      return;
    }
    if (tableDepth > 0) {
      if (name.equals("table")) {
        if (--tableDepth == 0) {
          endTable();
        } else {
          cell.append(' ');
        }
      } else if (tableDepth == 1 && (name.equals("td") || name.equals("th")) && row != null) {
        row.add(DocumentMarkup.flatten(cell.toString()).replace('|', '/'));
        cell.setLength(0);
      } else if (tableDepth == 1 && name.equals("tr") && row != null) {
        if (row.stream().anyMatch(c -> !c.isEmpty())) {
          rows.add(row);
        }
        row = null;
      }
      if (!name.equals("div")) {
        return;
      }
    }
    switch (name) {
      case "h1", "h2", "h3", "h4", "h5", "h6" -> {
        flush();
        headingLevel = 0;
      }
      case "li" -> {
        flush();
        itemDepth = Math.max(0, itemDepth - 1);
      }
      case "div" -> {
        boolean page = !pageDivs.isEmpty() && pageDivs.remove(pageDivs.size() - 1);
        if (page && tableDepth == 0) {
          flush();
          out.append(DocumentMarkup.PAGE_BREAK).append('\n');
          pages++;
        }
      }
      default -> {
        if (BLOCKS.contains(name) && !name.equals("br")) {
          flush();
        }
      }
    }
  }

  @Override
  public void characters(char[] ch, int start, int length) throws SAXException {
    budget.spend(length);
    if (skipDepth > 0) {
      return;
    }
    if (tableDepth > 0) {
      cell.append(ch, start, length);
    } else {
      text.append(ch, start, length);
    }
  }

  @Override
  public void ignorableWhitespace(char[] ch, int start, int length) {
    if (skipDepth == 0) {
      (tableDepth > 0 ? cell : text).append(' ');
    }
  }

  @Override
  public void endDocument() {
    if (tableDepth > 0) {
      tableDepth = 0;
      endTable();
    }
    flush();
  }

  /** Page ends seen; 0 for formats without pages. */
  int pages() {
    return pages;
  }

  @Override
  public String toString() {
    return out.toString();
  }

  /** Ends the current block; a blank line inside it (plain text files) separates paragraphs. */
  private void flush() {
    String raw = text.toString();
    text.setLength(0);
    for (String part : BLANK_LINE.split(raw)) {
      String flat = DocumentMarkup.flatten(part);
      if (flat.isEmpty()) {
        continue;
      }
      if (headingLevel > 0) {
        out.append("#".repeat(headingLevel)).append(' ').append(flat);
      } else if (itemDepth > 0) {
        out.append(DocumentMarkup.ITEM).append(flat);
      } else {
        out.append(DocumentMarkup.paragraph(flat));
      }
      out.append('\n');
    }
  }

  private static final java.util.regex.Pattern BLANK_LINE =
      java.util.regex.Pattern.compile("\\r?\\n[ \\t]*\\r?\\n");

  private void endTable() {
    if (row != null && row.stream().anyMatch(c -> !c.isEmpty())) {
      rows.add(row);
      row = null;
    }
    for (int i = 0; i < rows.size(); i++) {
      boolean header = i == 0 && rows.size() > 1;
      out.append(header ? DocumentMarkup.HEADER_ROW : DocumentMarkup.ROW)
          .append(String.join(DocumentMarkup.CELL_SEPARATOR, rows.get(i)))
          .append('\n');
    }
    if (!rows.isEmpty()) {
      out.append('\n');
    }
    rows.clear();
  }

  private static String name(String localName, String qName) {
    String n = localName == null || localName.isEmpty() ? qName : localName;
    return n == null ? "" : n.toLowerCase(Locale.ROOT);
  }
}
