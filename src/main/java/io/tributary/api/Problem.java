package io.tributary.api;

import com.fasterxml.jackson.annotation.JsonInclude;

/** An RFC 9457 problem detail, the body of every error answer. Never carries a stack trace. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Problem(String type, String title, int status, String detail) {

  public static final String MEDIA_TYPE = "application/problem+json";

  public static Problem of(int status, String title, String detail) {
    return new Problem("about:blank", title, status, detail);
  }
}
