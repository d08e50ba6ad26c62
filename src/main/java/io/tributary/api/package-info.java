/**
 * What every HTTP endpoint shares: callers and roles, problem answers, request limits, and the
 * OpenAPI document's frame (below; {@link io.tributary.api.OpenApiDocument} completes each
 * operation at start-up).
 */
@OpenAPIDefinition(
    info =
        @Info(
            title = "Tributary API",
            // replaced by the application's version (quarkus.smallrye-openapi.info-version)
            version = "0",
            description =
                """
                Enterprise records and documents in — redacted, chunked, embedded into pgvector — and \
                search and prompt-ready context out, each passage with its provenance.

                **Authentication.** Every operation needs credentials; only `/q/health` is open.
                - `oidc`: an access token of the configured OpenID Connect provider, \
                `Authorization: Bearer <JWT>`. Its roles claim carries the roles, its subject and \
                groups are the principals matched against record ACLs.
                - `apiKey`: a key an admin created (`POST /v1/keys` or `scripts/keys.sh`), sent as \
                `X-API-Key: trb_...` or as `Authorization: Bearer trb_...`. The key's definition \
                carries its roles and groups.

                **Roles.** `ingest` writes records, documents and syncs of every source, \
                `ingest:<source>` of one; `search` reads (search, context, chunks, records), record \
                ACLs still deciding what it sees; `operator` sees sources and dead letters and starts \
                reindex jobs; `auditor` reads and verifies the audit log; `admin` manages API keys; \
                `delegate` may act for an end user (`X-Tributary-On-Behalf-Of`). Each operation names \
                the roles it needs, and so does its security requirement.

                **Errors** are `application/problem+json` (RFC 9457) and never carry a stack trace: \
                401 with `WWW-Authenticate: Bearer realm="tributary"` when credentials are missing or \
                refused, 403 when a role is missing. Besides the answers each operation lists, any \
                request may be answered 413 (a body over `quarkus.http.limits.max-body-size`), 414 \
                or 431 (a request line or headers over the limits of docs/configuration.md) and 500.
                """),
    tags = {
      @Tag(
          name = OpenApiDocument.INGEST,
          description =
              "Records, documents and directory syncs in. Role `ingest`, or `ingest:<source>`"
                  + " for one source."),
      @Tag(
          name = OpenApiDocument.RETRIEVAL,
          description =
              "Search, context for LLMs, chunks and record views. Role `search`; record ACLs"
                  + " decide what each caller sees."),
      @Tag(
          name = OpenApiDocument.OPERATIONS,
          description = "Sources, reindex jobs and dead letters. Role `operator`."),
      @Tag(
          name = OpenApiDocument.AUDIT,
          description = "The audit log and the verification of its chain. Role `auditor`."),
      @Tag(
          name = OpenApiDocument.KEYS,
          description = "API keys: create, list, revoke. Role `admin`.")
    },
    components =
        @Components(
            securitySchemes = {
              @SecurityScheme(
                  securitySchemeName = OpenApiDocument.OIDC,
                  type = SecuritySchemeType.HTTP,
                  scheme = "bearer",
                  bearerFormat = "JWT",
                  description =
                      "An access token of the OpenID Connect provider"
                          + " (quarkus.oidc.auth-server-url, TRIBUTARY_OIDC_ISSUER), for the"
                          + " audience TRIBUTARY_OIDC_AUDIENCE. Where an issuer is configured, this"
                          + " scheme reads as openIdConnect with the provider's discovery URL."),
              @SecurityScheme(
                  securitySchemeName = OpenApiDocument.API_KEY,
                  type = SecuritySchemeType.APIKEY,
                  in = SecuritySchemeIn.HEADER,
                  apiKeyName = "X-API-Key",
                  description =
                      "An API key, `trb_<id>_<secret>`, created by an admin (POST /v1/keys) and"
                          + " shown once. `Authorization: Bearer trb_...` works as well.")
            },
            responses = {
              @APIResponse(
                  name = OpenApiDocument.UNAUTHORIZED,
                  responseCode = "401",
                  description =
                      "No credentials, or credentials that do not verify: a token expired, badly"
                          + " signed, for another audience or issuer; an unknown, revoked or"
                          + " expired API key.",
                  headers =
                      @Header(
                          name = "WWW-Authenticate",
                          description = "`Bearer realm=\"tributary\"`",
                          schema = @Schema(type = SchemaType.STRING)),
                  content =
                      @Content(
                          mediaType = Problem.MEDIA_TYPE,
                          schema = @Schema(implementation = Problem.class))),
              @APIResponse(
                  name = OpenApiDocument.FORBIDDEN,
                  responseCode = "403",
                  description =
                      "Authenticated, but not allowed: the caller lacks the role the operation"
                          + " names, or names a user to act for without the `delegate` role, or"
                          + " sends X-Tributary-Principals outside dev mode.",
                  content =
                      @Content(
                          mediaType = Problem.MEDIA_TYPE,
                          schema = @Schema(implementation = Problem.class))),
              @APIResponse(
                  name = OpenApiDocument.TOO_MANY,
                  responseCode = "429",
                  description =
                      "Over the caller's request rate or characters ingested per minute"
                          + " (tributary.quota.*): nothing of the request was applied; send it"
                          + " again after Retry-After seconds.",
                  headers =
                      @Header(
                          name = "Retry-After",
                          description = "Seconds after which the same request is admitted.",
                          schema = @Schema(type = SchemaType.INTEGER)),
                  content =
                      @Content(
                          mediaType = Problem.MEDIA_TYPE,
                          schema = @Schema(implementation = Problem.class))),
              @APIResponse(
                  name = OpenApiDocument.UNAVAILABLE,
                  responseCode = "503",
                  description =
                      "Temporarily unavailable (the database or the embedding model): send the"
                          + " same request again later; every write is idempotent.",
                  headers =
                      @Header(
                          name = "Retry-After",
                          description = "Seconds to wait, where the service can tell.",
                          schema = @Schema(type = SchemaType.INTEGER)),
                  content =
                      @Content(
                          mediaType = Problem.MEDIA_TYPE,
                          schema = @Schema(implementation = Problem.class)))
            },
            parameters = {
              @Parameter(
                  name = Callers.ON_BEHALF_OF,
                  in = ParameterIn.HEADER,
                  description =
                      "The end user a `delegate` caller acts for (an assistant serving many"
                          + " users): that user and X-Tributary-On-Behalf-Of-Groups become the"
                          + " principals matched against record ACLs, and the audit entry reads"
                          + " \"<caller> on behalf of <user>\". 403 without the `delegate` role.",
                  schema = @Schema(type = SchemaType.STRING, maxLength = 200)),
              @Parameter(
                  name = Callers.ON_BEHALF_OF_GROUPS,
                  in = ParameterIn.HEADER,
                  description =
                      "Comma-separated groups of the user named by X-Tributary-On-Behalf-Of (at"
                          + " most 64 principals in all).",
                  schema = @Schema(type = SchemaType.STRING))
            }))
package io.tributary.api;

import org.eclipse.microprofile.openapi.annotations.Components;
import org.eclipse.microprofile.openapi.annotations.OpenAPIDefinition;
import org.eclipse.microprofile.openapi.annotations.enums.ParameterIn;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.enums.SecuritySchemeIn;
import org.eclipse.microprofile.openapi.annotations.enums.SecuritySchemeType;
import org.eclipse.microprofile.openapi.annotations.headers.Header;
import org.eclipse.microprofile.openapi.annotations.info.Info;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityScheme;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
