package io.tributary.redact;

import io.tributary.model.EntityType;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Credentials. Reports the secret value only, never the word that names it ({@code password=}
 * keeps {@code password=}); overlapping hits of its rules are merged into one finding.
 *
 * <ul>
 *   <li>PEM private keys (RSA, EC, DSA, OPENSSH, ENCRYPTED, PGP, plain): the whole block from BEGIN
 *       to END, or to the end of its base64 body when END is missing. Needs 16 body characters.
 *   <li>Known token formats: AWS access key ids ({@code AKIA}, {@code ASIA}, {@code ABIA}, {@code
 *       ACCA}, {@code A3T.} and 16 upper-case letters or digits), GitHub ({@code ghp_ gho_ ghu_ ghs_
 *       ghr_ github_pat_}), GitLab ({@code glpat-} and its siblings, runner tokens), Slack tokens
 *       ({@code xoxb-}...) and webhooks, about twenty other vendors whose tokens carry a fixed prefix
 *       (OpenAI, Anthropic, Stripe, Google, npm, PyPI, Hugging Face...), and crypt(3) and Kerberos
 *       password hashes. The random part must not be one repeated character, and must hold a digit
 *       unless it is long and mixes cases.
 *   <li>JSON Web Tokens: three base64url parts whose header decodes to a JSON object with {@code
 *       "alg"}.
 *   <li>Passwords in URLs ({@code postgres://user:pass@host}) and command lines ({@code -u root -p
 *       pass}).
 *   <li>Assignments to a key named like a credential ({@code password=}, {@code DB_PASSWD:}, {@code
 *       "client_secret": }, {@code api_key =>}, {@code token:}, {@code <password>}, {@code key="...Password"
 *       value="..."}, {@code the password is 'x'}). Keys naming something about a credential ({@code
 *       password_length}, {@code token_url}, {@code secret_name}, {@code max_tokens}) do not count.
 *       Not reported: placeholders ({@code <password>}, {@code ${DB_PASS}}, {@code ****}, {@code
 *       [REDACTED]}, {@code null}, {@code changeme}), code and references ({@code env.PASSWORD},
 *       {@code getPassword()}, {@code DB_PASSWORD}, URLs), values shorter than 4 characters, quoted
 *       prose of three words or more, and, after a colon, plain words ({@code Password: Use a strong
 *       one}) unless the word ends the line; after {@code is} or a bare space ({@code password
 *       hunter2}) only values mixing letters and digits.
 *   <li>{@code Authorization:} and {@code Bearer} credentials.
 *   <li>High-entropy tokens (20 or more characters, Shannon entropy of at least 3.0 bits per
 *       character for hex and 3.5 otherwise, mixed letters and digits, not a UUID, path or
 *       identifier) only within a short window after a word such as key, secret, token, password,
 *       auth or aws, and not after public, hash, sha, checksum or commit.
 * </ul>
 */
final class SecretDetector implements Detector {

  private static final int MAX_PEM_LENGTH = 65_536;
  /**
   * An unquoted value after a credential key longer than this is taken whole without the checks for
   * placeholders, references and code, which would otherwise run again for every key inside it.
   */
  static final int MAX_VALUE_LENGTH = 1024;

  private static final Pattern PEM_BEGIN =
      Pattern.compile("-----BEGIN ((?:[A-Z0-9]+ ){0,3})PRIVATE KEY( BLOCK)?-----");
  // A missing END: base64 lines, "\n" escapes of a JSON string, and armour headers. Possessive: a
  // greedy group would recurse once per line and overflow the stack on a long body; no match needs
  // to give a line back, as nothing follows the group.
  private static final Pattern PEM_BODY =
      Pattern.compile(
          "(?:[ \\t\\r\\n]*+(?:[A-Za-z0-9+/=]{4,}+|\\\\[nr]|(?:Proc-Type|DEK-Info|Comment|Version|Charset):[^\\r\\n]*+))++");

