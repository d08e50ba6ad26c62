package io.tributary.chunk;

import io.tributary.config.TributaryConfig;
import io.tributary.model.Chunk;
import io.tributary.model.RecordKey;
import io.tributary.pipeline.TokenCounter;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.text.BreakIterator;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Packs whole lines and sentences into chunks of at most {@code maxTokens} word pieces, counted by
 * the embedding model's own tokenizer; a sentence longer than that is split between words, a word
 * longer than that between characters. Each chunk after the first starts with the last words of the
 * previous one, up to {@code overlapTokens}.
 */
@ApplicationScoped
public class SentenceChunker implements Chunker {

  private final TokenCounter tokens;
  private final int maxTokens;
  private final int overlapTokens;

  @Inject
  public SentenceChunker(TokenCounter tokens, TributaryConfig config) {
    this(tokens, config.chunk().maxTokens(), config.chunk().overlapTokens());
  }

  public SentenceChunker(TokenCounter tokens, int maxTokens, int overlapTokens) {
    if (maxTokens < 8) {
      throw new IllegalArgumentException(
          "tributary.chunk.max-tokens must be >= 8, was " + maxTokens);
    }
    if (overlapTokens < 0 || overlapTokens >= maxTokens / 2) {
      throw new IllegalArgumentException(
          "tributary.chunk.overlap-tokens must be in [0, max-tokens/2), was " + overlapTokens);
    }
    this.tokens = tokens;
    this.maxTokens = maxTokens;
    this.overlapTokens = overlapTokens;
  }

  @Override
  public String version() {
    return "sentences:max=" + maxTokens + ",overlap=" + overlapTokens;
  }

  @Override
  public List<Chunk> chunk(RecordKey key, String text) {
    List<Piece> units = units(text);
    List<Piece> packed = pack(units, true);
    List<Chunk> chunks = new ArrayList<>(packed.size());
    for (Piece p : packed) {
      int count = tokens.count(p.text());
      if (count != p.tokens()) {
        // The counter is not additive over a whitespace join on this text: count every candidate.
        return exactly(key, units);
      }
      chunks.add(Chunk.of(key, chunks.size(), p.text(), count));
    }
    return chunks;
  }

  private List<Chunk> exactly(RecordKey key, List<Piece> units) {
    List<Chunk> chunks = new ArrayList<>();
    for (Piece p : pack(units, false)) {
      chunks.add(Chunk.of(key, chunks.size(), p.text(), tokens.count(p.text())));
    }
    return chunks;
  }

  /** A text and its word-piece count. */
  private record Piece(String text, int tokens) {}

  /**
   * The word pieces of {@code joined}, the whitespace join of two texts of {@code a} and {@code b}
   * pieces. The model's tokenizer splits words at whitespace before it splits them into pieces, so
   * the sum is the count; {@link #chunk} checks that on every chunk it makes and counts each
   * candidate ({@code additive} false) when a counter disagrees. Counting every candidate made
   * chunking quadratic in a record's length.
   */
  private int joinedCount(String joined, int a, int b, boolean additive) {
    return additive ? a + b : tokens.count(joined);
  }

  /** Packs the units into chunks of at most {@code maxTokens}, with the overlap. */
  private List<Piece> pack(List<Piece> units, boolean additive) {
    List<Piece> out = new ArrayList<>();
    StringBuilder current = new StringBuilder();
    int currentTokens = 0;
    for (Piece unit : units) {
      String candidate = join(current, unit.text());
      int candidateTokens =
          current.length() == 0
              ? unit.tokens()
              : joinedCount(candidate, currentTokens, unit.tokens(), additive);
      if (candidateTokens <= maxTokens) {
        current.setLength(0);
        current.append(candidate);
        currentTokens = candidateTokens;
        continue;
      }
      String stripped = unit.text().strip();
      if (current.length() > 0) {
        out.add(new Piece(current.toString().strip(), currentTokens));
        Piece overlap = overlapOf(current.toString(), additive);
        current.setLength(0);
        String withOverlap = overlap.text().isEmpty() ? stripped : overlap.text() + " " + stripped;
        int withOverlapTokens =
            overlap.text().isEmpty()
                ? unit.tokens()
                : joinedCount(withOverlap, overlap.tokens(), unit.tokens(), additive);
        boolean fits = withOverlapTokens <= maxTokens;
        current.append(fits ? withOverlap : stripped);
        currentTokens = fits ? withOverlapTokens : unit.tokens();
      } else {
        current.append(stripped);
        currentTokens = unit.tokens();
      }
    }
    if (current.length() > 0) {
      out.add(new Piece(current.toString().strip(), currentTokens));
    }
    return out;
  }

