package io.tributary.audit;

import io.tributary.model.AuditEntry;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * Appends the entries of concurrent callers in groups (group commit): each {@link #append} returns
 * only once its entry is committed, as with {@link AuditLog#append(AuditEntry)}, but the callers
 * that arrive while an append is under way share the next transaction, chain lock and WAL flush
 * instead of queueing for one each. Searches append one entry per answer and the chain lock
 * serialises appenders, so without it 16 concurrent searches spend most of their time waiting for
 * each other's audit commits.
 *
 * <p>No thread of its own: the first caller leads (appends what is queued, its own entry included,
 * in batches of at most {@link #MAX_BATCH}); when its entry is committed it hands the lead to the
 * oldest waiting caller. A single caller therefore appends exactly as before, with no hand-off. If
 * a batch fails, its entries are appended one by one, so one bad entry fails only its own caller.
 * Thread-safe; entries are appended in arrival order.
 */
@ApplicationScoped
public class GroupCommitAudit {

  /** Most entries in one transaction. */
  static final int MAX_BATCH = 64;

  private static final class Pending {
    final AuditEntry entry;
    final CompletableFuture<Void> done = new CompletableFuture<>();
    final CompletableFuture<Void> lead = new CompletableFuture<>();

    Pending(AuditEntry entry) {
      this.entry = entry;
    }
  }

  private final AuditLog log;
  private final Deque<Pending> queue = new ArrayDeque<>();
  private boolean leading;

  @Inject
  public GroupCommitAudit(AuditLog log) {
    this.log = log;
  }

  /**
   * Appends {@code entry}; returns once it is committed, or throws what the audit log threw for it.
   */
  public void append(AuditEntry entry) {
    Pending mine = new Pending(entry);
    synchronized (this) {
      queue.addLast(mine);
      if (!leading) {
        leading = true;
        mine.lead.complete(null);
      }
    }
    CompletableFuture.anyOf(mine.done, mine.lead).join();
    if (!mine.done.isDone()) {
      lead(mine);
    }
    try {
      mine.done.join();
    } catch (CompletionException e) {
      if (e.getCause() instanceof RuntimeException r) {
        throw r;
      }
      throw e;
    }
  }

  private void lead(Pending mine) {
    try {
      while (!mine.done.isDone()) {
        List<Pending> batch = new ArrayList<>();
        synchronized (this) {
          while (batch.size() < MAX_BATCH && !queue.isEmpty()) {
            batch.add(queue.pollFirst());
          }
        }
        try {
          commit(batch);
        } catch (Error e) {
          batch.forEach(p -> p.done.completeExceptionally(e));
          throw e;
        }
      }
    } finally {
      synchronized (this) {
        Pending next = queue.peekFirst();
        if (next == null) {
          leading = false;
        } else {
          next.lead.complete(null);
        }
      }
    }
  }

  /** Callers waiting for their entry now (tests). */
  synchronized int waiting() {
    return queue.size();
  }

  private void commit(List<Pending> batch) {
    try {
      log.append(batch.stream().map(p -> p.entry).toList());
      batch.forEach(p -> p.done.complete(null));
    } catch (RuntimeException e) {
      if (batch.size() == 1) {
        batch.get(0).done.completeExceptionally(e);
        return;
      }
      for (Pending p : batch) {
        try {
          log.append(p.entry);
          p.done.complete(null);
        } catch (RuntimeException one) {
          p.done.completeExceptionally(one);
        }
      }
    }
  }
}
