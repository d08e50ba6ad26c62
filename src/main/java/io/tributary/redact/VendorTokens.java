package io.tributary.redact;

import java.util.List;
import java.util.regex.Pattern;

/**
 * The vendor tokens recognised by their prefix, as one table: {@link VendorTokenRule} tries the
 * rows in this order where one of a row's prefixes starts (or its anchor holds), and the first row
 * that matches wins, as an alternation of their patterns would.
 *
 * <p>A row's pattern is {@code prefix lead (inner [alphabet]{min,max}) tail} followed by no {@code
 * [A-Za-z0-9_]}; the group is the token's random part, which must look random ({@link BodyCheck})
 * and pass the row's {@link Checksum}. The whole match is reported.
 */
final class VendorTokens {

  private VendorTokens() {}

  /** How the random part must look besides its alphabet and length. */
  enum BodyCheck {
    /** Not one repeated character, and a digit unless 32 characters or more of mixed case. */
    RANDOM,
    /** Not one repeated character (AWS key ids are upper case and digits only). */
    NOT_REPEATED,
    /** A digit, an upper-case and a lower-case letter ({@code sk-} is a common word prefix). */
    MIXED;

    boolean accepts(String body) {
      return switch (this) {
        case NOT_REPEATED -> !TextScan.repeated(body);
        case MIXED -> TextScan.hasDigit(body) && TextScan.hasUpper(body) && TextScan.hasLower(body);
        case RANDOM ->
            !TextScan.repeated(body)
                && (TextScan.hasDigit(body)
                    || body.length() >= 32 && TextScan.hasUpper(body) && TextScan.hasLower(body));
      };
    }
  }

  /**
   * A checksum in the token. None is checked: a redactor must also hide a mistyped, truncated or
   * test token, which a checksum (GitHub's CRC32 of the random part) would let through.
   */
  enum Checksum {
    NONE;

    boolean accepts(String body) {
      return true;
    }
  }

  /**
   * Where a prefix-less token may start: {@code literal} at one of the offsets {@code from..to}
   * after the start. A necessary condition only, much cheaper than the pattern.
   */
  record Anchor(String literal, int from, int to) {
    boolean holds(String text, int i) {
      for (int k = from; k <= to; k++) {
        if (text.startsWith(literal, i + k)) {
          return true;
        }
      }
      return false;
    }
  }

  /**
   * One vendor's token shape.
   *
   * @param prefixes literal prefixes, tried in order; empty for a token found by its {@code anchor}
   * @param lead a pattern between the prefix and the random part, or empty
   * @param inner a pattern that starts the random part, or empty
   * @param alphabet the random part's characters, as the inside of a character class
   * @param max the longest random part, {@link Integer#MAX_VALUE} for no bound
   * @param tail a pattern after the random part, or empty
   */
  record VendorToken(
      String vendor,
      List<String> prefixes,
      String lead,
      String inner,
      String alphabet,
      int min,
      int max,
      String tail,
      Anchor anchor,
      Checksum checksum,
      BodyCheck check) {

    /** The row's pattern; group 1 is the random part. */
    Pattern pattern() {
      String prefix = String.join("|", prefixes.stream().map(Pattern::quote).toList());
      String length = max == Integer.MAX_VALUE ? "{" + min + ",}" : "{" + min + "," + max + "}";
      return Pattern.compile(
          (prefix.isEmpty() ? "" : "(?:" + prefix + ")")
              + lead
              + "("
              + inner
              + "["
              + alphabet
              + "]"
              + length
              + ")"
              + tail
              + "(?![A-Za-z0-9_])");
    }

    boolean accepts(String body) {
      return check.accepts(body) && checksum.accepts(body);
    }
  }

  private static final int ANY = Integer.MAX_VALUE;
  private static final String ALNUM = "A-Za-z0-9";
  private static final String URL_SAFE = "A-Za-z0-9_-";
  private static final String HEX = "0-9a-f";
  private static final BodyCheck RANDOM = BodyCheck.RANDOM;

