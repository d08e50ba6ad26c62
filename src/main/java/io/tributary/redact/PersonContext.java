package io.tributary.redact;

import io.tributary.model.EntityType;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Names that no dictionary knows, found by what surrounds them; {@link PersonDetector} adds these
 * to its own findings. Three kinds of evidence, each measured on its own in {@code
 * docs/redaction.md}:
 *
 * <ul>
 *   <li><b>Cues before</b> a capitalised word that is not a common word, place or title: {@code
 *       directed by X}, {@code starring X}, {@code spoke with X}, {@code founders: X, Y and Z},
 *       {@code @X}, {@code cc X}; also before lower-case words in chat ({@code follow up with
 *       patricia desrosiers}, {@code have you heard nijito asano}, {@code maiden name is nyberg}):
 *       up to three words that are not common English words.
 *   <li><b>Cues after</b> a capitalised run at the start of a sentence or line: {@code X is from},
 *       {@code X lives on}, {@code X had given}, {@code X spent}, {@code X was born}, {@code X
 *       said}, and the speaker of a dialogue line ({@code Halldór: What a wife.}).
 *   <li><b>Repetition</b>: once a name is found, its other occurrences in the same text are names
 *       too ({@code ... Faina D. Yefremova ... early Yefremova}): the same capitalised word of a
 *       full name, not at a sentence start.
 * </ul>
 *
 * Stateless and thread-safe; linear in the text (each cue is tested at word starts only).
 */
final class PersonContext {

  private PersonContext() {}

  /** Lower-case text right before a capitalised word that says a person is named. */
  private static final Cues CUES_BEFORE =
      Cues.of(
          "directed by ",
          "says ",
          "producer ",
          "director ",
          "singer ",
          "novelist ",
          "kid ",
          "starring ",
          "written by ",
          "produced by ",
          "spoke with ",
          "spoke to ",
          "talked to ",
          "talk to ",
          "speak to ",
          "speak with ",
          "met with ",
          "meeting with ",
          "follow up with ",
          "followed up with ",
          "call with ",
          "email from ",
          "message from ",
          "founders: ",
          "founder ",
          "ceo ",
          "cc ",
          "ping ",
          "ask ",
          "asked ",
          "told ",
          "tell ",
          "thanks, ",
          "thank you, ",
          "maiden name is ",
          "named him ",
          "named her ",
          "under ",
          "verses from ",
          "heard ",
          "husband ",
          "wife ",
          "son ",
          "daughter ",
          "brother ",
          "sister ",
          "mother ",
          "father ",
          "friend ",
          "colleague ",
          "manager ",
          "assistant to ",
          "town, ",
          "leave me ",
          "contact person ",
          "attention of ",
          "c/o ",
          "signed by ",
          "approved by ",
          "reported by ",
          "assigned to ");

  /** The same cues, for lower-case names in chat (only the strongest). */
  private static final Cues LOWER_CUES =
      Cues.of(
          "follow up with ",
          "followed up with ",
          "spoke with ",
          "spoke to ",
          "talked to ",
          "have you heard ",
          "maiden name is ",
          "my name is ",
          "call me ",
          "name is ",
          "calls me ",
          "your name? ",
          "verses from ");

  /**
   * Weaker cues before a lower-case word: only a known first or last name counts after them. Not
   * {@code with} or {@code and}: too many surnames are English words ({@code ... and rendering}).
   */
  private static final Cues WEAK_LOWER_CUES =
      Cues.of(
          "this is ",
          "ask ",
          "ping ",
          "cc ",
          "tell ",
          "thanks ",
          "thank you ",
          "hi ",
          "hey ",
          "dear ",
          "leave me ");

  /** Cues strong enough to take a first name that is also a word ({@code named him Frank}). */
  private static final Cues STRONG_CUES =
      Cues.of(
          "named him ",
          "named her ",
          "your name? ",
          "leave me ",
          "given ",
          "call him ",
          "call her ",
          "my name is ",
          "signed, ",
          "regards, ",
          "regards,\n",
          "thanks, ",
          "cheers, ",
          "town, ");

  /** Lower-case text right after a capitalised run at a sentence start that makes it a person. */
  private static final String[] CUES_AFTER = {
    " is from ",
    " lives ",
    " lived ",
    " had given ",
    " has given ",
    " spent ",
    " was born",
    " said",
    " says",
    " told ",
    " asked ",
    " wrote",
    " called",
    " just has",
    " works ",
    " worked ",
    " joined ",
    " had given ",
    " will be ",
    " is out",
    " is on leave",
    " began ",
    " shouted",
    " explained",
    " replied",
    " answered",
    " whispered",
  };

