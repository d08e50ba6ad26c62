package io.tributary.retrieve;

import io.quarkus.qute.Engine;
import io.quarkus.qute.Template;
import io.tributary.api.ProblemException;
import io.tributary.audit.AuditLog;
import io.tributary.config.TributaryConfig;
import io.tributary.model.SearchHit;
import io.tributary.model.Sha256;
import io.tributary.pipeline.TokenCounter;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * Prompt-ready context: the best chunks the caller may see, deduplicated, numbered [1], [2], ... in
 * rank order, rendered with a Qute template from {@code tributary.context.templates-dir} ({@code
 * default.txt}, or {@code <name>.txt} named per use), and cut to fit a token budget counted by the
 * embedding model's tokenizer (word pieces; an LLM's own tokenizer counts somewhat differently).
 * Templates see {@code query} (redacted) and {@code passages}, each with {@code n}, {@code text},
 * {@code source}, {@code recordId}, {@code recordVersion}, {@code chunkId} and {@code score}.
 */
@ApplicationScoped
public class ContextService {

  static final Pattern TEMPLATE_NAME = Pattern.compile("[a-z0-9][a-z0-9_-]{0,63}");

  /** One numbered passage, as templates see it. */
  public record Passage(
      int n,
      String text,
      String source,
      String recordId,
      Long recordVersion,
      String chunkId,
      double score) {}

  /** A rendered context with the citations it uses. */
  public record Context(String text, int tokens, String template, List<Citation> citations) {}

  /** Citation {@code [n]} and the hit it stands for. */
  public record Citation(int n, SearchHit hit) {}

  private final SearchService search;
  private final TokenCounter tokens;
  private final AuditLog audit;
  private final Engine engine;
  private final Path dir;
  private final Map<String, Template> templates = new ConcurrentHashMap<>();

  public ContextService(
      SearchService search,
      TokenCounter tokens,
      AuditLog audit,
      Engine engine,
      TributaryConfig config) {
    this.search = search;
    this.tokens = tokens;
    this.audit = audit;
    this.engine = engine;
    this.dir = Path.of(config.context().templatesDir());
  }

  /** Assembles a context and appends one {@code context} audit entry. */
  public Context assemble(
      SearchService.Query query,
      int maxTokens,
      String templateName,
      String caller,
      Set<String> principals) {
    return assemble(query, maxTokens, templateName, caller, principals, "context", Map.of());
  }

  /**
   * Assembles a context and appends one audit entry under {@code action} (e.g. {@code
   * mcp.get_context}), its detail that of a context plus {@code extra}.
   */
  public Context assemble(
      SearchService.Query query,
      int maxTokens,
      String templateName,
      String caller,
      Set<String> principals,
      String action,
      Map<String, Object> extra) {
    String name = templateName == null ? "default" : templateName;
    Template template = template(name);
    SearchService.Result result = search.find(query, principals);

    List<Passage> chosen = new ArrayList<>();
    List<Citation> citations = new ArrayList<>();
    String text = render(template, result.redactedQuery(), chosen);
    int used = tokens.count(text);
    if (used > maxTokens) {
      throw new ProblemException(
          400,
          "Invalid context request",
          "maxTokens " + maxTokens + " is below the template's own " + used + " tokens");
    }
    Set<String> seen = new HashSet<>();
    for (SearchHit hit : result.hits()) {
      if (!seen.add(Sha256.hex(hit.text().strip().replaceAll("\\s+", " ")))) {
        continue; // the same passage twice (e.g. a record copied into two sources) is cited once
      }
      Passage p =
          new Passage(
              chosen.size() + 1,
              hit.text(),
              hit.provenance().source(),
              hit.provenance().recordId(),
              hit.provenance().recordVersion(),
              hit.chunkId().toString(),
              hit.score());
      chosen.add(p);
      String candidate = render(template, result.redactedQuery(), chosen);
      int n = tokens.count(candidate);
      if (n > maxTokens) {
        chosen.remove(
            chosen.size() - 1); // too big for what is left; a shorter, lower-ranked one may fit
        continue;
      }
      text = candidate;
      used = n;
      citations.add(new Citation(p.n(), hit));
    }
    Context context = new Context(text, used, name, citations);
    SearchService.Result cited =
        new SearchService.Result(
            citations.stream().map(Citation::hit).toList(),
            result.redactedQuery(),
            result.latencyMicros(),
            result.generation());
    Map<String, Object> detail = new java.util.LinkedHashMap<>(extra);
    detail.put("maxTokens", maxTokens);
    detail.put("tokens", used);
    detail.put("template", name);
    audit.append(search.auditEntry(action, query, cited, caller, principals, detail));
    return context;
  }

  private static String render(Template template, String query, List<Passage> passages) {
    // Maps, not records: templates parsed at run time resolve map keys without reflection.
    List<Map<String, Object>> data = new ArrayList<>(passages.size());
    for (Passage p : passages) {
      Map<String, Object> m = new java.util.LinkedHashMap<>();
      m.put("n", p.n());
      m.put("text", p.text());
      m.put("source", p.source());
      m.put("recordId", p.recordId());
      m.put("recordVersion", p.recordVersion());
      m.put("chunkId", p.chunkId());
      m.put("score", p.score());
      data.add(m);
    }
    return template.data("query", query).data("passages", data).render().strip();
  }

  private Template template(String name) {
    if (!TEMPLATE_NAME.matcher(name).matches()) {
      throw new ProblemException(
          400, "Invalid context request", "template names use a-z, 0-9, '_' and '-'");
    }
    return templates.computeIfAbsent(
        name,
        n -> {
          Path file = dir.resolve(n + ".txt");
          if (!Files.isRegularFile(file)) {
            throw new ProblemException(
                404, "Unknown template", "no context template '" + n + "' in " + dir);
          }
          try {
            return engine.parse(Files.readString(file, StandardCharsets.UTF_8));
          } catch (IOException e) {
            throw new UncheckedIOException(e);
          }
        });
  }
}
