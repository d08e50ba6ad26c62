package io.tributary.redact;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The shared scanning machinery the detectors stand on: the words of a text split once for all
 * detectors, dictionary look-ups by a word's hash, the keyword automaton. Findings over the corpora
 * are compared by {@link FindingsDigest}; these tests pin the parts.
 */
class ScanMachineryTest {

  @Test
  void should_split_a_long_text_once_for_all_detectors_and_not_keep_it_after() {
    String text = "Anna Smith lives in Oslo. ".repeat(160_000); // longer than 4 million chars
    Words inside =
        Words.sharedFor(
            text,
            () -> {
              Words first = Words.of(text);
              assertThat(Words.of(text)).isSameAs(first);
              return first;
            });
    assertThat(Words.of(text)).isNotSameAs(inside);
    assertThat(Words.of(text)).isNotSameAs(Words.of(text));
  }

  @Test
  void should_look_up_a_word_by_its_hash_as_by_its_chars() {
    WordSet set = WordSet.of(List.of("oslo", "o'neil", "jean-luc", "jørgensen"));
    for (String word :
        List.of("Oslo", "OSLO", "O'Neil", "Jean-Luc", "JØRGENSEN", "Osl", "Bergen")) {
      char[] chars = ("x " + word + " y").toCharArray();
      int end = 2 + word.length();
      assertThat(set.get(chars, 2, end, WordSet.hash(chars, 2, end)))
          .as(word)
          .isEqualTo(set.get(chars, 2, end));
    }
    Words w = Words.of("Oslo and O'Neil met Jean-Luc Jørgensen in Bergen");
    List<Boolean> in = new ArrayList<>();
    for (int i = 0; i < w.size(); i++) {
      in.add(w.in(i, set));
    }
    assertThat(in).containsExactly(true, false, true, false, true, true, false, false);
  }

  @Test
  void should_find_keywords_in_any_ascii_case_and_not_across_other_chars() {
    Keywords k = new Keywords(List.of("token", "api_key", "key", "sk-"));
    List<String> hits = new ArrayList<>();
    String text = "TOKEN=1 Api_Key: x; monkey sk-abc tok\u00e9n ke\u00ffy";
    k.scan(text, (keyword, start) -> hits.add(keyword + "@" + start));
    assertThat(hits).containsExactly("0@0", "1@8", "2@12", "2@23", "3@27");
  }
}