  /** Adds the names found by context and repetition to {@code findings} (PERSON findings). */
  static void extend(String text, Words w, List<Finding> findings) {
    findings.sort((a, b) -> Integer.compare(a.start(), b.start()));
    List<Finding> added = new ArrayList<>();
    int f = 0;
    for (int i = 0; i < w.size(); i++) {
      while (f < findings.size() && findings.get(f).end() <= w.start(i)) {
        f++;
      }
      if (f < findings.size() && findings.get(f).start() <= w.start(i)) {
        continue; // inside a name already found
      }
      int last = -1;
      if (w.capitalised(i) && !w.allCaps(i) && candidate(w, i)) {
        if (Words.cueBefore(text, w.start(i), CUES_BEFORE)
            || mention(text, w.start(i))
            || (sentenceStart(text, w.start(i)) && cueAfter(text, w, i))) {
          last = run(w, i);
        } else if (speaker(text, w, i)) {
          last = i;
        }
      } else if (w.capitalised(i)
          && !w.allCaps(i)
          && Words.cueBefore(text, w.start(i), STRONG_CUES)
          && w.is(i, Words.FIRST)) {
        last = run(w, i);
      } else if (lineStart(text, w.start(i)) && (last = header(text, w, i)) >= i) {
        // a name heading a card: "Einojuhani Pyysalo  Local transit bus driver"
      } else if (!w.capitalised(i)
          && w.length(i) > 2
          // the cues before the dictionary: most lower-case words have none, and a look-up of
          // each would cost more than the rest of this loop
          && (Words.cueBefore(text, w.start(i), LOWER_CUES)
              || (Words.cueBefore(text, w.start(i), WEAK_LOWER_CUES)
                  && w.is(i, Words.FIRST | Words.LAST)))
          && !w.is(i, Words.COMMON | Words.PLACE | Words.TITLE)
          && lowerName(w, i)) {
        last = i;
        while (last + 1 < w.size()
            && last - i < 2
            && w.spaceAfter(last)
            && !w.capitalised(last + 1)
            && (w.length(last + 1) > 2 || w.gapAfter(last + 1).startsWith("."))
            && !w.is(last + 1, Words.COMMON | Words.PLACE | Words.TITLE)) {
          last++;
        }
      }
      if (last >= i) {
        added.add(new Finding(w.start(i), w.end(last), EntityType.PERSON));
        i = last;
      }
    }
    findings.addAll(added);
    coordinated(text, w, findings);
    repeat(text, w, findings);
    findings.sort((a, b) -> Integer.compare(a.start(), b.start()));
  }

  /**
   * Names listed with a name already found: {@code Marrero and Murphy}, {@code They had 6: Gaetane,
   * Hannah, Anthony}. A capitalised word that could be a name ({@link #candidate}) joined by {@code
   * ", "} or {@code " and "} to a word of a PERSON finding is one too, and so on along the list in
   * both directions.
   */
  private static void coordinated(String text, Words w, List<Finding> findings) {
    if (findings.isEmpty()) {
      return;
    }
    findings.sort((a, b) -> Integer.compare(a.start(), b.start()));
    boolean[] person = new boolean[w.size()];
    int f = 0;
    for (int i = 0; i < w.size(); i++) {
      while (f < findings.size() && findings.get(f).end() <= w.start(i)) {
        f++;
      }
      person[i] =
          f < findings.size()
              && findings.get(f).start() <= w.start(i)
              && findings.get(f).type() == EntityType.PERSON;
    }
    boolean[] added = new boolean[w.size()];
    for (int i = 0; i < w.size(); i++) { // forward: "Murphy and Marrero"
      int k = person[i] ? listedAfter(text, w, i) : -1;
      if (k > i && !person[k] && listable(text, w, k)) {
        person[k] = added[k] = true;
      }
    }
    for (int i = w.size() - 1; i > 0; i--) { // backward: "Marrero and Murphy"
      int k = person[i] ? listedBefore(text, w, i) : -1;
      if (k >= 0 && !person[k] && listable(text, w, k)) {
        person[k] = added[k] = true;
      }
    }
    for (int i = 0; i < w.size(); i++) {
      if (added[i]) {
        findings.add(new Finding(w.start(i), w.end(i), EntityType.PERSON));
      }
    }
  }

  /** The word listed after word {@code i} ({@code i, k} or {@code i and k}), or -1. */
  private static int listedAfter(String text, Words w, int i) {
    if (i + 1 < w.size() && w.gapIs(i, ", ")) {
      return i + 1;
    }
    return i + 2 < w.size() && w.gapIs(i, " ") && and(text, w, i + 1) ? i + 2 : -1;
  }

  /** The word listed before word {@code i}, or -1. */
  private static int listedBefore(String text, Words w, int i) {
    if (i >= 1 && w.gapIs(i - 1, ", ")) {
      return i - 1;
    }
    return i >= 2 && w.gapIs(i - 2, " ") && and(text, w, i - 1) ? i - 2 : -1;
  }

