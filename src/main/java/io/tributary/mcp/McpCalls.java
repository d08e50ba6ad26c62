package io.tributary.mcp;

import io.quarkiverse.mcp.server.JsonRpcErrorCodes;
import io.quarkiverse.mcp.server.McpException;
import io.quarkiverse.mcp.server.ToolCallException;
import io.tributary.api.Caller;
import io.tributary.api.Callers;
import io.tributary.api.ProblemException;
import io.tributary.api.Roles;
import io.tributary.audit.AuditLog;
import io.tributary.model.AuditEntry;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;

/**
 * What every MCP tool call goes through: the authenticated {@link Caller} of the HTTP request that
 * carries it, the {@code search} role, and the mapping of refusals onto the protocol.
 *
 * <ul>
 *   <li>No caller, a caller without {@code search}, or a refused delegation: a JSON-RPC error
 *       {@code -32001} (security), never data. Refusals of an authenticated caller are audited as
 *       {@code mcp.refused} with the tool's name.
 *   <li>A request the REST API would answer 4xx (a bad argument, an unknown chunk): a tool error
 *       ({@code isError: true}) whose text is the problem's title and detail, which name no stored
 *       value.
 * </ul>
 *
 * Thread-safe; the caller is resolved per HTTP request by {@link Callers}.
 */
@ApplicationScoped
public class McpCalls {

  /** The audit action of a tool: {@code mcp.<tool>}. */
  public static String action(String tool) {
    return "mcp." + tool;
  }

  private final Callers callers;
  private final AuditLog audit;

  public McpCalls(Callers callers, AuditLog audit) {
    this.callers = callers;
    this.audit = audit;
  }

  /**
   * Runs {@code body} for the current caller once it is known to hold {@code search}; the body
   * audits what it returns.
   */
  public <T> T run(String tool, Function<Caller, T> body) {
    Caller caller = caller(tool);
    try {
      return body.apply(caller);
    } catch (ProblemException e) {
      int status = e.problem().status();
      if (status == 401 || status == 403) {
        throw refused(tool, caller, e.problem().detail());
      }
      if (status >= 500) {
        throw e;
      }
      throw new ToolCallException(e.problem().title() + ": " + e.problem().detail());
    }
  }

  /** Appends an audit entry for a tool call: {@code mcp.<tool>}, the caller and the detail. */
  public void audited(
      String tool, Caller caller, String source, String recordId, Map<String, Object> detail) {
    Map<String, Object> d = new LinkedHashMap<>();
    d.put("tool", tool);
    d.put("principals", caller.principals().stream().sorted().toList());
    d.putAll(detail);
    audit.append(new AuditEntry(caller.actor(), action(tool), source, recordId, d));
  }

  private Caller caller(String tool) {
    Caller caller;
    try {
      caller = callers.current();
    } catch (ProblemException e) {
      // 401 (no identity) or a refused delegation header: nothing reliable to audit as the actor.
      throw new McpException(
          e.problem().title() + ": " + e.problem().detail(), JsonRpcErrorCodes.SECURITY_ERROR);
    }
    if (!caller.has(Roles.SEARCH)) {
      throw refused(tool, caller, "the tool '" + tool + "' needs the role '" + Roles.SEARCH + "'");
    }
    return caller;
  }

  private McpException refused(String tool, Caller caller, String why) {
    audit.append(
        new AuditEntry(
            caller.actor(), "mcp.refused", null, null, Map.of("tool", tool, "reason", why)));
    return new McpException("Forbidden: " + why, JsonRpcErrorCodes.SECURITY_ERROR);
  }
}