  private static VendorToken row(
      String vendor,
      List<String> prefixes,
      String lead,
      String inner,
      String alphabet,
      int min,
      int max,
      String tail,
      BodyCheck check) {
    return new VendorToken(
        vendor, prefixes, lead, inner, alphabet, min, max, tail, null, Checksum.NONE, check);
  }

  private static VendorToken anchored(Anchor anchor, VendorToken t) {
    return new VendorToken(
        t.vendor(),
        t.prefixes(),
        t.lead(),
        t.inner(),
        t.alphabet(),
        t.min(),
        t.max(),
        t.tail(),
        anchor,
        t.checksum(),
        t.check());
  }

  /**
   * The table, in the order the rows are tried: a more specific row before one it overlaps ({@code
   * sk-ant-} before {@code sk-}, Telegram's digits before Mailchimp's hex). Columns: vendor,
   * prefixes, lead, inner, alphabet, min and max length of the random part, tail, body check.
   */
  static final List<VendorToken> ALL =
      List.of(
          row(
              "AWS access key id",
              List.of("AKIA", "ASIA", "ABIA", "ACCA"),
              "",
              "",
              "A-Z0-9",
              16,
              16,
              "",
              BodyCheck.NOT_REPEATED),
          row(
              "AWS access key id",
              List.of("A3T"),
              "[A-Z0-9]",
              "",
              "A-Z0-9",
              16,
              16,
              "",
              BodyCheck.NOT_REPEATED),
          row(
              "GitHub",
              List.of("ghp_", "gho_", "ghu_", "ghs_", "ghr_"),
              "",
              "",
              ALNUM,
              36,
              251,
              "",
              RANDOM),
          row(
              "GitHub fine-grained",
              List.of("github_pat_"),
              "",
              "",
              ALNUM + "_",
              22,
              251,
              "",
              RANDOM),
          row(
              "GitLab",
              List.of(
                  "glpat-",
                  "glptt-",
                  "gldt-",
                  "glrt-",
                  "glcbt-",
                  "glft-",
                  "glimt-",
                  "gloas-",
                  "glsoat-",
                  "glffct-",
                  "glagent-"),
              "",
              "",
              URL_SAFE,
              20,
              ANY,
              "",
              RANDOM),
          row(
              "GitLab runner registration",
              List.of("GR1348941"),
              "",
              "",
              URL_SAFE,
              20,
              ANY,
              "",
              RANDOM),
          row(
              "Slack",
              List.of("xoxa-", "xoxb-", "xoxp-", "xoxo-", "xoxs-", "xoxr-", "xoxe-"),
              "",
              "",
              "0-9A-Za-z-",
              10,
              ANY,
              "",
              RANDOM),
          row("Slack app", List.of("xapp-"), "", "\\d-", "0-9A-Za-z-", 10, ANY, "", RANDOM),
          row(
              "Anthropic",
              List.of("sk-ant-api", "sk-ant-admin"),
              "\\d\\d-",
              "",
              URL_SAFE,
              32,
              ANY,
              "",
              RANDOM),
          row(
              "OpenAI",
              List.of("sk-proj-", "sk-svcacct-", "sk-admin-", "sk-"),
              "",
              "",
              URL_SAFE,
              20,
              ANY,
              "",
              BodyCheck.MIXED),
          row(
              "Stripe",
              List.of("rk_live_", "rk_test_", "sk_live_", "sk_test_"),
              "",
              "",
              ALNUM,
              20,
              ANY,
              "",
              RANDOM),
          row("Google API key", List.of("AIza"), "", "", URL_SAFE, 35, 35, "", RANDOM),
          row(
              "Google OAuth client secret",
              List.of("GOCSPX-"),
              "",
              "",
              URL_SAFE,
              24,
              ANY,
              "",
              RANDOM),
          row("Google OAuth access token", List.of("ya29."), "", "", URL_SAFE, 20, ANY, "", RANDOM),
          row("Hugging Face", List.of("hf_"), "", "", ALNUM, 30, ANY, "", RANDOM),
          row("npm", List.of("npm_"), "", "", ALNUM, 36, 36, "", RANDOM),
          row("PyPI", List.of("pypi-"), "", "AgE", URL_SAFE, 50, ANY, "", RANDOM),
          row("RubyGems", List.of("rubygems_"), "", "", HEX, 48, 48, "", RANDOM),
          row("Docker Hub", List.of("dckr_pat_"), "", "", URL_SAFE, 20, ANY, "", RANDOM),
          row("Grafana", List.of("glc_", "glsa_"), "", "", "A-Za-z0-9+/=_-", 32, ANY, "", RANDOM),
          row(
              "Shopify",
              List.of("shpat_", "shpca_", "shppa_", "shpss_"),
              "",
              "",
              "0-9a-fA-F",
              32,
              32,
              "",
              RANDOM),
          row(
              "SendGrid",
              List.of("SG."),
              "",
              "[A-Za-z0-9_-]{16,32}\\.",
              URL_SAFE,
              16,
              64,
              "",
              RANDOM),
          row(
              "DigitalOcean",
              List.of("doo_v1_", "dop_v1_", "dor_v1_"),
              "",
              "",
              HEX,
              64,
              64,
              "",
              RANDOM),
          row(
              "Sourcegraph",
              List.of("sgp_"),
              "(?:local_|[0-9a-f]{16}_)?",
              "",
              HEX,
              40,
              40,
              "",
              RANDOM),
          row(
              "HashiCorp Vault",
              List.of("hvs.", "hvb.", "hvr."),
              "",
              "",
              URL_SAFE,
              24,
              ANY,
              "",
              RANDOM),
          row("age", List.of("AGE-SECRET-KEY-1"), "", "", "0-9A-Z", 58, 58, "", RANDOM),
          row(
              "Doppler",
              List.of("dp.ct.", "dp.pt.", "dp.st.", "dp.sa.", "dp.scim.", "dp.audit."),
              "(?:[a-z0-9_-]{1,20}\\.)?",
              "",
              ALNUM,
              40,
              44,
              "",
              RANDOM),
          row("Adafruit IO", List.of("aio_"), "", "", ALNUM, 28, 28, "", RANDOM),
          row("Dependency-Track", List.of("odt_"), "", "", ALNUM, 32, ANY, "", RANDOM),
          row("Atlassian", List.of("ATATT3"), "", "", "A-Za-z0-9_=-", 50, ANY, "", RANDOM),
          row("Databricks", List.of("dapi"), "", "", HEX, 32, 32, "(?:-\\d)?", RANDOM),
          row("Mailgun", List.of("key-"), "", "", HEX, 32, 32, "", RANDOM),
          row("Twilio", List.of("SK"), "", "", HEX, 32, 32, "", RANDOM),
          anchored(
              new Anchor(":", 8, 10),
              row("Telegram bot", List.of(), "\\d{8,10}:", "AA", URL_SAFE, 32, 33, "", RANDOM)),
          row(
              "Grafana API key",
              List.of("eyJrIjoi"),
              "",
              "",
              "A-Za-z0-9+/=_-",
              40,
              ANY,
              "",
              RANDOM),
          anchored(
              new Anchor("-us", 32, 32),
              row("Mailchimp", List.of(), "", "", HEX, 32, 32, "-us\\d{1,2}", RANDOM)),
          row("Twitch", List.of("live_"), "\\d{6,12}_", "", ALNUM, 30, 30, "", RANDOM),
          // crypt(3) password hashes and Kerberos AS-REP/TGS hashes: crackable offline
          row(
              "password hash",
              List.of(
                  "$1$",
                  "$2a$",
                  "$2b$",
                  "$2x$",
                  "$2y$",
                  "$5$",
                  "$6$",
                  "$7$",
                  "$8$",
                  "$9$",
                  "$y$",
                  "$gy$",
                  "$argon2id$",
                  "$argon2i$",
                  "$argon2d$",
                  "$krb5asrep$",
                  "$krb5tgs$"),
              "",
              "",
              "^\\s'\"`<>",
              20,
              ANY,
              "",
              RANDOM));
}