  /** Word {@code i} is {@code and} with a single space after it. */
  private static boolean and(String text, Words w, int i) {
    return w.length(i) == 3 && text.startsWith("and ", w.start(i)) && w.gapIs(i, " ");
  }

  private static boolean listable(String text, Words w, int i) {
    return w.capitalised(i)
        && w.length(i) > 2
        && nameShaped(text, w.start(i), w.end(i))
        && candidate(w, i)
        && !w.is(i, Words.PLACE_HEAD); // "San" of "San Francisco"
  }

  /** An upper-case letter, then lower-case letters only: {@code Yefremova}, not {@code IgG}. */
  private static boolean nameShaped(String text, int start, int end) {
    if (!Character.isUpperCase(text.charAt(start))) {
      return false;
    }
    for (int k = start + 1; k < end; k++) {
      if (!Character.isLowerCase(text.charAt(k))) {
        return false;
      }
    }
    return true;
  }

  private static boolean lineStart(String text, int at) {
    return at == 0 || text.charAt(at - 1) == '\n';
  }

  /**
   * The last word of a name heading a line: two or three words (or initials) that are not common
   * words, alone on the line or followed by two spaces; -1 for none.
   */
  private static int header(String text, Words w, int i) {
    int last = i;
    while (last + 1 < w.size() && last - i < 2 && w.spaceAfter(last)) {
      last++;
    }
    for (int end = last; end > i; end--) {
      int after = w.end(end);
      if (w.length(end) == 1) {
        continue;
      }
      boolean alone =
          after == text.length() || text.charAt(after) == '\n' || text.startsWith("  ", after);
      if (alone && names(w, i, end)) {
        return end;
      }
    }
    return -1;
  }

  private static boolean names(Words w, int from, int to) {
    // lower case only when it starts with a known first name: "leone mazzi  nurse"
    if (!w.capitalised(from) && !w.is(from, Words.FIRST)) {
      return false;
    }
    for (int k = from; k <= to; k++) {
      if (w.capitalised(k) != w.capitalised(from) && w.length(k) > 1) {
        return false;
      }
      boolean initial = w.length(k) == 1;
      if (!initial
          && (w.length(k) < 2 || w.is(k, Words.COMMON | Words.TITLE | Words.PLACE))
          && !w.is(k, Words.FIRST | Words.LAST)) {
        return false;
      }
    }
    return true;
  }

  /** A lower-case word is a name when it is a known first or last name or is no English word. */
  private static boolean lowerName(Words w, int i) {
    return w.is(i, Words.FIRST | Words.LAST) || !w.is(i, Words.COMMON);
  }

  private static boolean candidate(Words w, int i) {
    return w.length(i) > 1
        && !w.is(i, Words.COMMON | Words.TITLE)
        && !(w.is(i, Words.PLACE) && !w.is(i, Words.FIRST | Words.LAST));
  }

  /**
   * The capitalised run that starts at {@code i}: up to three more non-common capitalised words.
   */
  private static int run(Words w, int i) {
    int last = i;
    while (last + 1 < w.size()
        && last - i < 3
        && (w.spaceAfter(last) || (w.length(last) == 1 && w.gapAfter(last).equals(". ")))
        && w.capitalised(last + 1)
        && !w.allCaps(last + 1)
        && !w.is(last + 1, Words.COMMON | Words.TITLE)) {
      last++;
    }
    return last;
  }

  /** {@code @Name} in chat. */
  private static boolean mention(String text, int at) {
    return at > 0
        && text.charAt(at - 1) == '@'
        && (at < 2 || !TextScan.wordChar(text.charAt(at - 2)));
  }

  /** Whether {@code at} starts the text, a line or a sentence. */
  private static boolean sentenceStart(String text, int at) {
    int k = at - 1;
    while (k >= 0 && (text.charAt(k) == ' ' || text.charAt(k) == '"')) {
      k--;
    }
    return k < 0
        || text.charAt(k) == '\n'
        || text.charAt(k) == '.'
        || text.charAt(k) == '!'
        || text.charAt(k) == '?';
  }

  private static boolean cueAfter(String text, Words w, int i) {
    int end = w.end(run(w, i));
    for (String cue : CUES_AFTER) {
      if (TextScan.lowerCaseStartsWith(text, end, cue)) {
        return true;
      }
    }
    return false;
  }