  private static String join(StringBuilder current, String unit) {
    if (current.length() == 0) {
      return unit;
    }
    return current + (unit.startsWith("\n") ? "" : " ") + unit;
  }

  /**
   * Lines and sentences, each split further until it fits in a chunk on its own, with their counts
   * (a leading separator counts none).
   */
  private List<Piece> units(String text) {
    List<Piece> units = new ArrayList<>();
    if (text == null) {
      return units;
    }
    String[] paragraphs = text.strip().split("\\n\\s*\\n");
    for (int p = 0; p < paragraphs.length; p++) {
      boolean firstOfParagraph = true;
      for (String line : paragraphs[p].split("\\n")) {
        boolean firstOfLine = true;
        for (String sentence : sentences(line)) {
          for (Piece piece : fit(sentence)) {
            // Paragraph and line breaks are kept as leading newlines so that chunks keep the
            // layout.
            String separator = firstOfParagraph ? (p > 0 ? "\n\n" : "") : firstOfLine ? "\n" : "";
            units.add(new Piece(separator + piece.text(), piece.tokens()));
            firstOfParagraph = false;
            firstOfLine = false;
          }
        }
      }
    }
    return units;
  }

  private static List<String> sentences(String line) {
    List<String> out = new ArrayList<>();
    BreakIterator it = BreakIterator.getSentenceInstance(Locale.ROOT);
    it.setText(line);
    int start = it.first();
    for (int end = it.next(); end != BreakIterator.DONE; start = end, end = it.next()) {
      String s = line.substring(start, end).strip();
      if (!s.isEmpty()) {
        out.add(s);
      }
    }
    return out;
  }

  /**
   * Splits a unit that is too long on its own: between words, else between characters. Each
   * candidate is counted whole, as this runs only for a sentence longer than a chunk.
   */
  private List<Piece> fit(String unit) {
    int unitTokens = tokens.count(unit);
    if (unitTokens <= maxTokens) {
      return List.of(new Piece(unit, unitTokens));
    }
    List<Piece> out = new ArrayList<>();
    StringBuilder current = new StringBuilder();
    for (String word : unit.split("\\s+")) {
      String candidate = current.length() == 0 ? word : current + " " + word;
      if (tokens.count(candidate) <= maxTokens) {
        current.setLength(0);
        current.append(candidate);
        continue;
      }
      if (current.length() > 0) {
        out.add(counted(current.toString()));
        current.setLength(0);
      }
      if (tokens.count(word) <= maxTokens) {
        current.append(word);
      } else {
        splitWord(word).forEach(w -> out.add(counted(w)));
      }
    }
    if (current.length() > 0) {
      out.add(counted(current.toString()));
    }
    return out;
  }

  private Piece counted(String text) {
    return new Piece(text, tokens.count(text));
  }

  private List<String> splitWord(String word) {
    if (tokens.count(word) <= maxTokens || word.length() < 2) {
      return List.of(word);
    }
    int mid = word.length() / 2;
    if (Character.isHighSurrogate(word.charAt(mid - 1))) {
      mid++;
    }
    List<String> out = new ArrayList<>(splitWord(word.substring(0, mid)));
    out.addAll(splitWord(word.substring(mid)));
    return out;
  }

  /** The last words of a chunk, at most {@code overlapTokens} word pieces, and their count. */
  private Piece overlapOf(String chunk, boolean additive) {
    if (overlapTokens == 0) {
      return new Piece("", 0);
    }
    String[] words = chunk.strip().split("\\s+");
    String overlap = "";
    int overlapCount = 0;
    for (int i = words.length - 1; i >= 0; i--) {
      String candidate = overlap.isEmpty() ? words[i] : words[i] + " " + overlap;
      int candidateCount =
          overlap.isEmpty()
              ? tokens.count(words[i])
              : joinedCount(candidate, tokens.count(words[i]), overlapCount, additive);
      if (candidateCount > overlapTokens) {
        break;
      }
      overlap = candidate;
      overlapCount = candidateCount;
    }
    return new Piece(overlap, overlapCount);
  }
}
