/**
 * The Model Context Protocol face of retrieval: tools an LLM assistant calls over Streamable HTTP
 * at {@code /mcp} ({@code search} and {@code fetch} in the shape ChatGPT connectors expect, {@code
 * get_context}, {@code list_sources}, {@code get_provenance}). Depends on {@code retrieve} and
 * {@code api}; nothing depends on it. The guarantees are the REST API's: the HTTP layer
 * authenticates ({@code quarkus.http.auth.permission.mcp}), {@link io.tributary.mcp.McpCalls}
 * resolves the {@link io.tributary.api.Caller}, requires the {@code search} role and audits every
 * call under {@code mcp.<tool>}, and the principals filter results in SQL as for {@code
 * /v1/search}.
 */
package io.tributary.mcp;
