package io.tributary.console;

import jakarta.ws.rs.core.Response;

/**
 * A console page's answer thrown from deep in a request (a redirect to the login page, a 403 page):
 * answered as it is ({@link ConsolePages#answer}), not as problem+json, which suits the API but not
 * a browser.
 */
final class ConsoleAnswer extends RuntimeException {

  private final transient Response response;

  ConsoleAnswer(Response response) {
    super(null, null, false, false);
    this.response = response;
  }

  Response response() {
    return response;
  }
}