  /**
   * Tokens recognised by their prefix; a named group holds the random part. Tried only where a word
   * starts and 20 token characters follow (no token is shorter), which is much faster than a find().
   */
  private static final Pattern TOKEN =
      Pattern.compile(
          "(?:"
              // AWS access key ids: 4-character prefix, 16 upper-case letters or digits
              + "(?:AKIA|ASIA|ABIA|ACCA|A3T[A-Z0-9])(?<aws>[A-Z0-9]{16})(?![A-Za-z0-9])"
              // GitHub
              + "|gh[pousr]_(?<gh>[A-Za-z0-9]{36,251})(?![A-Za-z0-9_])"
              + "|github_pat_(?<ghpat>[A-Za-z0-9_]{22,251})(?![A-Za-z0-9_])"
              // GitLab: personal, pipeline trigger, deploy, runner... tokens; runner registration
              + "|gl(?:pat|ptt|dt|rt|cbt|ft|imt|oas|soat|ffct|agent)-(?<gl>[A-Za-z0-9_-]{20,})"
              + "|GR1348941(?<glr>[A-Za-z0-9_-]{20,})"
              // Slack bot, user, app, refresh... tokens
              + "|xox[abposre]-(?<slack>[0-9A-Za-z-]{10,})"
              + "|xapp-(?<xapp>\\d-[0-9A-Za-z-]{10,})"
              // Other vendors with a fixed prefix
              + "|sk-ant-(?:api|admin)\\d\\d-(?<anthropic>[A-Za-z0-9_-]{32,})"
              + "|sk-(?:proj-|svcacct-|admin-)?(?<openai>[A-Za-z0-9_-]{20,})"
              + "|[rs]k_(?:live|test)_(?<stripe>[A-Za-z0-9]{20,})"
              + "|AIza(?<gapi>[0-9A-Za-z_-]{35})"
              + "|GOCSPX-(?<gsecret>[A-Za-z0-9_-]{24,})"
              + "|ya29\\.(?<goauth>[0-9A-Za-z_-]{20,})"
              + "|hf_(?<hf>[A-Za-z0-9]{30,})"
              + "|npm_(?<npm>[A-Za-z0-9]{36})"
              + "|pypi-(?<pypi>AgE[A-Za-z0-9_-]{50,})"
              + "|rubygems_(?<gems>[0-9a-f]{48})"
              + "|dckr_pat_(?<docker>[A-Za-z0-9_-]{20,})"
              + "|gl(?:c|sa)_(?<grafana>[A-Za-z0-9+/=_-]{32,})"
              + "|shp(?:at|ca|pa|ss)_(?<shopify>[0-9a-fA-F]{32})"
              + "|SG\\.(?<sendgrid>[A-Za-z0-9_-]{16,32}\\.[A-Za-z0-9_-]{16,64})"
              + "|do[opr]_v1_(?<digitalocean>[0-9a-f]{64})"
              + "|sgp_(?:local_|[0-9a-f]{16}_)?(?<sourcegraph>[0-9a-f]{40})"
              + "|hv[sbr]\\.(?<vault>[A-Za-z0-9_-]{24,})"
              + "|AGE-SECRET-KEY-1(?<age>[0-9A-Z]{58})"
              + "|dp\\.(?:ct|pt|st|sa|scim|audit)\\.(?:[a-z0-9_-]{1,20}\\.)?(?<doppler>[A-Za-z0-9]{40,44})"
              + "|aio_(?<adafruit>[A-Za-z0-9]{28})"
              + "|odt_(?<dtrack>[A-Za-z0-9]{32,})"
              + "|ATATT3(?<atlassian>[A-Za-z0-9_=-]{50,})"
              + "|dapi(?<databricks>[0-9a-f]{32})(?:-\\d)?"
              + "|key-(?<mailgun>[0-9a-f]{32})"
              + "|SK(?<twilio>[0-9a-f]{32})"
              + "|\\d{8,10}:(?<telegram>AA[A-Za-z0-9_-]{32,33})"
              + "|eyJrIjoi(?<grafanakey>[A-Za-z0-9+/=_-]{40,})"
              + "|(?<mailchimp>[0-9a-f]{32})-us\\d{1,2}"
              + "|live_\\d{6,12}_(?<twitch>[A-Za-z0-9]{30})"
              // crypt(3) password hashes and Kerberos AS-REP/TGS hashes: crackable offline
              + "|\\$(?:1|2[abxy]|5|6|7|8|9|y|gy|argon2(?:id|i|d)|krb5asrep|krb5tgs)\\$(?<crypt>[^\\s'\"`<>]{20,})"
              + ")(?![A-Za-z0-9_])");

  private static final Pattern SLACK_WEBHOOK =
      Pattern.compile(
          "https://hooks\\.slack\\.com/(?:services|workflows|triggers)/[A-Za-z0-9_]+/[A-Za-z0-9_]+/[A-Za-z0-9_/-]+");

  private static final Pattern JWT =
      Pattern.compile(
          "(?<![A-Za-z0-9_-])(eyJ[A-Za-z0-9_-]{8,})\\.[A-Za-z0-9_-]{8,}\\.[A-Za-z0-9_-]*(?![A-Za-z0-9_-])");

  // user:password@host after "scheme://"; the password may itself contain '@' (the last one ends it).
  private static final Pattern URL_USER_INFO =
      Pattern.compile("[^\\s:/@?#\"'<>]{1,64}:([^\\s/?#\"'<>]{1,128})@(?=[A-Za-z0-9\\[.-])");

  // mysql -u root -p secret, docker login -u me -p token, psexec ... -u admin -p pass
  private static final Pattern CLI_PASSWORD =
      Pattern.compile("-u\\s+[^\\s-][^\\s]{0,64}\\s+-p\\s?([^\\s\"'`-][^\\s\"'`]{3,127})");

  private static final Pattern AUTHORIZATION =
      Pattern.compile(
          "(?:\\b(?:proxy-)?authorization[\"']?\\s*[:=]\\s*[\"']?(?:(?<scheme>bearer|basic|token|ssws|digest|negotiate)\\s+)?"
              + "|\\b(?:bearer|ssws)\\s*:?\\s+)"
              + "(?<credential>[a-z0-9._~+/=-]{12,})");

  /** Words that make an identifier name a credential; the assignment rule starts at each. */
  private static final Pattern KEY_WORD =
      Pattern.compile(
          "pass(?:word|wd|wort|phrase)?|pwd|secret|token|credential|api[_-]?key|(?:access|private|auth|signing|encryption|master|preshared)[_-]?key");

