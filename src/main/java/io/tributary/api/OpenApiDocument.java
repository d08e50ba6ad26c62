package io.tributary.api;

import io.quarkus.smallrye.openapi.OpenApiFilter;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.ConfigProvider;
import org.eclipse.microprofile.openapi.OASFactory;
import org.eclipse.microprofile.openapi.OASFilter;
import org.eclipse.microprofile.openapi.models.OpenAPI;
import org.eclipse.microprofile.openapi.models.Operation;
import org.eclipse.microprofile.openapi.models.PathItem;
import org.eclipse.microprofile.openapi.models.responses.APIResponse;
import org.eclipse.microprofile.openapi.models.responses.APIResponses;
import org.eclipse.microprofile.openapi.models.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.models.security.SecurityScheme;

/**
 * Completes the OpenAPI document ({@code /q/openapi}) at start-up with what holds for every
 * operation, so that no resource repeats it:
 *
 * <ul>
 *   <li>Security: Quarkus derives one requirement per operation from its {@code @RolesAllowed} or
 *       {@code @Authenticated}, the roles as its scopes. Either scheme satisfies it, so each such
 *       operation gets the same roles under {@value #OIDC} and under {@value #API_KEY}, plus the
 *       shared 401, 403, 429 and 503 answers (503: the API key lookup needs the database).
 *   <li>Errors: every 4xx and 5xx answer is problem+json ({@link ProblemMappers}), so an error
 *       response an operation declares without content gets the {@link Problem} schema.
 *   <li>The {@value #OIDC} scheme becomes openIdConnect with the provider's discovery URL when an
 *       issuer is configured and its tenant is on (runtime configuration, hence a start-up filter);
 *       otherwise it stays an HTTP bearer scheme, and no token is accepted.
 * </ul>
 */
@OpenApiFilter(stages = OpenApiFilter.RunStage.RUNTIME_STARTUP)
public class OpenApiDocument implements OASFilter {

  /** Security scheme names. */
  public static final String OIDC = "oidc";

  public static final String API_KEY = "apiKey";

  /** Tags, one per role's part of the API. */
  public static final String INGEST = "Ingest";

  public static final String RETRIEVAL = "Retrieval";
  public static final String OPERATIONS = "Operations";
  public static final String AUDIT = "Audit";
  public static final String KEYS = "Keys";

  /** Shared responses ({@code #/components/responses/...}). */
  public static final String UNAUTHORIZED = "Unauthorized";

  public static final String FORBIDDEN = "Forbidden";
  public static final String UNAVAILABLE = "Unavailable";
  public static final String TOO_MANY = "TooManyRequests";

  private static final String PROBLEM_SCHEMA = "#/components/schemas/Problem";
  private static final String DISCOVERY = "/.well-known/openid-configuration";

  @Override
  public void filterOpenAPI(OpenAPI openAPI) {
    Config config = ConfigProvider.getConfig();
    if (config.getOptionalValue("quarkus.oidc.tenant-enabled", Boolean.class).orElse(true)) {
      config
          .getOptionalValue("quarkus.oidc.auth-server-url", String.class)
          .filter(url -> !url.isBlank())
          .ifPresent(issuer -> discoverable(openAPI.getComponents().getSecuritySchemes(), issuer));
    }
    if (openAPI.getPaths() == null || openAPI.getPaths().getPathItems() == null) {
      return;
    }
    for (PathItem item : openAPI.getPaths().getPathItems().values()) {
      for (Operation operation : item.getOperations().values()) {
        complete(operation);
      }
    }
  }

  private static void discoverable(Map<String, SecurityScheme> schemes, String issuer) {
    SecurityScheme oidc = schemes.get(OIDC);
    oidc.setType(SecurityScheme.Type.OPENIDCONNECT);
    oidc.setScheme(null);
    oidc.setBearerFormat(null);
    oidc.setOpenIdConnectUrl(
        (issuer.endsWith("/") ? issuer.substring(0, issuer.length() - 1) : issuer) + DISCOVERY);
  }

  private static void complete(Operation operation) {
    APIResponses responses = operation.getResponses();
    List<SecurityRequirement> required = operation.getSecurity();
    if (required != null && !required.isEmpty()) {
      Set<String> roles = new LinkedHashSet<>();
      required.forEach(r -> r.getSchemes().values().forEach(roles::addAll));
      List<SecurityRequirement> either = new ArrayList<>();
      for (String scheme : List.of(OIDC, API_KEY)) {
        either.add(OASFactory.createSecurityRequirement().addScheme(scheme, List.copyOf(roles)));
      }
      operation.setSecurity(either);
      // over Quarkus's own 401 and 403, which say less and carry no body
      responses.addAPIResponse("401", shared(UNAUTHORIZED));
      responses.addAPIResponse("403", shared(FORBIDDEN));
      if (!responses.hasAPIResponse("503")) {
        responses.addAPIResponse("503", shared(UNAVAILABLE));
      }
      // every /v1 route counts against the caller's request quota (api/QuotaFilter)
      if (!responses.hasAPIResponse("429")) {
        responses.addAPIResponse("429", shared(TOO_MANY));
      }
    }
    for (Map.Entry<String, APIResponse> answer : responses.getAPIResponses().entrySet()) {
      APIResponse response = answer.getValue();
      if (answer.getKey().matches("[45]\\d\\d")
          && response.getRef() == null
          && Optional.ofNullable(response.getContent())
              .map(c -> c.getMediaTypes().isEmpty())
              .orElse(true)) {
        response.setContent(
            OASFactory.createContent()
                .addMediaType(
                    Problem.MEDIA_TYPE,
                    OASFactory.createMediaType()
                        .schema(OASFactory.createSchema().ref(PROBLEM_SCHEMA))));
      }
    }
  }

  private static APIResponse shared(String name) {
    return OASFactory.createAPIResponse().ref(name);
  }
}
