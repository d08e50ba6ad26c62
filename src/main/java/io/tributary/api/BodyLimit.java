package io.tributary.api;

import io.quarkus.vertx.http.runtime.CurrentVertxRequest;
import io.vertx.ext.web.RoutingContext;
import jakarta.inject.Inject;
import jakarta.ws.rs.ext.Provider;
import jakarta.ws.rs.ext.ReaderInterceptor;
import jakarta.ws.rs.ext.ReaderInterceptorContext;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * Counts the bytes of a body sent without {@code Content-Length} as a resource reads it, and
 * refuses it with a 413 problem the moment it passes {@code quarkus.http.limits.max-body-size} (see
 * {@link HttpLimits}): nothing past the limit is read.
 */
@Provider
public class BodyLimit implements ReaderInterceptor {

  @Inject CurrentVertxRequest current;

  @Override
  public Object aroundReadFrom(ReaderInterceptorContext context) throws IOException {
    RoutingContext rc = current.getCurrent();
    Long limit = rc == null ? null : rc.get(HttpLimits.BODY_LIMIT_KEY);
    if (limit != null) {
      context.setInputStream(bounded(context.getInputStream(), limit));
    }
    return context.proceed();
  }

  /**
   * {@code in}, failing with a 413 problem once more than {@code limit} bytes have come through.
   */
  public static InputStream bounded(InputStream in, long limit) {
    return bounded(
        in, limit, "Request too large", "the body is over the limit of " + limit + " bytes");
  }

  /**
   * {@code in}, failing with a 413 problem of this title and detail once more than {@code limit}
   * bytes came.
   */
  public static InputStream bounded(InputStream in, long limit, String title, String detail) {
    return new FilterInputStream(in) {
      private long count;

      @Override
      public int read() throws IOException {
        int b = super.read();
        if (b >= 0) {
          count(1);
        }
        return b;
      }

      @Override
      public int read(byte[] buffer, int offset, int length) throws IOException {
        int n = super.read(buffer, offset, length);
        if (n > 0) {
          count(n);
        }
        return n;
      }

      private void count(int n) {
        count += n;
        if (count > limit) {
          throw new ProblemException(413, title, detail);
        }
      }
    };
  }
}
