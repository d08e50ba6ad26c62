package io.tributary.api;

import java.util.Set;

/**
 * The roles a caller may hold, from a token's roles claim or an API key's definition. Each guards a
 * set of endpoints (docs/security.md).
 */
public final class Roles {

  /** Write records, documents and syncs, of every source; {@code ingest:<source>} of one. */
  public static final String INGEST = "ingest";

  /** Search, context, chunks and record views (ACLs still apply). */
  public static final String SEARCH = "search";

  /** Sources, dead letters, jobs, reindex; metrics by default. */
  public static final String OPERATOR = "operator";

  /** The audit log and its verification. */
  public static final String AUDITOR = "auditor";

  /** API keys. */
  public static final String ADMIN = "admin";

  /** May name the end user and groups it acts for (assistants serving many users). */
  public static final String DELEGATE = "delegate";

  public static final Set<String> ALL = Set.of(INGEST, SEARCH, OPERATOR, AUDITOR, ADMIN, DELEGATE);

  private static final String INGEST_OF = INGEST + ":";

  private Roles() {}

  public static String ingestOf(String source) {
    return INGEST_OF + source;
  }

  /** Whether {@code role} is one of {@link #ALL} or {@code ingest:<source>}. */
  public static boolean isKnown(String role) {
    return ALL.contains(role) || (role.startsWith(INGEST_OF) && role.length() > INGEST_OF.length());
  }
}