  private static final Set<String> KEY_SEGMENTS =
      Set.of("pass", "pwd", "pw", "passwd", "password", "passwort", "passphrase", "secret",
          "secrets", "token", "credential", "credentials", "apikey");
  private static final Set<String> KEY_QUALIFIERS =
      Set.of("api", "access", "private", "auth", "signing", "encryption", "master", "preshared",
          "secret", "client");
  private static final Set<String> STOP_LAST =
      Set.of("id", "ids", "name", "names", "type", "types", "url", "uri", "urls", "path", "paths",
          "file", "files", "dir", "length", "len", "size", "policy", "policies", "label", "labels",
          "hint", "hints", "field", "fields", "expiry", "expires", "expiration", "expired", "ttl",
          "count", "regex", "pattern", "endpoint", "header", "prefix", "format", "min", "max",
          "enabled", "enable", "disabled", "required", "reset", "manager", "provider", "service",
          "mode", "version", "ref", "arn", "location", "env", "var", "variable", "validator",
          "validation", "strength", "at", "time", "timeout", "limit", "lifetime", "source",
          "store", "storage", "class", "method", "placeholder", "text", "title", "error", "message",
          "msg", "input", "form", "button", "link", "icon", "rotation", "scope", "scopes", "usage");
  private static final Set<String> STOP_ANY =
      Set.of("max", "min", "num", "total", "forgot", "tokenizer", "tokenize", "tokenized",
          "tokenization", "tokens", "secretary", "passage", "passenger", "compass", "bypass",
          "public", "show", "hide", "toggle", "confirm_label");
  private static final Set<String> PLACEHOLDERS =
      Set.of("null", "none", "nil", "true", "false", "undefined", "empty", "blank", "required",
          "optional", "string", "redacted", "removed", "hidden", "masked", "omitted", "secret",
          "password", "passwd", "passwort", "token", "changeme", "your_password", "yourpassword",
          "your-password", "example", "placeholder", "value", "xxx", "todo", "tbd", "n/a", "na",
          "not-set", "notset", "unset", "default", "str", "int", "bool");

  private static final Pattern PLACEHOLDER_SHAPE =
      Pattern.compile(
          "<[^>]*>|&lt;.*&gt;|\\$\\{.*|\\$\\(.*|\\{\\{.*|\\{[^}]*}|%\\(?\\w*\\)?[sd%]?|%\\w+%|\\[[A-Za-z0-9_: -]*]|[*xX#.•_-]+|\\.\\.\\..*");
  // Possessive repetitions (a separator is never a part's character, so none has to give any back):
  // a greedy group recurses once per part.
  private static final Pattern DOTTED_IDENTIFIER =
      Pattern.compile("[A-Za-z_$][\\w$]*+(?:\\.[A-Za-z_$][\\w$]*+)++");
  private static final Pattern ENV_NAME = Pattern.compile("[A-Z][A-Z0-9]*+(?:_[A-Z0-9]++)++");
  private static final Pattern PLAIN_WORD = Pattern.compile("\\p{L}++(?:[-'’]\\p{L}++)*+");
  private static final Pattern OWNER_CLAUSE =
      Pattern.compile("(?i)\\s+(?:for|of)\\s+(?:the\\s+)?(?:user|account|admin|login)?\\s*([\"'`]?)[\\w@.-]{1,40}\\1");
  private static final Pattern IS = Pattern.compile("(?i)\\s+is\\s+");
  private static final Pattern WHITESPACE = Pattern.compile("\\s+");
  private static final Pattern QUOTES_AROUND = Pattern.compile("^[\"']+|[\"']+$");
  private static final Pattern BETWEEN_LITERALS = Pattern.compile(".*[\\s(\\[$\"'].*");
  private static final Pattern LEADING_PUNCTUATION = Pattern.compile("^[#./]+");
  private static final Pattern NAME_SEPARATORS = Pattern.compile("[._:/-]+");
  private static final Pattern PADDING = Pattern.compile("=+$");
  private static final Pattern PATH_SEPARATORS = Pattern.compile("[-_/]+");
  private static final Pattern XML_VALUE = Pattern.compile("\\s+value\\s*=\\s*");

  private static final Pattern ENTROPY_CONTEXT =
      Pattern.compile(
          "(?i)password|passwd|passphrase|pwd|secret|token|authorization|auth|credential|bearer|api|aws"
              + "|signature|login|unseal|key");
  private static final Pattern ENTROPY_VETO =
      Pattern.compile("(?i)public|hash|sha\\d*\\b|md5|checksum|digest|commit|fingerprint|uuid|guid|\\bid\\b|integrity");
  private static final Pattern UUID =
      Pattern.compile("[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");
  private static final int CONTEXT_WINDOW = 48;

  @Override
  public EntityType type() {
    return EntityType.SECRET;
  }

  @Override
  public List<Finding> find(String text) {
    List<int[]> spans = new ArrayList<>();
    privateKeys(text, spans);
    TextScan.Positions longRuns = new TextScan.Positions();
    TextScan.Positions authorizationWords = new TextScan.Positions();
    TextScan.Positions keyWords = scan(text, longRuns, authorizationWords, spans);
    tokens(text, longRuns, spans);
    slackWebhooks(text, spans);
    commandLinePasswords(text, spans);
    jwts(text, spans);
    urlCredentials(text, spans);
    assignments(text, keyWords, spans);
    authorizations(text, authorizationWords, spans);
    return merged(spans);
  }

  private static void privateKeys(String text, List<int[]> spans) {
    Matcher m = null;
    int from = 0;
    // find(from), tried only where the pattern's literal start is
    for (int at = TextScan.indexOf(text, "-----BEGIN ", from, 7);
        at >= 0;
        at = TextScan.indexOf(text, "-----BEGIN ", from, 7)) {
      m = m == null ? PEM_BEGIN.matcher(text) : m;
      if (!m.region(at, text.length()).lookingAt()) {
        from = at + 1;
        continue;
      }
      String end = "-----END " + m.group(1) + "PRIVATE KEY" + (m.group(2) == null ? "" : m.group(2)) + "-----";
      int limit = Math.min(text.length(), m.end() + MAX_PEM_LENGTH);
      int endAt = text.indexOf(end, m.end());
      int bodyEnd;
      int stop;
      if (endAt >= 0 && endAt < limit) {
        bodyEnd = endAt;
        stop = endAt + end.length();
      } else {
        Matcher body = PEM_BODY.matcher(text).region(m.end(), limit);
        bodyEnd = body.lookingAt() ? body.end() : m.end();
        stop = bodyEnd;
      }
      if (base64Characters(text, m.end(), bodyEnd) >= 16) {
        spans.add(new int[] {m.start(), stop});
        from = stop;
      } else {
        from = m.end();
      }
    }
  }

