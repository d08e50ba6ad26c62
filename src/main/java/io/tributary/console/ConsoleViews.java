package io.tributary.console;

import io.quarkus.qute.TemplateData;
import io.tributary.audit.AuditTrail;
import io.tributary.deadletter.DeadLetterEntry;
import io.tributary.jobs.Job;
import io.tributary.jobs.JobControl;
import io.tributary.model.Origin;
import io.tributary.model.SearchHit;
import io.tributary.source.SourcesResource.SourceView;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/** What the console's templates show: flat, immutable rows built from the service's own types. */
final class ConsoleViews {

  private ConsoleViews() {}

  /** The signed-in caller: actor, the sections it may open, the session's CSRF token. */
  @TemplateData
  record Me(String actor, boolean operator, boolean search, boolean auditor, String csrf) {}

  /** A name and a number (counters, redactions by type). */
  @TemplateData
  record Count(String name, long value) {
    static List<Count> of(Map<String, ? extends Number> map) {
      return new TreeMap<>(map)
          .entrySet().stream().map(e -> new Count(e.getKey(), e.getValue().longValue())).toList();
    }
  }

  @TemplateData
  record SourceRow(
      String source,
      String topic,
      String lag,
      String consumer,
      List<Count> counts,
      String lastError) {
    static SourceRow of(SourceView v) {
      return new SourceRow(
          v.source(),
          v.topic(),
          v.lag() == null ? "unknown" : String.valueOf(v.lag()),
          v.consumer(),
          Count.of(v.counts()),
          v.lastError());
    }
  }

  @TemplateData
  record Letter(
      long id,
      String source,
      String recordId,
      String stage,
      String reason,
      String errorClass,
      String origin,
      String createdAt) {
    static Letter of(DeadLetterEntry e) {
      return new Letter(
          e.id(),
          e.source(),
          e.recordId(),
          e.stage(),
          e.reason(),
          e.errorClass(),
          describe(e.origin()),
          String.valueOf(e.createdAt()));
    }
  }

  @TemplateData
  record JobRow(
      long id,
      String kind,
      String source,
      String status,
      String actor,
      String startedAt,
      String finishedAt,
      String error,
      long done,
      long total,
      int percent,
      boolean running,
      List<Count> counts,
      List<String> needsResend) {
    static JobRow of(Job j, JobControl.Progress p) {
      return new JobRow(
          j.id(),
          j.type(),
          j.source(),
          j.state(),
          j.actor(),
          String.valueOf(j.startedAt()),
          j.finishedAt() == null ? "" : j.finishedAt().toString(),
          j.error(),
          p.done(),
          p.total(),
          p.percent(),
          !p.finished(),
          Count.of(j.counts()),
          j.needsResend().stream().limit(50).toList());
    }
  }

  @TemplateData
  record Hit(
      int n,
      String chunkId,
      String score,
      String text,
      String source,
      String recordId,
      String recordVersion,
      int ordinal,
      String origin,
      String ingestedAt,
      String model,
      String policy,
      String contentHash,
      List<Count> redactions,
      String document) {
    static Hit of(int n, SearchHit h) {
      var p = h.provenance();
      return new Hit(
          n,
          h.chunkId().toString(),
          String.format(Locale.ROOT, "%.4f", h.score()),
          h.text(),
          p.source(),
          p.recordId(),
          p.recordVersion() == null ? "" : String.valueOf(p.recordVersion()),
          p.chunkOrdinal(),
          describe(p.origin()),
          String.valueOf(p.ingestedAt()),
          p.embeddingModel(),
          p.policyVersion(),
          p.contentHash(),
          Count.of(p.redactions()),
          p.document().isEmpty() ? "" : p.document().toString());
    }
  }

  @TemplateData
  record Citation(int n, String source, String recordId, String recordVersion, String chunkId) {}

  @TemplateData
  record AuditRow(
      long id,
      long seq,
      String at,
      String actor,
      String action,
      String source,
      String recordId,
      String detail) {
    static AuditRow of(AuditTrail.Entry e) {
      String detail = e.detail() == null ? "" : e.detail().toString();
      return new AuditRow(
          e.id(),
          e.seq(),
          String.valueOf(e.at()),
          e.actor(),
          e.action(),
          e.source(),
          e.recordId(),
          detail.length() > 400 ? detail.substring(0, 400) + "…" : detail);
    }
  }

  @TemplateData
  record Verdict(boolean ok, long entries, String start, String reason, String head) {
    static Verdict of(AuditTrail.Verdict v) {
      String where =
          v.firstBadSeq() == null
              ? ""
              : " (first bad entry at chain position " + v.firstBadSeq() + ")";
      return new Verdict(
          v.ok(),
          v.entries(),
          v.start().name(),
          v.reason() == null ? "" : v.reason() + where,
          v.headSeq() == null ? "" : v.headSeq() + " " + v.headMac());
    }
  }

  static String describe(Origin o) {
    if (o == null) {
      return "";
    }
    if (o.topic() != null) {
      return o.transport() + " " + o.topic() + "/" + o.partition() + "@" + o.offset();
    }
    return o.transport() + (o.path() == null ? "" : " " + o.path());
  }
}
