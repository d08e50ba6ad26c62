package io.tributary.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** An RFC 9457 problem detail, the body of every error answer. Never carries a stack trace. */
@Schema(
    name = "Problem",
    description =
        "An RFC 9457 problem detail (application/problem+json), the body of every error answer."
            + " It names what to fix, never a value the request carried.")
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Problem(
    @Schema(description = "Always `about:blank`: the status and title say what kind it is.")
        String type,
    @Schema(description = "Short and stable for a kind of problem, e.g. `Invalid search`.")
        String title,
    @Schema(description = "The HTTP status.") int status,
    @Schema(description = "What went wrong in this request and what to change.") String detail) {

  public static final String MEDIA_TYPE = "application/problem+json";

  public static Problem of(int status, String title, String detail) {
    return new Problem("about:blank", title, status, detail);
  }
}