  private static int base64Characters(String text, int from, int to) {
    int n = 0;
    for (int i = from; i < to; i++) {
      char c = text.charAt(i);
      if (c < 128 && (Character.isLetterOrDigit(c) || c == '+' || c == '/')) {
        n++;
      }
    }
    return n;
  }

  /**
   * One pass over the text, copied a chunk at a time: judges each run of entropy characters where it
   * ends, and notes where key words and authorization words may start and the runs of token
   * characters long enough to hold a known token.
   *
   * @param longRuns receives the start and end of each run of 20 token characters or more
   * @param authorizationWords receives where the first three letters of authorization, bearer or
   *     ssws are
   * @return where, lower-cased, the first three letters of a key word are
   */
  private static TextScan.Positions scan(
      String text, TextScan.Positions longRuns, TextScan.Positions authorizationWords, List<int[]> spans) {
    TextScan.Positions keyWords = new TextScan.Positions();
    int n = text.length();
    // The lengths of the runs of entropy and of token characters that end before i, counted without
    // branching: a branch is taken only where a long run ends, so word boundaries cost no mispredicted
    // jumps.
    int entropyLength = 0;
    int tokenLength = 0;
    int h = 0; // the codes of the last three characters, for the key words
    long[] keyWordBits = KEY_WORD_STARTS.bits();
    long[] authorizationBits = AUTHORIZATION_STARTS.bits();
    char[] chunk = new char[Math.min(n, TextScan.CHUNK)];
    for (int at = 0; at < n; at += chunk.length) {
      int length = Math.min(chunk.length, n - at);
      text.getChars(at, at + length, chunk, 0);
      for (int k = 0; k < length; k++) {
        char c = chunk[k];
        int i = at + k;
        h = (h << 5 | TextScan.Trigrams.code(c)) & 0x7fff;
        if ((keyWordBits[h >>> 6] & 1L << h) != 0 && i >= 2) {
          keyWords.add(i - 2);
        }
        if ((authorizationBits[h >>> 6] & 1L << h) != 0 && i >= 2) {
          authorizationWords.add(i - 2);
        }
        int flags = c < 128 ? CHAR_FLAGS[c] : Character.isWhitespace(c) ? 0 : TOKEN_CHAR;
        int entropy = flags & ENTROPY;
        int token = (flags & TOKEN_CHAR) >> 1;
        if (entropyLength >= 20 && entropy == 0) {
          entropyRun(text, i - entropyLength, i, spans);
        }
        if (tokenLength >= 20 && token == 0) {
          longRuns.add(i - tokenLength);
          longRuns.add(i);
        }
        entropyLength = (entropyLength + 1) & -entropy;
        tokenLength = (tokenLength + 1) & -token;
      }
    }
    if (entropyLength >= 20) {
      entropyRun(text, n - entropyLength, n, spans);
    }
    if (tokenLength >= 20) {
      longRuns.add(n - tokenLength);
      longRuns.add(n);
    }
    return keyWords;
  }

  /**
   * Known tokens: {@link #TOKEN} tried, as {@code find()} would, where a word starts that 20 token
   * characters or more follow (no token is shorter) and {@link #mayStartToken} holds; the next after
   * the end of the last.
   *
   * @param longRuns the start and end of each run of 20 token characters or more, ascending
   */
  private static void tokens(String text, TextScan.Positions longRuns, List<int[]> spans) {
    int n = text.length();
    Matcher m = null;
    int resume = 0; // after a known token, the next is looked for from its end
    for (int r = 0; r < longRuns.size(); r += 2) {
      int runEnd = longRuns.get(r + 1);
      for (int i = Math.max(longRuns.get(r), resume); runEnd - i >= 20; i++) {
        char c = text.charAt(i);
        if ((i > 0 && wordChar(text.charAt(i - 1))) || !(wordChar(c) || c == '$') || !mayStartToken(text, i)) {
          continue;
        }
        if ((m = m == null ? TOKEN.matcher(text) : m).region(i, n).lookingAt()) {
          resume = m.end();
          knownToken(m, spans);
          i = resume - 1;
        }
      }
    }
  }

  private static void knownToken(Matcher m, List<int[]> spans) {
    String body = randomPart(m);
    boolean ok =
        switch (groupName(m)) {
          case "aws" -> !repeated(body);
          case "openai" -> hasDigit(body) && hasUpper(body) && hasLower(body);
          default -> !repeated(body) && (hasDigit(body) || body.length() >= 32 && hasUpper(body) && hasLower(body));
        };
    if (ok) {
      spans.add(new int[] {m.start(), m.end()});
    }
  }

  private static void slackWebhooks(String text, List<int[]> spans) {
    if (TextScan.indexOf(text, "https://hooks.slack.com/", 0, 6) >= 0) {
      Matcher hook = SLACK_WEBHOOK.matcher(text);
      while (hook.find()) {
        spans.add(new int[] {hook.start(), hook.end()});
      }
    }
  }

  /**
   * Whether one of {@link #TOKEN}'s alternatives can start at {@code i}: every alternative but two
   * starts with a literal prefix; a Telegram bot token with 8-10 digits and a colon, a Mailchimp key
   * with 32 hex digits and {@code -us}. A necessary condition only, much cheaper than the pattern.
   */
  private static boolean mayStartToken(String text, int i) {
    char c = text.charAt(i);
    if (c < 128 && i + 1 < text.length()) {
      char d = text.charAt(i + 1);
      if (d < 128 && TOKEN_PAIRS[c << 7 | d]) {
        for (String p : TOKEN_PREFIXES[c]) {
          if (text.startsWith(p, i)) {
            return true;
          }
        }
      }
    }
    if (c >= '0' && c <= '9') {
      return mailchimpAt(text, i)
          || (i + 10 < text.length()
              && (text.charAt(i + 8) == ':' || text.charAt(i + 9) == ':' || text.charAt(i + 10) == ':'));
    }
    return c >= 'a' && c <= 'f' && mailchimpAt(text, i);
  }

