package io.tributary.redact;

import io.tributary.model.EntityType;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Credentials. Reports the secret value only, never the word that names it ({@code password=} keeps
 * {@code password=}); overlapping hits of its rules are merged into one finding.
 *
 * <p>A composite: one {@link SecretScan} of the text, then each {@link SecretRule} family in turn,
 * whose classes hold the details: {@link PrivateKeyRule}, {@link VendorTokenRule} (the table in
 * {@link VendorTokens}), {@link JwtRule}, {@link UrlPasswordRule}, {@link CommandLinePasswordRule},
 * {@link CredentialAssignmentRule}, {@link AuthorizationRule} and {@link HighEntropyRule}. In
 * short:
 *
 * <ul>
 *   <li>PEM private keys (RSA, EC, DSA, OPENSSH, ENCRYPTED, PGP, plain): the whole block from BEGIN
 *       to END, or to the end of its base64 body when END is missing. Needs 16 body characters.
 *   <li>Known token formats: AWS access key ids ({@code AKIA}, {@code ASIA}, {@code ABIA}, {@code
 *       ACCA}, {@code A3T.} and 16 upper-case letters or digits), GitHub ({@code ghp_ gho_ ghu_
 *       ghs_ ghr_ github_pat_}), GitLab ({@code glpat-} and its siblings, runner tokens), Slack
 *       tokens ({@code xoxb-}...) and webhooks, about twenty other vendors whose tokens carry a
 *       fixed prefix (OpenAI, Anthropic, Stripe, Google, npm, PyPI, Hugging Face...), and crypt(3)
 *       and Kerberos password hashes. The random part must not be one repeated character, and must
 *       hold a digit unless it is long and mixes cases.
 *   <li>JSON Web Tokens: three base64url parts whose header decodes to a JSON object with {@code
 *       "alg"}.
 *   <li>Passwords in URLs ({@code postgres://user:pass@host}) and command lines ({@code -u root -p
 *       pass}).
 *   <li>Assignments to a key named like a credential ({@code password=}, {@code DB_PASSWD:}, {@code
 *       "client_secret": }, {@code api_key =>}, {@code token:}, {@code <password>}, {@code
 *       key="...Password" value="..."}, {@code the password is 'x'}). Keys naming something about a
 *       credential ({@code password_length}, {@code token_url}, {@code secret_name}, {@code
 *       max_tokens}) do not count. Not reported: placeholders ({@code <password>}, {@code
 *       ${DB_PASS}}, {@code ****}, {@code [REDACTED]}, {@code null}, {@code changeme}), code and
 *       references ({@code env.PASSWORD}, {@code getPassword()}, {@code DB_PASSWORD}, URLs), values
 *       shorter than 4 characters, quoted prose of three words or more, and, after a colon, plain
 *       words ({@code Password: Use a strong one}) unless the word ends the line; after {@code is}
 *       or a bare space ({@code password hunter2}) only values mixing letters and digits.
 *   <li>{@code Authorization:} and {@code Bearer} credentials.
 *   <li>High-entropy tokens (20 or more characters, Shannon entropy of at least 3.0 bits per
 *       character for hex and 3.5 otherwise, mixed letters and digits, not a UUID, path or
 *       identifier) only within a short window after a word such as key, secret, token, password,
 *       auth or aws, and not after public, hash, sha, checksum or commit.
 * </ul>
 */
final class SecretDetector implements Detector {

  /** The families; the order does not matter, as their spans are merged. */
  private static final List<SecretRule> RULES =
      List.of(
          new PrivateKeyRule(),
          new VendorTokenRule(),
          new RuleTableRule(),
          new CommandLinePasswordRule(),
          new JwtRule(),
          new UrlPasswordRule(),
          new CredentialAssignmentRule(),
          new AuthorizationRule(),
          new HighEntropyRule());

  @Override
  public EntityType type() {
    return EntityType.SECRET;
  }

  @Override
  public List<Finding> find(String text) {
    List<int[]> spans = new ArrayList<>();
    SecretScan scan = new SecretScan(text);
    for (SecretRule rule : RULES) {
      rule.find(text, scan, spans);
    }
    return merged(spans);
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
