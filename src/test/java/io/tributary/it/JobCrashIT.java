package io.tributary.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * A reindex job killed with {@code kill -9} resumes from its checkpoint in the next instance (the
 * packaged service, {@link ServiceProcess}): every record is re-processed exactly once by the job,
 * none skipped, none twice, counted in the audit log.
 */
class JobCrashIT {

  static final int RECORDS = 600;
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  private static int postJson(ServiceProcess s, String path, String body) throws Exception {
    return HTTP.send(
            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + s.port() + path))
                .header("Authorization", "Bearer " + TestKeys.all())
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .timeout(Duration.ofSeconds(120))
                .build(),
            HttpResponse.BodyHandlers.ofString())
        .statusCode();
  }

  @Test
  void should_resume_a_killed_reindex_from_its_checkpoint_and_process_each_record_once()
      throws Exception {
    String source = "jcrash-" + UUID.randomUUID().toString().substring(0, 8);
    String mine = "source = '" + source + "'";
    Map<String, String> env = Map.of("TRIBUTARY_KAFKA_SOURCES", "none-" + source);
    long job;
    long processedAtKill;
    try (ServiceProcess first = ServiceProcess.start("jobcrash-first", env)) {
      for (int batch = 0; batch < RECORDS / 50; batch++) {
        StringBuilder body = new StringBuilder("{\"records\":[");
        for (int i = 0; i < 50; i++) {
          int n = batch * 50 + i;
          body.append(i == 0 ? "" : ",")
              .append("{\"id\":\"R-")
              .append(String.format("%05d", n))
              .append("\",\"text\":\"Ticket ")
              .append(n)
              .append(" about the renewal of contract ")
              .append(n * 7)
              .append(", written to desk.")
              .append(n)
              .append("@example.com.\"}");
        }
        assertThat(postJson(first, "/v1/sources/" + source + "/records", body + "]}"))
            .isEqualTo(200);
      }
      // as if the chunker or model had changed: every record is outdated
      Sql.execute("UPDATE records SET pipeline_version = 'older' WHERE " + mine);
      assertThat(
              postJson(first, "/v1/jobs", "{\"type\":\"reindex\",\"source\":\"" + source + "\"}"))
          .isEqualTo(202);
      job = Sql.count("SELECT max(id) FROM jobs WHERE " + mine + " AND kind = 'reindex'");
      await()
          .atMost(Duration.ofMinutes(5))
          .pollInterval(Duration.ofMillis(100))
          .until(() -> Sql.count("SELECT processed FROM jobs WHERE id = " + job) >= 100);
      first.kill();
    }
    processedAtKill = Sql.count("SELECT processed FROM jobs WHERE id = " + job);
    assertThat(Sql.strings("SELECT status FROM jobs WHERE id = " + job)).containsExactly("running");
    assertThat(processedAtKill).as("killed mid-job").isLessThan(RECORDS);

    try (ServiceProcess second = ServiceProcess.start("jobcrash-second", env)) {
      await()
          .atMost(Duration.ofMinutes(5))
          .pollInterval(Duration.ofMillis(250))
          .until(
              () -> Sql.strings("SELECT status FROM jobs WHERE id = " + job).contains("succeeded"));
    }
    assertThat(Sql.count("SELECT resumes FROM jobs WHERE id = " + job)).isEqualTo(1);
    // every record re-processed by the job exactly once, across the kill
    String byJob = " FROM audit_log WHERE actor = 'job:" + job + "' AND action = 'ingest.indexed'";
    assertThat(Sql.count("SELECT count(DISTINCT record_id)" + byJob)).isEqualTo(RECORDS);
    assertThat(Sql.count("SELECT count(*)" + byJob)).isEqualTo(RECORDS);
    assertThat(
            Sql.count(
                "SELECT count(*) FROM records WHERE "
                    + mine
                    + " AND pipeline_version ="
                    + " 'older'"))
        .isZero();
    assertThat(
            Sql.count(
                "SELECT count(*) FROM (SELECT external_id, ordinal FROM chunks WHERE "
                    + mine
                    + " GROUP BY 1, 2 HAVING count(*) > 1) d"))
        .isZero();
    assertThat(
            Sql.strings(
                "SELECT action FROM audit_log WHERE detail->>'job' = '"
                    + job
                    + "' AND action LIKE 'job.%' ORDER BY id"))
        .containsExactlyInAnyOrder("job.queued", "job.started", "job.resumed", "job.succeeded");
    assertThat(
            Sql.count(
                "SELECT count(*) FROM audit_log WHERE detail->>'job' = '"
                    + job
                    + "' AND action IN ('job.resumed', 'job.succeeded', 'job.started')"))
        .isEqualTo(3);
    System.out.printf(
        "JobCrashIT: %d records, %d processed (checkpointed) at kill, job %d resumed once%n",
        RECORDS, processedAtKill, job);
  }
}
