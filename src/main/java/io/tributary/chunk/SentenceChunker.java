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
    List<String> texts = new ArrayList<>();
    StringBuilder current = new StringBuilder();
    for (String unit : units(text)) {
      String candidate = join(current, unit);
      if (tokens.count(candidate) <= maxTokens) {
        current.setLength(0);
        current.append(candidate);
        continue;
      }
      if (current.length() > 0) {
        texts.add(current.toString().strip());
        String overlap = overlapOf(current.toString());
        current.setLength(0);
        String withOverlap = overlap.isEmpty() ? unit.strip() : overlap + " " + unit.strip();
        current.append(tokens.count(withOverlap) <= maxTokens ? withOverlap : unit.strip());
      } else {
        current.append(unit.strip());
      }
    }
    if (current.length() > 0) {
      texts.add(current.toString().strip());
    }
    List<Chunk> chunks = new ArrayList<>(texts.size());
    for (String t : texts) {
      chunks.add(Chunk.of(key, chunks.size(), t, tokens.count(t)));
    }
    return chunks;
  }

  private static String join(StringBuilder current, String unit) {
    if (current.length() == 0) {
      return unit;
    }
    return current + (unit.startsWith("\n") ? "" : " ") + unit;
  }

  /** Lines and sentences, each split further until it fits in a chunk on its own. */
  private List<String> units(String text) {
    List<String> units = new ArrayList<>();
    if (text == null) {
      return units;
    }
    String[] paragraphs = text.strip().split("\\n\\s*\\n");
    for (int p = 0; p < paragraphs.length; p++) {
      boolean firstOfParagraph = true;
      for (String line : paragraphs[p].split("\\n")) {
        boolean firstOfLine = true;
        for (String sentence : sentences(line)) {
          for (String piece : fit(sentence)) {
            // Paragraph and line breaks are kept as leading newlines so that chunks keep the
            // layout.
            String separator = firstOfParagraph ? (p > 0 ? "\n\n" : "") : firstOfLine ? "\n" : "";
            units.add(separator + piece);
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

  /** Splits a unit that is too long on its own: between words, else between characters. */
  private List<String> fit(String unit) {
    if (tokens.count(unit) <= maxTokens) {
      return List.of(unit);
    }
    List<String> out = new ArrayList<>();
    StringBuilder current = new StringBuilder();
    for (String word : unit.split("\\s+")) {
      String candidate = current.length() == 0 ? word : current + " " + word;
      if (tokens.count(candidate) <= maxTokens) {
        current.setLength(0);
        current.append(candidate);
        continue;
      }
      if (current.length() > 0) {
        out.add(current.toString());
        current.setLength(0);
      }
      if (tokens.count(word) <= maxTokens) {
        current.append(word);
      } else {
        out.addAll(splitWord(word));
      }
    }
    if (current.length() > 0) {
      out.add(current.toString());
    }
    return out;
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

  /** The last words of a chunk, at most {@code overlapTokens} word pieces. */
  private String overlapOf(String chunk) {
    if (overlapTokens == 0) {
      return "";
    }
    String[] words = chunk.strip().split("\\s+");
    String overlap = "";
    for (int i = words.length - 1; i >= 0; i--) {
      String candidate = overlap.isEmpty() ? words[i] : words[i] + " " + overlap;
      if (tokens.count(candidate) > overlapTokens) {
        break;
      }
      overlap = candidate;
    }
    return overlap;
  }
}
