package io.tributary.redact;

/**
 * The one pass over a text that the {@link SecretRule}s share, copied a chunk at a time: where key
 * words and authorization words may start, the runs of token characters long enough to hold a known
 * token, and the runs of entropy characters long enough to be a high-entropy token. Read-only for
 * the rules once made.
 */
final class SecretScan {

  /**
   * Where, lower-cased, the first three letters of a {@link CredentialAssignmentRule#KEY_WORD} are.
   */
  final TextScan.Positions keyWords = new TextScan.Positions();

  /** Where, lower-cased, the first three letters of authorization, bearer or ssws are. */
  final TextScan.Positions authorizationWords = new TextScan.Positions();

  /**
   * The start and end of each run of 20 {@link VendorTokenRule#tokenChar token characters} or more.
   */
  final TextScan.Positions longRuns = new TextScan.Positions();

  /**
   * The start and end of each run of 20 {@link HighEntropyRule#entropyChar entropy characters} or
   * more.
   */
  final TextScan.Positions entropyRuns = new TextScan.Positions();

  private static final int ENTROPY = 1; // the bits are used as numbers: keep these values
  private static final int TOKEN_CHAR = 2;

  /** For ASCII: {@link HighEntropyRule#entropyChar} and {@link VendorTokenRule#tokenChar}. */
  private static final byte[] CHAR_FLAGS = new byte[128];

  static {
    for (char c = 0; c < 128; c++) {
      CHAR_FLAGS[c] =
          (byte)
              ((HighEntropyRule.entropyChar(c) ? ENTROPY : 0)
                  | (VendorTokenRule.tokenChar(c) ? TOKEN_CHAR : 0));
    }
  }

  SecretScan(String text) {
    int n = text.length();
    // The lengths of the runs of entropy and of token characters that end before i, counted without
    // branching: a branch is taken only where a long run ends, so word boundaries cost no
    // mispredicted
    // jumps.
    int entropyLength = 0;
    int tokenLength = 0;
    int h = 0; // the codes of the last three characters, for the key words
    long[] keyWordBits = CredentialAssignmentRule.KEY_WORD_STARTS.bits();
    long[] authorizationBits = AuthorizationRule.WORD_STARTS.bits();
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
          entropyRuns.add(i - entropyLength);
          entropyRuns.add(i);
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
      entropyRuns.add(n - entropyLength);
      entropyRuns.add(n);
    }
    if (tokenLength >= 20) {
      longRuns.add(n - tokenLength);
      longRuns.add(n);
    }
  }
}