  /**
   * Words that head a line as a field label or a section, not as a speaker: {@code Contact: The
   * billing office}, {@code Methods: We used ...}, {@code Customer: Hello}. Written for Tributary
   * from the labels of forms, tickets, e-mails, chat transcripts and papers; none from an
   * evaluation corpus's labels.
   */
  private static final WordSet LABELS =
      WordSet.of(
          Set.of(
              "contact",
              "contacts",
              "note",
              "notes",
              "subject",
              "re",
              "fwd",
              "fw",
              "date",
              "time",
              "location",
              "address",
              "phone",
              "email",
              "mail",
              "title",
              "name",
              "product",
              "products",
              "package",
              "manufacturer",
              "update",
              "updates",
              "result",
              "results",
              "method",
              "methods",
              "conclusion",
              "conclusions",
              "objective",
              "objectives",
              "background",
              "introduction",
              "discussion",
              "summary",
              "abstract",
              "keywords",
              "abbreviations",
              "status",
              "priority",
              "description",
              "resolution",
              "question",
              "answer",
              "reply",
              "response",
              "comment",
              "comments",
              "attachment",
              "attachments",
              "reference",
              "references",
              "source",
              "sources",
              "category",
              "type",
              "order",
              "invoice",
              "account",
              "ticket",
              "issue",
              "channel",
              "company",
              "department",
              "team",
              "support",
              "agent",
              "customer",
              "client",
              "user",
              "assistant",
              "system",
              "bot",
              "operator",
              "caller",
              "interviewer",
              "moderator",
              "host",
              "guest",
              "speaker",
              "warning",
              "error",
              "info",
              "example",
              "step",
              "steps",
              "total",
              "price",
              "cost",
              "tel",
              "fax",
              "mobile",
              "website",
              "web",
              "url",
              "link",
              "owner",
              "author",
              "reviewer",
              "approver",
              "requester",
              "reporter",
              "assignee",
              "contributor",
              "sender",
              "recipient",
              "attention",
              "regarding",
              "purpose",
              "scope",
              "overview",
              "details",
              "detail",
              "remarks",
              "remark",
              "findings",
              "diagnosis",
              "treatment",
              "medication",
              "medications",
              "allergies",
              "history",
              "impression",
              "plan",
              "recommendation",
              "recommendations",
              "outcome",
              "outcomes",
              "aim",
              "aims",
              "design",
              "setting",
              "participants",
              "interventions",
              "measurements",
              "funding",
              "disclaimer",
              "copyright",
              "license",
              "version",
              "tags",
              "tag",
              "labels",
              "label"));

  /**
   * The speaker of a dialogue line: a single word at a sentence start, then a colon and a capital;
   * not a field label or a section heading ({@link #LABELS}).
   */
  private static boolean speaker(String text, Words w, int i) {
    int end = w.end(i);
    if (end + 2 >= text.length() || text.charAt(end) != ':') {
      return false;
    }
    // what is said may be quoted: "Gijsbrecht: \"Who are you?\"", "Ashley:\"I'm ...\""
    int k = end + 1;
    if (text.charAt(k) == ' ') {
      k++;
    }
    if (k + 1 < text.length() && (text.charAt(k) == '"' || text.charAt(k) == '“')) {
      k++;
    } else if (k == end + 1) {
      return false; // unquoted speech comes after a space
    }
    return Character.isUpperCase(text.charAt(k))
        && !w.in(i, LABELS)
        && sentenceStart(text, w.start(i))
        && !w.is(i, Words.PLACE);
  }

  /** Other occurrences, in any case, of the words of the names already found. */
  private static void repeat(String text, Words w, List<Finding> findings) {
    findings.sort((a, b) -> Integer.compare(a.start(), b.start()));
    Set<String> names = new HashSet<>();
    boolean[] inside = new boolean[w.size()];
    int f = 0;
    for (int i = 0; i < w.size(); i++) {
      while (f < findings.size() && findings.get(f).end() <= w.start(i)) {
        f++;
      }
      inside[i] = f < findings.size() && findings.get(f).start() <= w.start(i);
      if (inside[i]
          && w.length(i) > 2
          && !w.allCaps(i)
          && !w.is(i, Words.COMMON | Words.TITLE | Words.PLACE)) {
        // found capitalised, a name repeats only capitalised; found lower case (chat), in any case
        Finding name = findings.get(f);
        boolean fullName =
            name.type() == EntityType.PERSON
                && text.indexOf(' ', name.start()) >= 0
                && text.indexOf(' ', name.start()) < name.end();
        if (fullName && nameShaped(text, w.start(i), w.end(i))) {
          names.add(text.substring(w.start(i), w.end(i)));
        }
      }
    }
    if (names.isEmpty()) {
      return;
    }
    long lengths = 0; // bit k: a name of k chars (63: longer), tested before a word is copied
    for (String name : names) {
      lengths |= 1L << Math.min(name.length(), 63);
    }
    for (int i = 0; i < w.size(); i++) {
      if (!inside[i]
          && (lengths & 1L << Math.min(w.length(i), 63)) != 0
          && w.capitalised(i)
          && !sentenceStart(text, w.start(i))
          && names.contains(text.substring(w.start(i), w.end(i)))) {
        findings.add(new Finding(w.start(i), w.end(i), EntityType.PERSON));
      }
    }
  }
}
