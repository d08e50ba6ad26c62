package io.tributary.audit;

import io.tributary.model.AuditEntry;
import io.tributary.model.IngestStatus;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The deliveries of one append that changed nothing ({@code ingest.unchanged}) audited as one entry
 * per source and actor instead of one per record. A replay of a topic or a full re-send of a source
 * is mostly unchanged records: one entry per record made it cost about as much audit work as the
 * first ingest, and grew the log by a row per record at every replay.
 *
 * <p>The merged entry has no record id; its detail names every delivery: {@code {"count": n,
 * "records": [{"id": ..., "chunks": ..., "contentHash": ...}, ...]}}, in the order they came, each
 * with the detail its own entry would have had. A record's history finds it by the id inside
 * ({@link AuditTrail#history}, through a GIN index of {@code detail->'records'}). An append with a
 * single unchanged delivery of a source keeps the per-record entry.
 */
public final class UnchangedBatch {

  /** The action of an unchanged delivery, merged or not. */
  public static final String ACTION = "ingest." + IngestStatus.UNCHANGED.wire();

  /** At most this many deliveries per merged entry, so that one row stays small. */
  static final int MAX_RECORDS = 500;

  private UnchangedBatch() {}

  /**
   * The entries with each source's and actor's unchanged deliveries merged into one entry (or
   * several of at most {@link #MAX_RECORDS}) at the position of the first of them; every other
   * entry as it was, in its order.
   */
  public static List<AuditEntry> merged(List<AuditEntry> entries) {
    Map<List<String>, Integer> counts = new HashMap<>();
    for (AuditEntry e : entries) {
      if (mergeable(e)) {
        counts.merge(group(e), 1, Integer::sum);
      }
    }
    if (counts.values().stream().noneMatch(n -> n > 1)) {
      return entries;
    }
    // each output position that a merged entry takes, with the deliveries it names
    List<AuditEntry> out = new ArrayList<>(entries.size());
    Map<Integer, List<Map<String, Object>>> slots = new HashMap<>();
    Map<List<String>, Integer> open = new HashMap<>();
    for (AuditEntry e : entries) {
      List<String> g = mergeable(e) ? group(e) : null;
      if (g == null || counts.get(g) == 1) {
        out.add(e);
        continue;
      }
      Integer at = open.get(g);
      if (at == null || slots.get(at).size() == MAX_RECORDS) {
        at = out.size();
        open.put(g, at);
        slots.put(at, new ArrayList<>());
        out.add(e); // replaced by the merged entry below
      }
      Map<String, Object> one = new LinkedHashMap<>();
      one.put("id", e.recordId());
      one.putAll(e.detail());
      slots.get(at).add(one);
    }
    slots.forEach((at, records) -> out.set(at, entry(out.get(at), records)));
    return out;
  }

  private static AuditEntry entry(AuditEntry first, List<Map<String, Object>> records) {
    Map<String, Object> detail = new LinkedHashMap<>();
    detail.put("count", records.size());
    detail.put("records", List.copyOf(records));
    return new AuditEntry(first.actor(), ACTION, first.source(), null, detail);
  }

  private static boolean mergeable(AuditEntry e) {
    return ACTION.equals(e.action()) && e.recordId() != null && !e.detail().containsKey("id");
  }

  private static List<String> group(AuditEntry e) {
    return Arrays.asList(e.source(), e.actor());
  }
}
