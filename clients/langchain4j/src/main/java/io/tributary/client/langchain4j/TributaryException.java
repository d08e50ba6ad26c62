package io.tributary.client.langchain4j;

/** A search Tributary refused or failed: the HTTP status and the problem's title and detail. */
public class TributaryException extends RuntimeException {

  private final int status;
  private final String title;

  public TributaryException(int status, String title, String detail) {
    super(status + " " + title + (detail == null || detail.isEmpty() ? "" : ": " + detail));
    this.status = status;
    this.title = title;
  }

  public int status() {
    return status;
  }

  public String title() {
    return title;
  }
}
