package io.tributary.redact;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Assignments to a key named like a credential ({@code password=}, {@code DB_PASSWD:}, {@code
 * "client_secret": }, {@code api_key =>}, {@code token:}, {@code <password>}, {@code
 * key="...Password" value="..."}, {@code the password is 'x'}): the value, never the key. Keys
 * naming something about a credential ({@code password_length}, {@code token_url}) do not count,
 * nor values that {@link CredentialValues} takes for placeholders, references or code; after a
 * colon a plain word only when it ends the line, after {@code is} or a bare space only a value
 * mixing letters and digits. Tried only where {@link SecretScan} saw the first letters of a {@link
 * #KEY_WORD}.
 */
final class CredentialAssignmentRule implements SecretRule {

  /**
   * An unquoted value after a credential key longer than this is taken whole without the checks for
   * placeholders, references and code, which would otherwise run again for every key inside it.
   */
  static final int MAX_VALUE_LENGTH = 1024;

  /** Words that make an identifier name a credential; the assignment rule starts at each. */
  static final Pattern KEY_WORD =
      Pattern.compile(
          "pass(?:word|wd|wort|phrase)?|pwd|secret|token|credential|api[_-]?key"
              + "|(?:access|private|auth|signing|encryption|master|preshared)[_-]?key");

  private static final Set<String> KEY_SEGMENTS =
      Set.of(
          "pass",
          "pwd",
          "pw",
          "passwd",
          "password",
          "passwort",
          "passphrase",
          "secret",
          "secrets",
          "token",
          "credential",
          "credentials",
          "apikey");
  private static final Set<String> KEY_QUALIFIERS =
      Set.of(
          "api",
          "access",
          "private",
          "auth",
          "signing",
          "encryption",
          "master",
          "preshared",
          "secret",
          "client");
  private static final Set<String> STOP_LAST =
      Set.of(
          "id",
          "ids",
          "name",
          "names",
          "type",
          "types",
          "url",
          "uri",
          "urls",
          "path",
          "paths",
          "file",
          "files",
          "dir",
          "length",
          "len",
          "size",
          "policy",
          "policies",
          "label",
          "labels",
          "hint",
          "hints",
          "field",
          "fields",
          "expiry",
          "expires",
          "expiration",
          "expired",
          "ttl",
          "count",
          "regex",
          "pattern",
          "endpoint",
          "header",
          "prefix",
          "format",
          "min",
          "max",
          "enabled",
          "enable",
          "disabled",
          "required",
          "reset",
          "manager",
          "provider",
          "service",
          "mode",
          "version",
          "ref",
          "arn",
          "location",
          "env",
          "var",
          "variable",
          "validator",
          "validation",
          "strength",
          "at",
          "time",
          "timeout",
          "limit",
          "lifetime",
          "source",
          "store",
          "storage",
          "class",
          "method",
          "placeholder",
          "text",
          "title",
          "error",
          "message",
          "msg",
          "input",
          "form",
          "button",
          "link",
          "icon",
          "rotation",
          "scope",
          "scopes",
          "usage");
  private static final Set<String> STOP_ANY =
      Set.of(
          "max",
          "min",
          "num",
          "total",
          "forgot",
          "tokenizer",
          "tokenize",
          "tokenized",
          "tokenization",
          "tokens",
          "secretary",
          "passage",
          "passenger",
          "compass",
          "bypass",
          "public",
          "show",
          "hide",
          "toggle",
          "confirm_label");
  private static final Pattern OWNER_CLAUSE =
      Pattern.compile(
          "(?i)\\s+(?:for|of)\\s+(?:the\\s+)?(?:user|account|admin|login)?\\s*([\"'`]?)[\\w@.-]{1,40}\\1");
  private static final Pattern IS = Pattern.compile("(?i)\\s+is\\s+");
  private static final Pattern WHITESPACE = Pattern.compile("\\s+");
  private static final Pattern XML_VALUE = Pattern.compile("\\s+value\\s*=\\s*");

  private enum Separator {
    ASSIGN,
    COLON,
    IS,
    SPACE
  }

  @Override
  public void find(String text, SecretScan scan, List<int[]> spans) {
    assignments(text, scan.keyWords, spans);
  }

  /**
   * Assignments to credential keys; {@code keyWords}: where the first letters of a key word are.
   */
  private static void assignments(String text, TextScan.Positions keyWords, List<int[]> spans) {
    int n = text.length();
    Matcher m = null;
    int from = 0;
    for (int w = 0; w < keyWords.size() && from < n; w++) {
      // KEY_WORD.find(from) in the lower-cased text, tried only where one of its words starts
      int at = keyWords.get(w);
      if (at < from || !keyWordLiteralAt(text, at)) {
        continue;
      }
      m = m == null ? KEY_WORD.matcher(new TextScan.LowerCased(text)) : m;
      if (!m.region(at, n).lookingAt()) {
        continue;
      }
      int a = at;
      while (a > 0 && identifierChar(text.charAt(a - 1))) {
        a--;
      }
      int b = m.end();
      while (b < text.length() && identifierChar(text.charAt(b))) {
        b++;
      }
      from = b;
      String key = text.substring(a, b);
      if (!credentialKey(key)) {
        continue;
      }
      int[] value = valueAfterKey(text, a, b);
      if (value != null) {
        spans.add(value);
        from = value[1];
      }
    }
  }

  /** The first three letters of the {@link #KEY_WORD} alternatives, lower-cased. */
  static final TextScan.Trigrams KEY_WORD_STARTS =
      new TextScan.Trigrams(
          "pas", "pwd", "sec", "tok", "cre", "api", "acc", "pri", "aut", "sig", "enc", "mas",
          "pre");

  /** The literal start of each {@link #KEY_WORD} alternative. */
  private static final String[] KEY_WORD_LITERALS = {
    "pass",
    "pwd",
    "secret",
    "token",
    "credential",
    "api",
    "access",
    "private",
    "auth",
    "signing",
    "encryption",
    "master",
    "preshared"
  };

  private static boolean keyWordLiteralAt(String text, int at) {
    char first = TextScan.lowerCase(text.charAt(at));
    for (String literal : KEY_WORD_LITERALS) {
      if (literal.charAt(0) == first && TextScan.lowerCaseStartsWith(text, at, literal)) {
        return true;
      }
    }
    return false;
  }

  private static boolean identifierChar(char c) {
    return (c < 128 && Character.isLetterOrDigit(c)) || c == '_' || c == '-' || c == '.';
  }

  /**
   * Whether an identifier names a credential: one of its words is one, and its last word is no
   * attribute.
   */
  static boolean credentialKey(String key) {
    List<String> words = words(key);
    if (words.isEmpty() || STOP_LAST.contains(words.get(words.size() - 1))) {
      return false;
    }
    boolean credential = false;
    for (int i = 0; i < words.size(); i++) {
      String w = words.get(i);
      if (STOP_ANY.contains(w)) {
        return false;
      }
      credential |=
          KEY_SEGMENTS.contains(w)
              || (w.equals("key") && i > 0 && KEY_QUALIFIERS.contains(words.get(i - 1)))
              || w.contains("password")
              || w.contains("passwd")
              || w.contains("passphrase")
              || (w.contains("secret") && !w.startsWith("secretar"))
              || (w.contains("token") && !w.contains("tokeni") && !w.endsWith("tokens"))
              || w.contains("apikey")
              || w.contains("credential");
    }
    return credential;
  }

  /** Lower-case words of an identifier, split at {@code _ - .} and camelCase humps. */
  private static List<String> words(String key) {
    List<String> words = new ArrayList<>();
    StringBuilder w = new StringBuilder();
    for (int i = 0; i < key.length(); i++) {
      char c = key.charAt(i);
      boolean hump = i > 0 && Character.isUpperCase(c) && Character.isLowerCase(key.charAt(i - 1));
      if (c == '_' || c == '-' || c == '.' || hump) {
        if (w.length() > 0) {
          words.add(w.toString().toLowerCase(Locale.ROOT));
          w.setLength(0);
        }
        if (hump) {
          w.append(c);
        }
      } else {
        w.append(c);
      }
    }
    if (w.length() > 0) {
      words.add(w.toString().toLowerCase(Locale.ROOT));
    }
    return words;
  }

  /** The span of the value assigned to the key at {@code [a, b)}, or null. */
  private static int[] valueAfterKey(String text, int a, int b) {
    int n = text.length();
    int i = b;
    char before = a > 0 ? text.charAt(a - 1) : ' ';
    // <password>value</password>
    if (before == '<' && i < n && text.charAt(i) == '>') {
      int close = text.indexOf('<', i + 1);
      int eol = lineEnd(text, i + 1);
      if (close > i + 1 && close <= eol) {
        return acceptQuoted(text, i + 1, close);
      }
      return null;
    }
    // a quoted key: "password": ..., ['password'] = ..., key="FromEmailPassword" value="..."
    if ((before == '"' || before == '\'') && i < n && text.charAt(i) == before) {
      i++;
      if (i < n && text.charAt(i) == ']') {
        i++;
      }
      Matcher xmlValue = XML_VALUE.matcher(text).region(i, n);
      if (xmlValue.lookingAt()) {
        return readValue(text, xmlValue.end(), Separator.ASSIGN);
      }
    }
    // the password for user 'postgres' is 'admin'
    Matcher owner = OWNER_CLAUSE.matcher(text).region(i, n);
    int afterOwner = owner.lookingAt() ? owner.end() : -1;
    Matcher is = IS.matcher(text).region(afterOwner >= 0 ? afterOwner : i, n);
    if (is.lookingAt()) {
      return readValue(text, is.end(), Separator.IS);
    }
    int j = i;
    while (j < n && (text.charAt(j) == ' ' || text.charAt(j) == '\t')) {
      j++;
    }
    if (j >= n) {
      return null;
    }
    Separator sep;
    if (text.startsWith(":=", j)
        || text.startsWith("=>", j)
        || text.startsWith("==", j)
        || text.startsWith("!=", j)) {
      sep = Separator.ASSIGN;
      j += 2;
    } else if (text.charAt(j) == '=') {
      sep = Separator.ASSIGN;
      j++;
    } else if (text.charAt(j) == ':' && !text.startsWith("::", j) && !text.startsWith(":/", j)) {
      sep = Separator.COLON;
      j++;
    } else if (j == i + 1 && text.charAt(i) == ' ') {
      sep = Separator.SPACE;
    } else {
      return null;
    }
    while (j < n && (text.charAt(j) == ' ' || text.charAt(j) == '\t')) {
      j++;
    }
    boolean insideString = (before == '"' || before == '\'') && b < n && text.charAt(b) != before;
    if (insideString && j < n && text.charAt(j) == before) {
      return null; // "Password:" is a label; its closing quote opens no value
    }
    return readValue(text, j, sep);
  }

  private static int[] readValue(String text, int at, Separator sep) {
    int n = text.length();
    if (at >= n) {
      return null;
    }
    char q = text.charAt(at);
    if (q == '"' || q == '\'' || q == '`') {
      // The closing quote on the same line; not looking for the line's end first, which may be far.
      int close = at + 1;
      while (close < n && text.charAt(close) != q) {
        char c = text.charAt(close);
        if (c == '\n' || (c == '\\' && close + 1 < n && text.charAt(close + 1) == '\n')) {
          return null;
        }
        close += c == '\\' ? 2 : 1;
      }
      if (close >= n) {
        return null;
      }
      return acceptQuoted(text, at + 1, close);
    }
    int end = at;
    while (end < n
        && !Character.isWhitespace(text.charAt(end))
        && ",;\"'`<>".indexOf(text.charAt(end)) < 0) {
      end++;
    }
    if (end - at > MAX_VALUE_LENGTH) {
      // No credential is this long; the value is kept whole, unchecked, and the next key is looked
      // for after it, so a run of keys in one long value costs one scan, not one per key.
      return new int[] {at, end};
    }
    // A full stop or colon ends the sentence, not the password; "!" and "?" are kept (common in
    // passwords).
    while (end > at && ".:".indexOf(text.charAt(end - 1)) >= 0) {
      end--;
    }
    end = withoutUnbalancedClosers(text, at, end);
    if (end <= at) {
      return null;
    }
    String value = text.substring(at, end);
    if (CredentialValues.placeholder(value)
        || CredentialValues.reference(value)
        || CredentialValues.code(value)
        || value.length() < 4) {
      return null;
    }
    boolean ok =
        switch (sep) {
          case ASSIGN -> true;
          case COLON -> !CredentialValues.plainWord(value) || atLineEnd(text, end);
          case IS -> CredentialValues.credentialShaped(value);
          // "secret key:AbC..." is the next key, not a value
          case SPACE ->
              CredentialValues.credentialShaped(value)
                  && value.indexOf(':') < 0
                  && value.indexOf('=') < 0;
        };
    return ok ? new int[] {at, end} : null;
  }

  private static int[] acceptQuoted(String text, int from, int to) {
    String value = text.substring(from, to);
    if (value.length() < 4
        || CredentialValues.placeholder(value)
        || CredentialValues.reference(value)
        || WHITESPACE.split(value.trim()).length >= 3) {
      return null;
    }
    return new int[] {from, to};
  }

  /**
   * {@code to} less the closing brackets at the end of {@code [from, to)} that close more than it
   * opens of their kind ({@code "pa55)"} in {@code (password: pa55)}); one count per kind kept as
   * closers are dropped, so a run of them costs no more than one pass.
   */
  private static int withoutUnbalancedClosers(String text, int from, int to) {
    String closers = ")]}";
    String openers = "([{";
    int[] depth = new int[3];
    for (int i = from; i < to; i++) {
      char c = text.charAt(i);
      int open = openers.indexOf(c);
      int close = closers.indexOf(c);
      if (open >= 0) {
        depth[open]++;
      } else if (close >= 0) {
        depth[close]--;
      }
    }
    int end = to;
    for (int kind;
        end > from && (kind = closers.indexOf(text.charAt(end - 1))) >= 0 && depth[kind] < 0;
        end--) {
      depth[kind]++;
    }
    return end;
  }

  private static int lineEnd(String text, int from) {
    int nl = text.indexOf('\n', from);
    return nl < 0 ? text.length() : nl;
  }

  private static boolean atLineEnd(String text, int end) {
    int i = end;
    while (i < text.length()
        && (text.charAt(i) == ' ' || text.charAt(i) == '\t' || text.charAt(i) == '\r')) {
      i++;
    }
    return i == text.length()
        || text.charAt(i) == '\n'
        || text.charAt(i) == '#'
        || text.startsWith("//", i);
  }
}
