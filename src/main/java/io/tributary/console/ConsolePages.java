package io.tributary.console;

import io.quarkus.qute.Location;
import io.quarkus.qute.Template;
import io.quarkus.qute.TemplateInstance;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/**
 * The console's templates (src/main/resources/templates/console), and its error page; a singleton
 * (no client proxy) so that its fields are read directly.
 */
@Singleton
public class ConsolePages {

  static final MediaType HTML = MediaType.TEXT_HTML_TYPE.withCharset("UTF-8");

  @Inject
  @Location("console/login.html")
  Template login;

  @Inject
  @Location("console/signedin.html")
  Template signedIn;

  @Inject
  @Location("console/index.html")
  Template index;

  @Inject
  @Location("console/sources.html")
  Template sources;

  @Inject
  @Location("console/deadletters.html")
  Template deadLetters;

  @Inject
  @Location("console/jobs.html")
  Template jobs;

  @Inject
  @Location("console/job.html")
  Template job;

  @Inject
  @Location("console/search.html")
  Template search;

  @Inject
  @Location("console/audit.html")
  Template audit;

  @Inject
  @Location("console/error.html")
  Template error;

  /** A console answer thrown from deep in a request, answered as it is. */
  @ServerExceptionMapper
  public Response answer(ConsoleAnswer e) {
    return e.response();
  }

  /** An HTML page with this status. */
  static Response page(int status, TemplateInstance page) {
    return Response.status(status).type(HTML).entity(page.render()).build();
  }

  /** The error page: status, title and what to do; never a stack trace. */
  Response error(int status, String title, String detail) {
    return page(status, error.data("status", status).data("title", title).data("detail", detail));
  }
}
