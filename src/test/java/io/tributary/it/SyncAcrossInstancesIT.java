package io.tributary.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * Two instances against one database, both scheduling a sync of the same folder every second: the
 * syncs of the source never overlap (each run's [start, end], audited as {@code sync.run} inside
 * the cluster lock, ends before the next one starts, whichever instance ran it), both instances
 * take turns, every file is ingested once, and a manual sync while the other instance syncs is
 * answered 409. Without the lock both instances sync the new files at the same time.
 */
class SyncAcrossInstancesIT {

  static final int FILES = 150;

  /** One audited sync run. */
  record Run(String instance, Instant started, Instant finished) {

    static Run parse(String line) {
      String[] f = line.split("\\|");
      return new Run(f[0], Instant.parse(f[1]), Instant.parse(f[2]));
    }
  }

  @Test
  void should_run_one_sync_of_a_source_at_a_time_across_two_instances() throws Exception {
    String source = "sched-" + UUID.randomUUID().toString().substring(0, 8);
    String mine = "source = '" + source + "'";
    Path folder = Files.createTempDirectory("tributary-sched-folder");
    Path config = Files.createTempDirectory("tributary-sched-config");
    Files.writeString(
        config.resolve(source + ".yaml"),
        "directory:\n  path: " + folder + "\n  interval: 1s\n  acl: [staff]\n");
    Map<String, String> env =
        Map.of("TRIBUTARY_CONFIG_DIR", config.toString(), "TRIBUTARY_KAFKA_ENABLED", "false");

    try (ServiceProcess a = ServiceProcess.start("sched-a", env);
        ServiceProcess b = ServiceProcess.start("sched-b", env)) {
      // Both live and ticking: now give them work that takes a while, all at once (one rename), so
      // that the first sync to list it has every file.
      Path batch = Files.createTempDirectory("tributary-sched-batch");
      for (int i = 0; i < FILES; i++) {
        Files.writeString(
            batch.resolve("note-" + i + ".txt"),
            "Sync test note "
                + i
                + " of "
                + source
                + ": the cargo bike parts were delivered late, and the customer asked for a refund"
                + " of part "
                + i
                + ".");
      }
      Files.move(batch, folder.resolve("batch"));

      // While one instance is midway, a manual sync on either is refused: the lock is cluster-wide.
      await()
          .atMost(Duration.ofSeconds(60))
          .pollInterval(Duration.ofMillis(20))
          .until(() -> Sql.count("SELECT count(*) FROM document_files WHERE " + mine) >= 5);
      long doneBefore =
          Sql.count(
              "SELECT count(*) FROM document_files WHERE " + mine + " AND status <> 'pending'");
      HttpResponse<String> onA = postSync(a, source);
      HttpResponse<String> onB = postSync(b, source);
      long doneAfter =
          Sql.count(
              "SELECT count(*) FROM document_files WHERE " + mine + " AND status <> 'pending'");
      assertThat(List.of(onA.statusCode(), onB.statusCode()))
          .as("manual syncs during a sync, %d..%d files done", doneBefore, doneAfter)
          .containsOnly(409);
      assertThat(onA.body() + onB.body()).contains("is running on this or another instance");
      assertThat(doneAfter).as("the sync was still running when both were asked").isLessThan(FILES);

      await()
          .atMost(Duration.ofMinutes(3))
          .pollInterval(Duration.ofMillis(500))
          .until(
              () ->
                  Sql.count(
                          "SELECT count(*) FROM document_files WHERE "
                              + mine
                              + " AND status = 'indexed'")
                      == FILES);
      // Let both instances tick a few more times, so that each has synced at least once.
      await()
          .atMost(Duration.ofSeconds(60))
          .pollInterval(Duration.ofMillis(500))
          .until(() -> runs(source).stream().map(Run::instance).distinct().count() == 2);
      Thread.sleep(3000);
    }

    List<Run> runs = runs(source);
    runs.sort(Comparator.comparing(Run::started));
    for (int i = 1; i < runs.size(); i++) {
      Run before = runs.get(i - 1);
      Run next = runs.get(i);
      assertThat(next.started())
          .as("run %d (%s) starts after run %d (%s) ended", i, next, i - 1, before)
          .isAfterOrEqualTo(before.finished());
    }
    Map<String, Long> byInstance =
        runs.stream().collect(Collectors.groupingBy(Run::instance, Collectors.counting()));
    assertThat(byInstance).as("sync runs per instance").hasSize(2);
    assertThat(
            Sql.count(
                "SELECT count(*) FROM audit_log WHERE " + mine + " AND action = 'ingest.indexed'"))
        .as("each file ingested once")
        .isEqualTo(FILES);
    assertThat(
            Sql.count(
                "SELECT count(*) FROM audit_log WHERE "
                    + mine
                    + " AND action = 'sync.run' AND detail->>'status' <> 'succeeded'"))
        .as("failed sync runs")
        .isZero();
  }

  private static List<Run> runs(String source) {
    return new ArrayList<>(
        Sql.strings(
                "SELECT concat_ws('|', detail->>'instance', detail->>'startedAt',"
                    + " detail->>'finishedAt') FROM audit_log WHERE source = '"
                    + source
                    + "' AND action = 'sync.run'")
            .stream()
            .map(Run::parse)
            .toList());
  }

  private static HttpResponse<String> postSync(ServiceProcess service, String source)
      throws Exception {
    return service.post("/v1/sources/" + source + "/sync");
  }
}
