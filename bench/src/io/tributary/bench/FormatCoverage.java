package io.tributary.bench;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Sends every file of a folder through a running service's document API, one request per file, and
 * writes a Markdown table: indexed (chunks, pages, attachments) or rejected (reason), with the time
 * each took. Usage: FormatCoverage baseUrl jdbcUrl folder out.md
 */
public final class FormatCoverage {

  private static final Pattern STATUS =
      Pattern.compile(
          "\"status\":\"([a-z]+)\",\"chunks\":(\\d+),\"error\":(null|\"((?:[^\"\\\\]|\\\\.)*)\")");

  public static void main(String[] args) throws Exception {
    String base = args[0];
    String jdbc = args[1];
    Path folder = Path.of(args[2]);
    Path out = Path.of(args[3]);
    String source = "formats-" + Instant.now().getEpochSecond();
    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    List<Path> files;
    try (var list = Files.list(folder)) {
      files =
          list.filter(Files::isRegularFile)
              .filter(p -> !p.getFileName().toString().equals("MANIFEST.json"))
              .sorted()
              .toList();
    }
    StringBuilder table = new StringBuilder();
    int indexed = 0;
    int rejected = 0;
    int failed = 0;
    try (Connection db =
        DriverManager.getConnection(
            jdbc,
            System.getenv().getOrDefault("TRIBUTARY_DB_OWNER", "tributary"),
            System.getenv().getOrDefault("TRIBUTARY_DB_OWNER_PASSWORD", ""))) {
      for (Path file : files) {
        String name = file.getFileName().toString();
        long t0 = System.nanoTime();
        String row;
        try {
          HttpResponse<String> response =
              http.send(
                  HttpRequest.newBuilder(
                          URI.create(
                              base
                                  + "/v1/sources/"
                                  + source
                                  + "/documents?id="
                                  + URLEncoder.encode(name, StandardCharsets.UTF_8)))
                      .timeout(Duration.ofMinutes(10))
                      .header(
                          "Authorization",
                          "Bearer " + System.getenv().getOrDefault("BENCH_KEY", ""))
                      .header("Content-Type", "application/octet-stream")
                      .POST(HttpRequest.BodyPublishers.ofFile(file))
                      .build(),
                  HttpResponse.BodyHandlers.ofString());
          double seconds = (System.nanoTime() - t0) / 1e9;
          Matcher m = STATUS.matcher(response.body());
          if (response.statusCode() != 200 || !m.find()) {
            failed++;
            row =
                "| `"
                    + name
                    + "` | "
                    + Files.size(file)
                    + " | **HTTP "
                    + response.statusCode()
                    + "** | | | | "
                    + String.format("%.1f", seconds)
                    + " |";
          } else if (m.group(1).equals("rejected")) {
            rejected++;
            row =
                "| `"
                    + name
                    + "` | "
                    + Files.size(file)
                    + " | rejected | | | "
                    + m.group(4).replace("|", "/")
                    + " | "
                    + String.format("%.1f", seconds)
                    + " |";
          } else {
            indexed++;
            int attachments =
                count(
                    db,
                    "SELECT count(*) FROM records WHERE source = ? AND external_id LIKE ?",
                    source,
                    name.replace("_", "\\_") + "!%");
            String pages = pages(db, source, name);
            row =
                "| `"
                    + name
                    + "` | "
                    + Files.size(file)
                    + " | "
                    + m.group(1)
                    + " | "
                    + m.group(2)
                    + " | "
                    + pages
                    + " | "
                    + (attachments == 0
                        ? ""
                        : attachments + " attachments indexed as child documents")
                    + " | "
                    + String.format("%.1f", seconds)
                    + " |";
          }
        } catch (Exception e) {
          failed++;
          row =
              "| `"
                  + name
                  + "` | "
                  + Files.size(file)
                  + " | **error: "
                  + e.getClass().getSimpleName()
                  + "** | | | | |";
        }
        System.out.println(row);
        table.append(row).append('\n');
      }
    }
    String doc =
        "# Format coverage\n\n"
            + "Every file of `../shared/corpora/documents/` (except its MANIFEST) sent through the"
            + " running service's\n"
            + "document API (`POST /v1/sources/{source}/documents`, one file per request,"
            + " in-process model), by\n"
            + "`scripts/formats.sh` on "
            + Instant.now()
            + ".\n\n"
            + "**"
            + files.size()
            + " files: "
            + indexed
            + " indexed, "
            + rejected
            + " rejected with a reason, "
            + failed
            + " failed (an HTTP error or a hang would be counted here).**\n\n"
            + "| file | bytes | status | chunks | pages | notes / reason | seconds |\n"
            + "|---|---:|---|---:|---|---|---:|\n"
            + table;
    Files.writeString(out, doc);
    System.out.println(
        "wrote "
            + out
            + ": "
            + indexed
            + " indexed, "
            + rejected
            + " rejected, "
            + failed
            + " failed");
    if (failed > 0) {
      System.exit(1);
    }
  }

  private static String pages(Connection db, String source, String id) throws Exception {
    try (PreparedStatement ps =
        db.prepareStatement(
            "SELECT provenance->'document'->>'pages' FROM chunks WHERE source = ? AND external_id ="
                + " ? LIMIT 1")) {
      ps.setString(1, source);
      ps.setString(2, id);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next() && rs.getString(1) != null ? rs.getString(1) : "";
      }
    }
  }

  private static int count(Connection db, String sql, String a, String b) throws Exception {
    try (PreparedStatement ps = db.prepareStatement(sql)) {
      ps.setString(1, a);
      ps.setString(2, b);
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        return rs.getInt(1);
      }
    }
  }
}