  private static boolean mailchimpAt(String text, int i) {
    return i + 34 < text.length() && text.charAt(i + 32) == '-' && text.startsWith("-us", i + 32);
  }

  /**
   * The literal prefixes of {@link #TOKEN}'s alternatives, by their first character: every match
   * but a Telegram or Mailchimp token starts with one.
   */
  private static final String[][] TOKEN_PREFIXES = tokenPrefixes(
      "AKIA", "ASIA", "ABIA", "ACCA", "A3T",
      "ghp_", "gho_", "ghu_", "ghs_", "ghr_", "github_pat_",
      "glpat-", "glptt-", "gldt-", "glrt-", "glcbt-", "glft-", "glimt-", "gloas-", "glsoat-", "glffct-", "glagent-",
      "GR1348941",
      "xoxa-", "xoxb-", "xoxp-", "xoxo-", "xoxs-", "xoxr-", "xoxe-", "xapp-",
      "sk-", "rk_live_", "rk_test_", "sk_live_", "sk_test_",
      "AIza", "GOCSPX-", "ya29.", "hf_", "npm_", "pypi-AgE", "rubygems_", "dckr_pat_", "glc_", "glsa_",
      "shpat_", "shpca_", "shppa_", "shpss_", "SG.", "doo_v1_", "dop_v1_", "dor_v1_", "sgp_", "hvs.", "hvb.", "hvr.",
      "AGE-SECRET-KEY-1", "dp.ct.", "dp.pt.", "dp.st.", "dp.sa.", "dp.scim.", "dp.audit.", "aio_", "odt_", "ATATT3",
      "dapi", "key-", "SK", "eyJrIjoi", "live_",
      "$1$", "$2a$", "$2b$", "$2x$", "$2y$", "$5$", "$6$", "$7$", "$8$", "$9$", "$y$", "$gy$", "$argon2id$",
      "$argon2i$", "$argon2d$", "$krb5asrep$", "$krb5tgs$");

  /** The first two characters of the prefixes, as {@code c << 7 | d}. */
  private static final boolean[] TOKEN_PAIRS = new boolean[128 * 128];

  static {
    for (String[] prefixes : TOKEN_PREFIXES) {
      for (String p : prefixes == null ? new String[0] : prefixes) {
        TOKEN_PAIRS[p.charAt(0) << 7 | p.charAt(1)] = true;
      }
    }
  }

  private static String[][] tokenPrefixes(String... prefixes) {
    String[][] byFirst = new String[128][];
    for (String p : prefixes) {
      String[] old = byFirst[p.charAt(0)];
      String[] now = old == null ? new String[1] : Arrays.copyOf(old, old.length + 1);
      now[now.length - 1] = p;
      byFirst[p.charAt(0)] = now;
    }
    return byFirst;
  }

  private static boolean wordChar(char c) {
    return TextScan.wordChar(c);
  }

  /** A character that may occur in a known token (a superset: it only bounds where to try). */
  private static boolean tokenChar(char c) {
    return c < 128 ? TOKEN_CHARS[c] : !Character.isWhitespace(c);
  }

  private static final boolean[] TOKEN_CHARS = new boolean[128];

  static {
    for (char c = 0; c < 128; c++) {
      TOKEN_CHARS[c] = !Character.isWhitespace(c) && "'\"`<>".indexOf(c) < 0;
    }
  }

  private static final List<String> TOKEN_GROUPS =
      List.of("aws", "gh", "ghpat", "gl", "glr", "slack", "xapp", "anthropic", "openai", "stripe", "gapi",
          "gsecret", "goauth", "hf", "npm", "pypi", "gems", "docker", "grafana", "shopify", "sendgrid",
          "digitalocean", "sourcegraph", "vault", "age", "doppler", "adafruit", "dtrack", "atlassian",
          "databricks", "mailgun", "twilio", "telegram", "grafanakey", "mailchimp", "twitch", "crypt");

  private static String groupName(Matcher m) {
    for (String g : TOKEN_GROUPS) {
      if (m.group(g) != null) {
        return g;
      }
    }
    throw new IllegalStateException("token matched without a body group");
  }

  private static String randomPart(Matcher m) {
    return m.group(groupName(m));
  }

  private static void jwts(String text, List<int[]> spans) {
    Matcher m = null;
    for (int at = TextScan.indexOf(text, "eyJ", 0, 2); at >= 0; at = TextScan.indexOf(text, "eyJ", at + 3, 2)) {
      m = m == null ? JWT.matcher(text).useTransparentBounds(true) : m;
      if (!m.region(at, text.length()).lookingAt()) {
        continue;
      }
      String header = decodeBase64Url(m.group(1));
      if (header != null && header.startsWith("{") && header.contains("\"alg\"")) {
        spans.add(new int[] {m.start(), m.end()});
      }
    }
  }

  private static String decodeBase64(String s) {
    try {
      return new String(Base64.getDecoder().decode(s), StandardCharsets.ISO_8859_1);
    } catch (IllegalArgumentException e) {
      return null;
    }
  }

  private static String decodeBase64Url(String s) {
    // A valid base64 text never has length 1 mod 4; a truncated header still decodes without its tail.
    String t = s.length() % 4 == 1 ? s.substring(0, s.length() - 1) : s;
    try {
      return new String(Base64.getUrlDecoder().decode(t), StandardCharsets.ISO_8859_1);
    } catch (IllegalArgumentException e) {
      return null;
    }
  }

