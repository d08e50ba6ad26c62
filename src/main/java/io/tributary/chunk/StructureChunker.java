package io.tributary.chunk;

import io.tributary.config.TributaryConfig;
import io.tributary.model.Chunk;
import io.tributary.model.DocumentMarkup;
import io.tributary.model.RecordKey;
import io.tributary.pipeline.TokenCounter;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Packs a document's blocks into chunks: a heading starts a new chunk and becomes part of the
 * section path; paragraphs, list items and table rows are packed whole while they fit; a block
 * longer than a chunk is split by sentences; a table continues in the next chunk with its header
 * row repeated. Each chunk opens with a context line, {@code "title > section > subsection"}.
 */
@ApplicationScoped
public class StructureChunker implements DocumentChunker {

  private static final String PATH_SEPARATOR = " > ";

  /** Longer context lines are cut before they are fitted to a quarter of the chunk. */
  private static final int MAX_CONTEXT_CHARS = 400;

  private final TokenCounter tokens;
  private final int maxTokens;

  @Inject
  public StructureChunker(TokenCounter tokens, TributaryConfig config) {
    this(tokens, config.chunk().maxTokens());
  }

  public StructureChunker(TokenCounter tokens, int maxTokens) {
    if (maxTokens < 16) {
      throw new IllegalArgumentException(
          "tributary.chunk.max-tokens must be >= 16 for documents, was " + maxTokens);
    }
    this.tokens = tokens;
    this.maxTokens = maxTokens;
  }

  @Override
  public String version() {
    return "structure-1:max=" + maxTokens;
  }

  /** One block with where it sits. */
  private record Unit(String text, String section, int page, String tableHeader) {}

  @Override
  public List<Chunk> chunk(RecordKey key, String title, String markup) {
    boolean paged = markup.lines().anyMatch(l -> l.equals(DocumentMarkup.PAGE_BREAK));
    Packer packer = new Packer(key, title == null ? "" : DocumentMarkup.flatten(title), paged);
    List<String[]> headings = new ArrayList<>();
    int page = 1;
    String tableHeader = null;
    for (String line : markup.split("\n")) {
      if (line.isBlank() && !line.equals(DocumentMarkup.PAGE_BREAK)) {
        tableHeader = null;
        continue;
      }
      DocumentMarkup.Block kind = DocumentMarkup.kindOf(line);
      String text = DocumentMarkup.textOf(line);
      switch (kind) {
        case PAGE_BREAK -> page++;
        case HEADING -> {
          int level = DocumentMarkup.headingLevel(line);
          headings.removeIf(h -> Integer.parseInt(h[0]) >= level);
          headings.add(new String[] {String.valueOf(level), text});
          tableHeader = null;
        }
        case HEADER_ROW -> {
          tableHeader = text;
          packer.add(new Unit(text, sectionOf(headings), page, null));
        }
        case ROW -> packer.add(new Unit(text, sectionOf(headings), page, tableHeader));
        case ITEM -> {
          tableHeader = null;
          packer.add(new Unit("- " + text, sectionOf(headings), page, null));
        }
        case PARAGRAPH -> {
          tableHeader = null;
          packer.add(new Unit(text, sectionOf(headings), page, null));
        }
      }
    }
    packer.flush();
    return packer.chunks;
  }

  private static String sectionOf(List<String[]> headings) {
    List<String> names = new ArrayList<>(headings.size());
    headings.forEach(h -> names.add(h[1]));
    return String.join(PATH_SEPARATOR, names);
  }

  /** Accumulates units into chunks of at most {@code maxTokens}. */
  private final class Packer {
    private final RecordKey key;
    private final String title;
    private final boolean paged;
    final List<Chunk> chunks = new ArrayList<>();
    private final StringBuilder body = new StringBuilder();
    private String section;
    private String context;
    private int firstPage;
    private int lastPage;

    Packer(RecordKey key, String title, boolean paged) {
      this.key = key;
      this.title = title;
      this.paged = paged;
    }

    void add(Unit unit) {
      if (section != null && !section.equals(unit.section())) {
        flush();
      }
      if (body.length() == 0) {
        start(unit);
      }
      String candidate = body.length() == 0 ? unit.text() : body + "\n" + unit.text();
      if (tokens.count(withContext(candidate)) <= maxTokens) {
        replaceBody(candidate, unit.page());
        return;
      }
      if (body.length() > 0 && !body.toString().equals(unit.tableHeader())) {
        flush();
        start(unit);
        String continued =
            unit.tableHeader() == null ? unit.text() : unit.tableHeader() + "\n" + unit.text();
        if (tokens.count(withContext(continued)) <= maxTokens) {
          replaceBody(continued, unit.page());
          return;
        }
      }
      splitLong(unit);
    }

    /** A block longer than a chunk on its own: by sentences, each piece its own chunk. */
    private void splitLong(Unit unit) {
      body.setLength(0);
      int budget =
          Math.max(8, maxTokens - tokens.count(context.isEmpty() ? "" : context + "\n") - 1);
      for (Chunk piece : new SentenceChunker(tokens, budget, 0).chunk(key, unit.text())) {
        replaceBody(piece.text(), unit.page());
        flush();
        start(unit);
      }
      body.setLength(0);
    }

    private void start(Unit unit) {
      if (!unit.section().equals(section) || context == null) {
        context = contextLine(unit.section()); // once per section, not once per chunk
      }
      section = unit.section();
      firstPage = unit.page();
      lastPage = unit.page();
    }

    private void replaceBody(String text, int page) {
      body.setLength(0);
      body.append(text);
      lastPage = Math.max(lastPage, page);
    }

    private String withContext(String text) {
      return context.isEmpty() ? text : context + "\n" + text;
    }

    /** Title and section path, shortened to a quarter of the chunk so the body keeps its room. */
    private String contextLine(String sectionPath) {
      String line =
          title.isEmpty()
              ? sectionPath
              : sectionPath.isEmpty() ? title : title + PATH_SEPARATOR + sectionPath;
      if (line.length() > MAX_CONTEXT_CHARS) {
        // a hostile 50k-word title must not cost a tokenization per word
        line = line.substring(0, MAX_CONTEXT_CHARS);
      }
      String[] words = line.split(" ");
      int n = words.length;
      while (n > 0
          && tokens.count(String.join(" ", java.util.Arrays.copyOf(words, n))) > maxTokens / 4) {
        n--;
      }
      return String.join(" ", java.util.Arrays.copyOf(words, n));
    }

    void flush() {
      if (body.length() == 0) {
        return;
      }
      String text = withContext(body.toString());
      Map<String, String> location = new LinkedHashMap<>();
      if (section != null && !section.isEmpty()) {
        location.put("section", section);
      }
      if (paged) {
        location.put(
            "pages",
            firstPage == lastPage ? String.valueOf(firstPage) : firstPage + "-" + lastPage);
      }
      chunks.add(Chunk.of(key, chunks.size(), text, tokens.count(text), location));
      body.setLength(0);
    }
  }
}
