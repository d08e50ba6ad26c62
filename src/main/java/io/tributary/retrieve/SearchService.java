package io.tributary.retrieve;

import io.tributary.audit.AuditLog;
import io.tributary.embed.Embedder;
import io.tributary.model.AuditEntry;
import io.tributary.model.SearchHit;
import io.tributary.redact.RedactedText;
import io.tributary.redact.Redactor;
import io.tributary.store.ChunkRepository;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Semantic search: the query is redacted before it is embedded or audited, so a customer's SSN
 * typed into a search box reaches neither the model nor the audit log. Every search is audited.
 */
@ApplicationScoped
public class SearchService {

  private final Redactor redactor;
  private final Embedder embedder;
  private final ChunkRepository store;
  private final AuditLog audit;

  public SearchService(Redactor redactor, Embedder embedder, ChunkRepository store, AuditLog audit) {
    this.redactor = redactor;
    this.embedder = embedder;
    this.store = store;
    this.audit = audit;
  }

  public List<SearchHit> search(String query, int topK, String caller) {
    RedactedText redacted = redactor.redactText(query);
    float[] vector = embedder.embed(List.of(redacted.text())).get(0);
    List<SearchHit> hits = store.search(vector, topK);
    Map<String, Object> detail = new LinkedHashMap<>();
    detail.put("query", redacted.text());
    detail.put("topK", topK);
    detail.put("chunkIds", hits.stream().map(h -> h.chunkId().toString()).toList());
    audit.append(new AuditEntry(caller, "search", null, null, detail));
    return hits;
  }
}