  private static void urlCredentials(String text, List<int[]> spans) {
    Matcher m = null;
    for (int at = TextScan.indexOf(text, "://", 0, 1); at > 0; at = TextScan.indexOf(text, "://", at + 3, 1)) {
      if (!Character.isLetter(text.charAt(at - 1))) {
        continue; // no scheme
      }
      m = m == null ? URL_USER_INFO.matcher(text).useTransparentBounds(true) : m;
      m.region(at + 3, Math.min(text.length(), at + 3 + 200));
      if (!m.lookingAt()) {
        continue;
      }
      // Only the shape of a placeholder: "user:secret@localhost" is how credentials are written.
      String password = m.group(1);
      if (!PLACEHOLDER_SHAPE.matcher(password).matches() && !password.startsWith("$")) {
        spans.add(new int[] {m.start(1), m.end(1)});
      }
    }
  }

  private static void commandLinePasswords(String text, List<int[]> spans) {
    Matcher m = null;
    for (int at = TextScan.indexOf(text, " -u", 0, 1); at >= 0; at = TextScan.indexOf(text, " -u", at + 3, 1)) {
      m = m == null ? CLI_PASSWORD.matcher(text) : m;
      m.region(at + 1, Math.min(text.length(), at + 256));
      if (!m.lookingAt()) {
        continue;
      }
      if (!placeholder(m.group(1))) {
        spans.add(new int[] {m.start(1), m.end(1)});
      }
    }
  }

  private static void authorizations(String text, TextScan.Positions candidates, List<int[]> spans) {
    int[] starts = authorizationWordStarts(text, candidates);
    if (starts.length == 0) {
      return;
    }
    // find() on the lower-cased text, tried only where one of the pattern's words starts
    Matcher m =
        AUTHORIZATION.matcher(new TextScan.LowerCased(text)).useTransparentBounds(true).useAnchoringBounds(false);
    int n = text.length();
    int from = 0;
    for (int at : starts) {
      if (at < from || !m.region(at, n).lookingAt()) {
        continue;
      }
      from = m.end();
      String value = text.substring(m.start("credential"), m.end("credential"));
      boolean basic = "basic".equalsIgnoreCase(m.group("scheme"));
      boolean ok =
          basic
              ? String.valueOf(decodeBase64(value)).indexOf(':') > 0
              : !placeholder(value) && hasLetter(value) && (hasDigit(value) || value.length() >= 20);
      if (ok) {
        spans.add(new int[] {m.start("credential"), m.end("credential")});
      }
    }
  }

  /**
   * Where, in the lower-cased text, {@code proxy-authorization}, {@code authorization}, {@code
   * bearer} or {@code ssws} starts, in ascending order.
   *
   * @param candidates where, lower-cased, aut, bea or ssw starts
   */
  private static int[] authorizationWordStarts(String text, TextScan.Positions candidates) {
    TextScan.Positions starts = new TextScan.Positions();
    for (int c = 0; c < candidates.size(); c++) {
      int at = candidates.get(c);
      if (TextScan.lowerCaseStartsWith(text, at, "authorization")) {
        if (TextScan.lowerCaseStartsWith(text, at - 6, "proxy-")) {
          starts.add(at - 6);
        }
        starts.add(at);
      } else if (TextScan.lowerCaseStartsWith(text, at, "bearer") || TextScan.lowerCaseStartsWith(text, at, "ssws")) {
        starts.add(at);
      }
    }
    return starts.sorted();
  }

  /** The first three letters of the words {@link #AUTHORIZATION} starts with (but proxy-). */
  private static final TextScan.Trigrams AUTHORIZATION_STARTS = new TextScan.Trigrams("aut", "bea", "ssw");

  // ---------------------------------------------------------------- assignments

  private enum Separator { ASSIGN, COLON, IS, SPACE }

  /** Assignments to credential keys; {@code keyWords}: where the first letters of a key word are. */
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
  private static final TextScan.Trigrams KEY_WORD_STARTS =
      new TextScan.Trigrams("pas", "pwd", "sec", "tok", "cre", "api", "acc", "pri", "aut", "sig", "enc", "mas", "pre");

