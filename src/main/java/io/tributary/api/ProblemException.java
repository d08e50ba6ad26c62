package io.tributary.api;

/** A request the API refuses, answered with its status and a problem+json body. */
public class ProblemException extends RuntimeException {

  private final int status;
  private final String title;

  public ProblemException(int status, String title, String detail) {
    super(detail);
    this.status = status;
    this.title = title;
  }

  public ProblemException(Problem problem) {
    this(problem.status(), problem.title(), problem.detail());
  }

  public Problem problem() {
    return Problem.of(status, title, getMessage());
  }
}
