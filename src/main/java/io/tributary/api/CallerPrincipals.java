package io.tributary.api;

import io.tributary.config.TributaryConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * The caller's principals. Until authentication exists they come from the comma-separated {@code
 * X-Tributary-Principals} header, and only where {@code tributary.search.trust-principals-header}
 * is set (dev and test profiles). Elsewhere a request carrying the header is refused with 403, so a
 * client that believes it sends principals learns that they are not honoured, and callers have no
 * principals (they see only public records, when {@code empty-acl-public} is set).
 */
@ApplicationScoped
public class CallerPrincipals {

  public static final String HEADER = "X-Tributary-Principals";
  static final int MAX_PRINCIPALS = 64;
  static final int MAX_PRINCIPAL_CHARS = 200;

  private final boolean trustHeader;

  @Inject
  public CallerPrincipals(TributaryConfig config) {
    this(config.search().trustPrincipalsHeader());
  }

  CallerPrincipals(boolean trustHeader) {
    this.trustHeader = trustHeader;
  }

  public Set<String> of(String header) {
    if (header == null) {
      return Set.of();
    }
    if (!trustHeader) {
      throw new ProblemException(
          403,
          "Principals header not trusted",
          HEADER
              + " is honoured only when tributary.search.trust-principals-header is set (dev and"
              + " test)");
    }
    Set<String> out = new LinkedHashSet<>();
    for (String p : header.split(",")) {
      String trimmed = p.strip();
      if (trimmed.isEmpty()) {
        continue;
      }
      if (trimmed.length() > MAX_PRINCIPAL_CHARS) {
        throw new ProblemException(
            400, "Invalid principals", "a principal is longer than " + MAX_PRINCIPAL_CHARS);
      }
      out.add(trimmed);
    }
    if (out.size() > MAX_PRINCIPALS) {
      throw new ProblemException(
          400, "Invalid principals", "more than " + MAX_PRINCIPALS + " principals");
    }
    return Set.copyOf(out);
  }
}