  /** The literal start of each {@link #KEY_WORD} alternative. */
  private static final String[] KEY_WORD_LITERALS = {
    "pass", "pwd", "secret", "token", "credential", "api", "access", "private", "auth", "signing", "encryption",
    "master", "preshared"
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

  /** Whether an identifier names a credential: one of its words is one, and its last word is no attribute. */
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
    if (text.startsWith(":=", j) || text.startsWith("=>", j) || text.startsWith("==", j) || text.startsWith("!=", j)) {
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
    while (end < n && !Character.isWhitespace(text.charAt(end)) && ",;\"'`<>".indexOf(text.charAt(end)) < 0) {
      end++;
    }
    if (end - at > MAX_VALUE_LENGTH) {
      // No credential is this long; the value is kept whole, unchecked, and the next key is looked
      // for after it, so a run of keys in one long value costs one scan, not one per key.
      return new int[] {at, end};
    }
    // A full stop or colon ends the sentence, not the password; "!" and "?" are kept (common in passwords).
    while (end > at && ".:".indexOf(text.charAt(end - 1)) >= 0) {
      end--;
    }
    end = withoutUnbalancedClosers(text, at, end);
    if (end <= at) {
      return null;
    }
    String value = text.substring(at, end);
    if (placeholder(value) || reference(value) || code(value) || value.length() < 4) {
      return null;
    }
    boolean ok =
        switch (sep) {
          case ASSIGN -> true;
          case COLON -> !plainWord(value) || atLineEnd(text, end);
          case IS -> credentialShaped(value);
          // "secret key:AbC..." is the next key, not a value
          case SPACE -> credentialShaped(value) && value.indexOf(':') < 0 && value.indexOf('=') < 0;
        };
    return ok ? new int[] {at, end} : null;
  }

  private static int[] acceptQuoted(String text, int from, int to) {
    String value = text.substring(from, to);
    if (value.length() < 4 || placeholder(value) || reference(value) || WHITESPACE.split(value.trim()).length >= 3) {
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
    for (int kind; end > from && (kind = closers.indexOf(text.charAt(end - 1))) >= 0 && depth[kind] < 0; end--) {
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
    while (i < text.length() && (text.charAt(i) == ' ' || text.charAt(i) == '\t' || text.charAt(i) == '\r')) {
      i++;
    }
    return i == text.length() || text.charAt(i) == '\n' || text.charAt(i) == '#' || text.startsWith("//", i);
  }

  static boolean placeholder(String value) {
    String v = QUOTES_AROUND.matcher(value.trim()).replaceAll("");
    if (v.isEmpty()) {
      return true;
    }
    String lower = v.toLowerCase(Locale.ROOT);
    return PLACEHOLDERS.contains(lower)
        || PLACEHOLDER_SHAPE.matcher(v).matches()
        || lower.startsWith("$")
        || lower.startsWith("your")
        || repeated(v);
  }

  /**
   * A piece of code around a string rather than a value ({@code '.$p['}, {@code "+new Buffer("}), an
   * AWS resource name, or a name built from a credential word ({@code smtp_password}, {@code
   * #add-password}, {@code detect_secrets.main:detect_secrets}).
   */
  private static boolean reference(String value) {
    String v = value.trim();
    if (v.isEmpty() || v.endsWith("(") || v.startsWith("arn:")) {
      return true;
    }
    // between two string literals: '.$p[', ' + getPassword() + '
    if (",;:+.)(=".indexOf(v.charAt(0)) >= 0 && BETWEEN_LITERALS.matcher(v).matches()) {
      return true;
    }
    if (!KEY_WORD.matcher(v.toLowerCase(Locale.ROOT)).find()) {
      return false;
    }
    String[] parts = NAME_SEPARATORS.split(LEADING_PUNCTUATION.matcher(v).replaceFirst(""));
    return parts.length >= 2 && Arrays.stream(parts).allMatch(p -> p.chars().allMatch(Character::isLetter));
  }

  /** An expression, not a literal: a call, an index, a member access, an environment variable name. */
  private static boolean code(String value) {
    return value.indexOf('(') >= 0
        || value.indexOf('[') >= 0
        || value.indexOf('{') >= 0
        || value.contains("://")
        || (DOTTED_IDENTIFIER.matcher(value).matches() && value.chars().filter(Character::isDigit).count() <= 2)
        || (ENV_NAME.matcher(value).matches() && KEY_WORD.matcher(value.toLowerCase(Locale.ROOT)).find());
  }

  private static boolean plainWord(String value) {
    return PLAIN_WORD.matcher(value).matches();
  }

  /** Looks like a credential on its own: letters and digits mixed, or a long number. */
  private static boolean credentialShaped(String value) {
    return value.length() >= 6
        && !plainWord(value)
        && ((hasDigit(value) && hasLetter(value)) || value.chars().allMatch(Character::isDigit));
  }

  // ---------------------------------------------------------------- high entropy

  /**
   * A maximal run {@code [start, end)} of 20 base64/hex characters or more: reported when at most two
   * '=' of padding follow, it is not after a '.', and it is validated.
   */
  private static void entropyRun(String text, int start, int end, List<int[]> spans) {
    int n = text.length();
    int i = end;
    while (i < n && text.charAt(i) == '=' && i - end < 3) {
      i++;
    }
    boolean padded = i - end <= 2 && (i >= n || !entropyChar(text.charAt(i)));
    boolean afterDot = start > 0 && text.charAt(start - 1) == '.';
    if (padded && !afterDot) {
      String token = text.substring(start, i);
      if (randomLooking(token) && nearKeyWord(text, start)) {
        spans.add(new int[] {start, i});
      }
    }
  }

  private static boolean entropyChar(char c) {
    return c < 128 && ENTROPY_CHARS[c];
  }

  /** ASCII letters and digits, {@code + / _ -}. */
  private static final boolean[] ENTROPY_CHARS = new boolean[128];

  static {
    for (char c = 0; c < 128; c++) {
      ENTROPY_CHARS[c] = Character.isLetterOrDigit(c) || c == '+' || c == '/' || c == '_' || c == '-';
    }
  }

  // After TOKEN_CHARS and ENTROPY_CHARS, which it is made from.
  private static final int ENTROPY = 1; // the bits are used as numbers: keep these values
  private static final int TOKEN_CHAR = 2;

  /** For ASCII: {@link #entropyChar} and {@link #tokenChar}. */
  private static final byte[] CHAR_FLAGS = new byte[128];

  static {
    for (char c = 0; c < 128; c++) {
      CHAR_FLAGS[c] = (byte) ((entropyChar(c) ? ENTROPY : 0) | (tokenChar(c) ? TOKEN_CHAR : 0));
    }
  }

  static boolean randomLooking(String token) {
    String t = token.indexOf('=') >= 0 ? PADDING.matcher(token).replaceAll("") : token;
    if (t.length() < 20 || !hasDigit(t) || !hasLetter(t) || UUID.matcher(t).find()) {
      return false;
    }
    boolean hex = t.chars().allMatch(c -> Character.digit(c, 16) >= 0);
    if (hex) {
      return entropy(t) >= 3.0;
    }
    return entropy(t) >= 3.5 && classChanges(t) >= 0.4 * (t.length() - 1) && !nameLike(t);
  }

  /** How often the character class (upper, lower, digit, other) changes from one character to the next. */
  private static int classChanges(String t) {
    int changes = 0;
    for (int i = 1; i < t.length(); i++) {
      if (charClass(t.charAt(i)) != charClass(t.charAt(i - 1))) {
        changes++;
      }
    }
    return changes;
  }

  private static int charClass(char c) {
    return Character.isUpperCase(c) ? 0 : Character.isLowerCase(c) ? 1 : Character.isDigit(c) ? 2 : 3;
  }

  /** A path or kebab/snake-case name: every part between separators is letters only or a short number. */
  private static boolean nameLike(String t) {
    String[] parts = PATH_SEPARATORS.split(t);
    if (parts.length < 2) {
      return false;
    }
    for (String part : parts) {
      boolean letters = part.chars().allMatch(Character::isLetter);
      boolean number = part.length() <= 4 && part.chars().allMatch(Character::isDigit);
      if (!letters && !number) {
        return false;
      }
    }
    return true;
  }

  /** A key word within the window before the token, on its line or, at a line start, the line before. */
  private static boolean nearKeyWord(String text, int start) {
    int i = start;
    while (i > 0 && (text.charAt(i - 1) == ' ' || text.charAt(i - 1) == '\t')) {
      i--;
    }
    int to = start;
    if (i > 0 && text.charAt(i - 1) == '\n') {
      // The token starts its line: look at the end of the line before ("secret:\n  AbC...").
      to = i - 1;
      if (to > 0 && text.charAt(to - 1) == '\r') {
        to--;
      }
    }
    int from = to;
    while (from > 0 && to - from < CONTEXT_WINDOW && text.charAt(from - 1) != '\n') {
      from--;
    }
    String window = text.substring(from, start);
    if (ENTROPY_VETO.matcher(window).find()) {
      return false;
    }
    Matcher m = ENTROPY_CONTEXT.matcher(text).region(from, start);
    while (m.find()) {
      if (keyWordAt(text, m.start(), m.end())) {
        return true;
      }
    }
    return false;
  }

  /**
   * A key word that is a word or a part of a name ({@code API_KEY}, {@code apiKey}, {@code x-api-key},
   * {@code tokens}), not a piece of a longer word ({@code monkey}, {@code author}) or of a random
   * string (a base64 line that happens to contain {@code aWs}).
   */
  private static boolean keyWordAt(String text, int start, int end) {
    int e = end < text.length() && (text.charAt(end) == 's' || text.charAt(end) == 'S') ? end + 1 : end;
    boolean endsWord = e == text.length() || !Character.isLetter(text.charAt(e));
    boolean hump = e < text.length() && Character.isUpperCase(text.charAt(e)) && Character.isLowerCase(text.charAt(e - 1));
    if (!endsWord && !hump) {
      return false; // "author", "keyboard", "tokenizer"
    }
    if (start > 0 && Character.isLetter(text.charAt(start - 1))) {
      // "apiKey", or a compound that ends with the word: "authtoken", "jwtsecret"
      boolean camel = Character.isLowerCase(text.charAt(start - 1)) && Character.isUpperCase(text.charAt(start));
      if (!camel && !endsWord) {
        return false;
      }
    }
    int a = start;
    while (a > 0 && !wordBreak(text.charAt(a - 1))) {
      a--;
    }
    int b = end;
    while (b < text.length() && !wordBreak(text.charAt(b))) {
      b++;
    }
    return b - a <= 64 && !randomLooking(text.substring(a, b));
  }

  private static boolean wordBreak(char c) {
    return Character.isWhitespace(c) || "\"'`=:,;()[]{}<>".indexOf(c) >= 0;
  }

  static double entropy(String s) {
    int[] counts = new int[128];
    int other = 0;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c < 128) {
        counts[c]++;
      } else {
        other++;
      }
    }
    double h = 0;
    for (int count : counts) {
      if (count > 0) {
        double p = count / (double) s.length();
        h -= p * Math.log(p) / Math.log(2);
      }
    }
    if (other > 0) {
      double p = other / (double) s.length();
      h -= p * Math.log(p) / Math.log(2);
    }
    return h;
  }

  // ---------------------------------------------------------------- helpers

  /** Empty, or one character repeated. */
  private static boolean repeated(String s) {
    for (int i = 1; i < s.length(); i++) {
      if (s.charAt(i) != s.charAt(0)) {
        return false;
      }
    }
    return true;
  }

  private static boolean hasDigit(String s) {
    for (int i = 0; i < s.length(); i++) {
      if (s.charAt(i) >= '0' && s.charAt(i) <= '9') {
        return true;
      }
    }
    return false;
  }

  private static boolean hasLetter(String s) {
    for (int i = 0; i < s.length(); i++) {
      if (Character.isLetter(s.charAt(i))) {
        return true;
      }
    }
    return false;
  }

  private static boolean hasUpper(String s) {
    for (int i = 0; i < s.length(); i++) {
      if (Character.isUpperCase(s.charAt(i))) {
        return true;
      }
    }
    return false;
  }

  private static boolean hasLower(String s) {
    for (int i = 0; i < s.length(); i++) {
      if (Character.isLowerCase(s.charAt(i))) {
        return true;
      }
    }
    return false;
  }

  private static List<Finding> merged(List<int[]> spans) {
    spans.sort(Comparator.comparingInt((int[] s) -> s[0]));
    List<Finding> findings = new ArrayList<>();
    int start = -1;
    int end = -1;
    for (int[] s : spans) {
      if (s[0] < end) {
        end = Math.max(end, s[1]);
        continue;
      }
      if (start >= 0) {
        findings.add(new Finding(start, end, EntityType.SECRET));
      }
      start = s[0];
      end = s[1];
    }
    if (start >= 0) {
      findings.add(new Finding(start, end, EntityType.SECRET));
    }
    return findings;
  }
}
