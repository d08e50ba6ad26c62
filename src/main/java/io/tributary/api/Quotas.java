package io.tributary.api;

import io.quarkus.runtime.Startup;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.vertx.http.runtime.CurrentVertxRequest;
import io.tributary.config.TributaryConfig;
import io.vertx.core.net.SocketAddress;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.function.LongSupplier;

/**
 * Per-caller quotas ({@code tributary.quota.*}): requests to {@code /v1/*} a minute ({@link
 * QuotaFilter} takes one token per request, before the body is read) and characters ingested a
 * minute (the ingest resources {@link #chargeIngest(long) charge} a request before any of it is
 * processed, so a refused request changes nothing). Each is a {@link TokenBuckets} keyed by {@link
 * #callerKey}. Created at start, so a setting it cannot honour fails the start with its key named.
 */
@Startup
@ApplicationScoped
public class Quotas {

  private static final long NANOS_PER_SECOND = 1_000_000_000L;

  /** Each null when its limit is off (0). */
  private final TokenBuckets requests;

  private final TokenBuckets ingestChars;

  @Inject SecurityIdentity identity;
  @Inject CurrentVertxRequest current;

  @Inject
  public Quotas(TributaryConfig config) {
    this(config.quota(), System::nanoTime);
  }

  Quotas(TributaryConfig.Quota quota, LongSupplier nanoClock) {
    this.requests =
        buckets(
            quota.requestsPerMinute(),
            quota.requestBurst(),
            quota.maxCallers(),
            nanoClock,
            "tributary.quota.requests-per-minute / request-burst");
    this.ingestChars =
        buckets(
            quota.ingestCharsPerMinute(),
            quota.ingestCharsPerMinute(),
            quota.maxCallers(),
            nanoClock,
            "tributary.quota.ingest-chars-per-minute");
  }

  private static TokenBuckets buckets(
      long perMinute, long burst, int maxCallers, LongSupplier clock, String keys) {
    if (perMinute == 0) {
      return null;
    }
    try {
      return new TokenBuckets(perMinute, burst, maxCallers, clock);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(keys + ": " + e.getMessage(), e);
    }
  }

  /**
   * Who a quota counts against: the authenticated identity's principal name, else (anonymous) the
   * remote address, so anonymous floods are bounded per address. Behind a reverse proxy every
   * anonymous caller has the proxy's address unless {@code quarkus.http.proxy.*} forwarding is on.
   */
  static String callerKey(SecurityIdentity identity, SocketAddress remote) {
    if (identity != null && !identity.isAnonymous() && identity.getPrincipal() != null) {
      return "id:" + identity.getPrincipal().getName();
    }
    return "ip:" + (remote == null ? "unknown" : remote.hostAddress());
  }

  boolean limitsRequests() {
    return requests != null;
  }

  /** Takes one request token of {@code caller}, or refuses the request (429). */
  void admitRequest(String caller) {
    if (requests == null) {
      return;
    }
    long wait = requests.take(caller, 1);
    if (wait > 0) {
      long retry = seconds(wait);
      throw new QuotaExceededException(
          "Too many requests",
          "this caller may make "
              + requests.perMinute()
              + " requests a minute, "
              + requests.capacity()
              + " at once; retry in "
              + retry
              + " s",
          retry);
    }
  }

  /**
   * Charges the current caller {@code chars} ingested characters, all or none: over what is left
   * the request is refused (429) before anything of it is processed; over a whole minute's quota it
   * could never pass (413).
   */
  public void chargeIngest(long chars) {
    if (ingestChars == null || chars == 0) {
      return;
    }
    long perMinute = ingestChars.capacity();
    if (chars > perMinute) {
      throw new ProblemException(
          413,
          "Over the ingest quota",
          "the request carries "
              + chars
              + " characters; a caller may ingest "
              + perMinute
              + " a minute: send it in smaller requests");
    }
    long wait = ingestChars.take(callerKey(identity, remoteAddress()), chars);
    if (wait > 0) {
      long retry = seconds(wait);
      throw new QuotaExceededException(
          "Ingest quota exceeded",
          "the request carries "
              + chars
              + " characters, more than this caller may ingest now ("
              + perMinute
              + " a minute); nothing of it was ingested; retry in "
              + retry
              + " s",
          retry);
    }
  }

  private SocketAddress remoteAddress() {
    RoutingContext rc = current.getCurrent();
    return rc == null ? null : rc.request().remoteAddress();
  }

  /** Nanoseconds rounded up to whole seconds: a Retry-After that is never too early. */
  static long seconds(long nanos) {
    return TokenBuckets.ceilDiv(nanos, NANOS_PER_SECOND);
  }
}
