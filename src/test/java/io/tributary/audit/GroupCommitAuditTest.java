package io.tributary.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tributary.model.AuditEntry;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

class GroupCommitAuditTest {

  /** Records each append's actions; blocks the first append until released; fails on "bad". */
  static final class FakeLog implements AuditLog {
    final List<List<String>> appends = Collections.synchronizedList(new ArrayList<>());
    final CountDownLatch firstStarted = new CountDownLatch(1);
    final CountDownLatch release = new CountDownLatch(1);
    volatile boolean blockFirst;

    @Override
    public void append(List<AuditEntry> entries) {
      List<String> actions = entries.stream().map(AuditEntry::action).toList();
      if (blockFirst && firstStarted.getCount() == 1) {
        firstStarted.countDown();
        try {
          release.await();
        } catch (InterruptedException e) {
          throw new IllegalStateException(e);
        }
      }
      if (actions.contains("bad")) {
        throw new IllegalStateException("refused");
      }
      appends.add(actions);
    }
  }

  private static AuditEntry entry(String action) {
    return new AuditEntry("caller", action, null, null, Map.of());
  }

  @Test
  void should_append_a_lone_entry_in_a_transaction_of_its_own() {
    FakeLog log = new FakeLog();
    GroupCommitAudit audit = new GroupCommitAudit(log);

    audit.append(entry("a"));
    audit.append(entry("b"));

    assertThat(log.appends).containsExactly(List.of("a"), List.of("b"));
    assertThat(audit.waiting()).isZero();
  }

  @Test
  void should_commit_the_entries_of_callers_that_arrive_meanwhile_together_and_in_order()
      throws Exception {
    FakeLog log = new FakeLog();
    log.blockFirst = true;
    GroupCommitAudit audit = new GroupCommitAudit(log);
    ExecutorService pool = Executors.newFixedThreadPool(6);
    try {
      Future<?> first = pool.submit(() -> audit.append(entry("first")));
      log.firstStarted.await();
      List<Future<?>> others = new ArrayList<>();
      for (int i = 0; i < 5; i++) {
        String action = "e" + i;
        others.add(pool.submit(() -> audit.append(entry(action))));
        while (audit.waiting() < i + 1) {
          Thread.onSpinWait();
        }
      }
      // Nobody returns before their entry is committed.
      assertThat(others).noneMatch(Future::isDone);
      log.release.countDown();
      first.get();
      for (Future<?> f : others) {
        f.get();
      }
    } finally {
      pool.shutdownNow();
    }

    assertThat(log.appends)
        .containsExactly(List.of("first"), List.of("e0", "e1", "e2", "e3", "e4"));
    assertThat(audit.waiting()).isZero();
  }

  @Test
  void should_fail_only_the_caller_whose_entry_is_refused() throws Exception {
    FakeLog log = new FakeLog();
    log.blockFirst = true;
    GroupCommitAudit audit = new GroupCommitAudit(log);
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      Future<?> first = pool.submit(() -> audit.append(entry("first")));
      log.firstStarted.await();
      List<Future<?>> others = new ArrayList<>();
      for (String action : List.of("a", "bad", "c")) {
        int before = audit.waiting();
        others.add(pool.submit(() -> audit.append(entry(action))));
        while (audit.waiting() < before + 1) {
          Thread.onSpinWait();
        }
      }
      log.release.countDown();
      first.get();
      others.get(0).get();
      assertThatThrownBy(() -> others.get(1).get()).hasRootCauseMessage("refused");
      others.get(2).get();
    } finally {
      pool.shutdownNow();
    }

    assertThat(log.appends).containsExactly(List.of("first"), List.of("a"), List.of("c"));
  }
}
