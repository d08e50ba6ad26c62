package io.tributary.it;

import static io.tributary.it.IngestAndSearchIT.newSource;
import static io.tributary.it.TestKeys.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.nullValue;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Test;

/** Document upload and directory sync against the real PostgreSQL/pgvector, with real files. */
@QuarkusTest
class DocumentIngestIT {

  @Inject Db db;
  @Inject CountingEmbeddingModel model;
  @Inject io.tributary.source.FileLedger ledger;

  static byte[] resource(String name) {
    try (InputStream in = DocumentIngestIT.class.getResourceAsStream("/documents/" + name)) {
      return in.readAllBytes();
    } catch (IOException e) {
      throw new AssertionError(e);
    }
  }

  private Response upload(String source, String... names) {
    var request = given();
    for (String name : names) {
      request = request.multiPart("file", name, resource(name), "application/octet-stream");
    }
    return request.post("/v1/sources/{s}/documents", source);
  }

  /** Files a test wrote outside its temporary folders, deleted after it. */
  private final java.util.List<Path> cleanup = new java.util.ArrayList<>();

  /** The source's settings file in the configured folder; deleted after the test. */
  private Path sourceFile(String source) {
    Path file =
        Path.of(ConfigProvider.getConfig().getValue("tributary.sources.dir", String.class))
            .resolve(source + ".yaml");
    cleanup.add(file);
    return file;
  }

  @org.junit.jupiter.api.AfterEach
  void deleteCreatedFiles() throws IOException {
    for (Path file : cleanup) {
      Files.deleteIfExists(file);
    }
    cleanup.clear();
  }

  /** Starts a reindex of the source and waits for it to succeed; the job's id. */
  private int reindex(String source) {
    int job =
        given().post("/v1/sources/{s}/reindex", source).then().statusCode(202).extract().path("id");
    org.awaitility.Awaitility.await()
        .atMost(java.time.Duration.ofSeconds(90))
        .pollInterval(java.time.Duration.ofMillis(500))
        .untilAsserted(
            () ->
                given()
                    .get("/v1/jobs/{id}", job)
                    .then()
                    .statusCode(200)
                    .body("state", equalTo("succeeded")));
    return job;
  }

  private long count(String sql) {
    return db.count(sql);
  }

  @Test
  void should_index_good_files_reject_bad_ones_with_reasons_and_keep_the_rest_of_the_batch() {
    String source = newSource();

    upload(
            source,
            "testPDF.pdf",
            "password.pdf",
            "testWORD_various.docx",
            "empty.txt",
            "testRFC822_multipart_attachments.eml")
        .then()
        .statusCode(200)
        .body("results", hasSize(5))
        .body("results[0].id", equalTo("testPDF.pdf"))
        .body("results[0].status", equalTo("indexed"))
        .body("results[0].error", nullValue())
        .body("results[1].status", equalTo("rejected"))
        .body("results[1].error", containsString("encrypted or password-protected"))
        .body("results[2].status", equalTo("indexed"))
        .body("results[3].status", equalTo("rejected"))
        .body("results[3].error", equalTo("empty file (0 bytes)"))
        .body("results[4].status", equalTo("indexed"))
        .body("results[4].attachments", hasSize(2))
        .body(
            "results[4].attachments[0].id",
            equalTo("testRFC822_multipart_attachments.eml!/Test TxtA.txt"))
        .body("results[4].attachments[0].status", equalTo("indexed"));

    assertThat(
            count(
                "SELECT count(*) FROM dead_letters WHERE source = '"
                    + source
                    + "' AND stage = 'PARSE'"))
        .isEqualTo(2);
    // Provenance: page numbers, document properties and the attachment's parent.
    assertThat(
            db.strings(
                "SELECT provenance->'location'->>'pages' FROM chunks WHERE source = '"
                    + source
                    + "' AND external_id = 'testPDF.pdf'"))
        .isNotEmpty()
        .allMatch("1"::equals);
    assertThat(
            db.strings(
                "SELECT provenance->'document'->>'title' FROM chunks WHERE source = '"
                    + source
                    + "' AND external_id = 'testPDF.pdf' AND ordinal = 0"))
        .singleElement()
        .asString()
        // the PERSON dictionary takes "Tika" for a first name: redaction errs on the cautious side
        .matches("Apache (Tika|<PERSON_1>) - Apache (Tika|<PERSON_1>)");
    assertThat(
            db.strings(
                "SELECT provenance->'document'->>'parent' FROM chunks WHERE source = '"
                    + source
                    + "' AND external_id LIKE 'testRFC822%!/Test TxtA.txt'"))
        .containsOnly("testRFC822_multipart_attachments.eml");
    assertThat(
            db.strings(
                "SELECT text FROM chunks WHERE source = '"
                    + source
                    + "' AND external_id = 'testPDF.pdf'"
                    + " ORDER BY ordinal LIMIT 1"))
        .allMatch(t -> t.startsWith("Apache ") && t.contains(" - Apache "));
  }

  @Test
  void should_report_unchanged_and_embed_nothing_when_the_same_files_come_again() {
    String source = newSource();
    upload(source, "testEXCEL.xlsx", "testMSG_att_msg.msg")
        .then()
        .statusCode(200)
        .body("results.status", equalTo(java.util.List.of("indexed", "indexed")));
    long chunks = count("SELECT count(*) FROM chunks WHERE source = '" + source + "'");
    long embedded = model.textsEmbedded();

    upload(source, "testEXCEL.xlsx", "testMSG_att_msg.msg")
        .then()
        .statusCode(200)
        .body("results.status", equalTo(java.util.List.of("unchanged", "unchanged")))
        .body(
            "results[1].attachments.status", equalTo(java.util.List.of("unchanged", "unchanged")));

    assertThat(model.textsEmbedded()).isEqualTo(embedded);
    assertThat(count("SELECT count(*) FROM chunks WHERE source = '" + source + "'"))
        .isEqualTo(chunks);
  }

  @Test
  void should_accept_a_raw_body_with_an_id_and_explain_a_missing_id() {
    String source = newSource();
    given()
        .contentType("text/html; charset=windows-1252")
        .body(resource("fake-html-cp1252.html"))
        .post("/v1/sources/{s}/documents?id=page-1", source)
        .then()
        .statusCode(200)
        .body("results[0].id", equalTo("page-1"))
        .body("results[0].status", equalTo("indexed"));
    assertThat(
            db.strings(
                "SELECT provenance->'location'->>'section' FROM chunks WHERE source = '"
                    + source
                    + "'"))
        .contains("My First Heading");

    given()
        .contentType("application/pdf")
        .body(resource("testPDF.pdf"))
        .post("/v1/sources/{s}/documents", source)
        .then()
        .statusCode(400)
        .contentType("application/problem+json")
        .body("title", equalTo("Missing id"));
  }

  @Test
  void should_delete_a_document_with_its_attachments() {
    String source = newSource();
    upload(source, "testRFC822_multipart_attachments.eml").then().statusCode(200);
    assertThat(
            count(
                "SELECT count(*) FROM records WHERE source = '"
                    + source
                    + "' AND status = 'indexed'"))
        .isEqualTo(3);

    given()
        .delete("/v1/sources/{s}/documents/{id}", source, "testRFC822_multipart_attachments.eml")
        .then()
        .statusCode(200)
        .body("results[0].status", equalTo("deleted"))
        .body("results[0].attachments", hasSize(2));

    assertThat(count("SELECT count(*) FROM chunks WHERE source = '" + source + "'")).isZero();
  }

  @Test
  void should_sync_a_directory_new_changed_unchanged_and_deleted_files() throws IOException {
    String source = newSource();
    Path dir = Files.createTempDirectory("tributary-sync");
    Path config = sourceFile(source);
    Files.writeString(config, "directory:\n  path: " + dir + "\n  glob: \"**\"\n");
    Files.write(dir.resolve("a.pdf"), resource("testPDF.pdf"));
    Files.createDirectories(dir.resolve("sub"));
    Files.write(dir.resolve("sub/b.docx"), resource("testWORD_various.docx"));
    Files.write(dir.resolve("sub/locked.pdf"), resource("password.pdf"));

    given()
        .post("/v1/sources/{s}/sync", source)
        .then()
        .statusCode(200)
        .body("files", equalTo(3))
        .body("indexed", equalTo(2))
        .body("rejected", equalTo(1))
        .body("rejectedPaths", equalTo(java.util.List.of("sub/locked.pdf")));
    given()
        .post("/v1/sources/{s}/sync", source)
        .then()
        .statusCode(200)
        .body("skipped", equalTo(3))
        .body("indexed", equalTo(0));
    long embedded = model.textsEmbedded();

    // Touched but identical: read and hashed, not parsed or embedded.
    Files.setLastModifiedTime(dir.resolve("a.pdf"), FileTime.from(Instant.now().plusSeconds(5)));
    // Changed, added, removed.
    Files.writeString(
        dir.resolve("sub/b.docx"), "Plain text now, named docx.", StandardCharsets.UTF_8);
    Files.write(dir.resolve("c.html"), resource("fake-html-cp1252.html"));
    Files.delete(dir.resolve("sub/locked.pdf"));
    given()
        .post("/v1/sources/{s}/sync", source)
        .then()
        .statusCode(200)
        .body("unchanged", equalTo(1))
        .body("indexed", equalTo(1))
        .body("rejected", equalTo(1))
        .body("deleted", equalTo(1));

    assertThat(model.textsEmbedded() - embedded)
        .isEqualTo(
            count(
                "SELECT count(*) FROM chunks WHERE source = '"
                    + source
                    + "' AND external_id = 'c.html'"));
    // b.docx is now rejected: its old chunks stay (the last good version) and are reported;
    // the deleted file leaves no chunk behind.
    assertThat(
            count(
                "SELECT count(*) FROM chunks WHERE source = '"
                    + source
                    + "' AND external_id = 'sub/locked.pdf'"))
        .isZero();
    assertThat(
            db.strings(
                "SELECT DISTINCT provenance->'origin'->>'transport' FROM chunks WHERE source = '"
                    + source
                    + "'"))
        .containsOnly("file");

    Files.delete(dir.resolve("a.pdf"));
    given().post("/v1/sources/{s}/sync", source).then().statusCode(200).body("deleted", equalTo(1));
    assertThat(
            count(
                "SELECT count(*) FROM chunks WHERE source = '"
                    + source
                    + "' AND external_id = 'a.pdf'"))
        .isZero();
  }

  @Test
  void should_reindex_synced_files_from_disk_after_a_policy_change_and_ask_a_resend_for_uploads()
      throws IOException {
    String source = newSource();
    Path dir = Files.createTempDirectory("tributary-reindex");
    Path config = sourceFile(source);
    String spec = "directory:\n  path: " + dir + "\n  acl: [staff]\n";
    Files.writeString(config, spec);
    Files.write(dir.resolve("mail.eml"), resource("testRFC822_multipart_attachments.eml"));
    given().post("/v1/sources/{s}/sync", source).then().statusCode(200).body("indexed", equalTo(1));
    upload(source, "testPDF.pdf")
        .then()
        .statusCode(200)
        .body("results[0].status", equalTo("indexed"));
    assertThat(
            db.strings(
                "SELECT DISTINCT array_to_string(acl, ',') FROM chunks WHERE source = '"
                    + source
                    + "' AND provenance->'origin'->>'transport' = 'file'"))
        .containsExactly("staff");
    String mailChunk =
        "SELECT provenance->'document'->>'author' FROM chunks WHERE source = '"
            + source
            + "' AND external_id = 'mail.eml'";
    // the author header (a name and an address) is a classified PERSON field: replaced whole
    assertThat(String.join(" ", db.strings(mailChunk))).doesNotContain("@").isNotBlank();

    // The policy now keeps e-mail addresses as pseudonyms: every record is outdated.
    Files.writeString(config, spec + "entities:\n  EMAIL: hash\n");
    int job = reindex(source);

    // The mail and its two attachments were re-read from disk; the upload was not kept.
    given()
        .get("/v1/jobs/{id}", job)
        .then()
        .body("counts.selected", equalTo(4))
        .body("counts.needsResend", equalTo(1))
        .body("needsResend", equalTo(java.util.List.of("testPDF.pdf")));
    assertThat(String.join(" ", db.strings(mailChunk))).doesNotContain("@").isNotBlank();
    assertThat(
            count(
                "SELECT count(*) FROM (SELECT external_id, ordinal FROM chunks WHERE source = '"
                    + source
                    + "' GROUP BY 1, 2 HAVING count(*) > 1) d"))
        .isZero();
  }

  /**
   * A file named with personal data: its id and the path in its provenance are redacted, and a
   * reindex still finds the file again (through the sync's ledger).
   */
  @Test
  void should_redact_a_personal_file_name_and_still_reindex_the_file() throws IOException {
    String source = newSource();
    Path dir = Files.createTempDirectory("tributary-names");
    Path config = sourceFile(source);
    String spec = "directory:\n  path: " + dir + "\n  acl: [staff]\n";
    Files.writeString(config, spec);
    String name = "Payroll - olga.k@example.com.txt";
    Files.writeString(dir.resolve(name), "Salary review for the team. Contact olga.k@example.com.");
    given().post("/v1/sources/{s}/sync", source).then().statusCode(200).body("indexed", equalTo(1));
    String stored =
        "SELECT external_id || ' ' || (provenance->'origin'->>'path') FROM chunks WHERE source = '"
            + source
            + "'";
    assertThat(db.strings(stored))
        .singleElement()
        .asString()
        .contains("[EMAIL:")
        .doesNotContain("olga.k@");

    Files.writeString(config, spec + "entities:\n  EMAIL: hash\n");
    int job = reindex(source);

    given()
        .get("/v1/jobs/{id}", job)
        .then()
        .body("counts.selected", equalTo(1))
        .body("counts.needsResend", org.hamcrest.Matchers.anyOf(nullValue(), equalTo(0)));
    assertThat(db.strings("SELECT text FROM chunks WHERE source = '" + source + "'"))
        .singleElement()
        .asString()
        .contains("[EMAIL:")
        .doesNotContain("olga.k@");
    assertThat(db.strings(stored)).singleElement().asString().doesNotContain("olga.k@");
  }

  @Test
  void should_resume_a_sync_interrupted_before_or_after_ingesting_a_file() throws IOException {
    String source = newSource();
    Path dir = Files.createTempDirectory("tributary-resume");
    Path config = sourceFile(source);
    Files.writeString(config, "directory:\n  path: " + dir + "\n");
    Files.write(dir.resolve("done.pdf"), resource("testPDF.pdf"));
    given().post("/v1/sources/{s}/sync", source).then().statusCode(200).body("indexed", equalTo(1));
    // What a crash leaves: done.pdf marked pending after it was ingested (crash before "done"),
    // and todo.ppt marked pending before it was ingested (crash right after "pending").
    Files.write(dir.resolve("todo.ppt"), resource("testPPT.ppt"));
    var attrs =
        Files.readAttributes(
            dir.resolve("done.pdf"), java.nio.file.attribute.BasicFileAttributes.class);
    ledger.pending(
        source,
        "done.pdf",
        "done.pdf",
        attrs.size(),
        attrs.lastModifiedTime().toInstant().truncatedTo(java.time.temporal.ChronoUnit.MICROS));
    var todo =
        Files.readAttributes(
            dir.resolve("todo.ppt"), java.nio.file.attribute.BasicFileAttributes.class);
    ledger.pending(
        source,
        "todo.ppt",
        "todo.ppt",
        todo.size(),
        todo.lastModifiedTime().toInstant().truncatedTo(java.time.temporal.ChronoUnit.MICROS));
    long embedded = model.textsEmbedded();
    long pdfChunks =
        count(
            "SELECT count(*) FROM chunks WHERE source = '"
                + source
                + "' AND external_id = 'done.pdf'");

    given()
        .post("/v1/sources/{s}/sync", source)
        .then()
        .statusCode(200)
        .body("skipped", equalTo(0))
        .body("indexed", equalTo(1))
        .body("unchanged", equalTo(1));

    assertThat(model.textsEmbedded() - embedded)
        .isEqualTo(
            count(
                "SELECT count(*) FROM chunks WHERE source = '"
                    + source
                    + "' AND external_id = 'todo.ppt'"));
    assertThat(
            count(
                "SELECT count(*) FROM chunks WHERE source = '"
                    + source
                    + "' AND external_id = 'done.pdf'"))
        .isEqualTo(pdfChunks);
    assertThat(
            count(
                "SELECT count(*) FROM document_files WHERE source = '"
                    + source
                    + "' AND status = 'pending'"))
        .isZero();
  }

  @Test
  void should_skip_symlinks_and_odd_names_and_carry_an_acl_change_to_unchanged_files()
      throws IOException {
    String source = newSource();
    Path dir = Files.createTempDirectory("tributary-acl");
    Path outside = Files.createTempFile("tributary-outside", ".txt");
    cleanup.add(outside);
    Files.writeString(outside, "Outside the share: must never be indexed.");
    Path config = sourceFile(source);
    Files.writeString(config, "directory:\n  path: " + dir + "\n  acl: [staff]\n");
    Files.write(dir.resolve("a.pdf"), resource("testPDF.pdf"));
    Files.createSymbolicLink(dir.resolve("link.txt"), outside);
    Files.write(dir.resolve("wow!.txt"), "A name with a bang.".getBytes(StandardCharsets.UTF_8));
    given()
        .post("/v1/sources/{s}/sync", source)
        .then()
        .statusCode(200)
        .body("files", equalTo(2))
        .body("indexed", equalTo(1))
        .body("rejectedPaths", equalTo(java.util.List.of("wow!.txt")));
    assertThat(
            count(
                "SELECT count(*) FROM records WHERE source = '"
                    + source
                    + "' AND external_id = 'link.txt'"))
        .isZero();
    long embedded = model.textsEmbedded();

    // The folder's ACL narrows: the unchanged file is re-ingested with it, not skipped; its chunks
    // get the new ACL in place, with nothing re-embedded.
    Files.writeString(config, "directory:\n  path: " + dir + "\n  acl: [hr]\n");
    given().post("/v1/sources/{s}/sync", source).then().statusCode(200).body("indexed", equalTo(1));
    assertThat(
            db.strings(
                "SELECT DISTINCT array_to_string(acl, ',') FROM chunks WHERE source = '"
                    + source
                    + "'"))
        .containsExactly("hr");
    assertThat(model.textsEmbedded()).isEqualTo(embedded);
  }

  @Test
  void should_not_index_a_file_outside_the_folder_when_links_are_swapped_in_during_a_sync()
      throws IOException {
    String source = newSource();
    Path dir = Files.createTempDirectory("tributary-swap");
    Path outside = Files.createTempDirectory("tributary-outside");
    Files.writeString(outside.resolve("b.txt"), "Outsider secret alpha: never to be indexed.");
    Files.writeString(outside.resolve("c.txt"), "Outsider secret bravo: never to be indexed.");
    Files.writeString(outside.resolve("d.txt"), "Outsider secret charlie: never to be indexed.");
    Files.writeString(sourceFile(source), "directory:\n  path: " + dir + "\n  acl: [staff]\n");
    Files.writeString(
        dir.resolve("a.txt"), "Inside the share " + source + ": the first file of the sync.");
    Files.writeString(
        dir.resolve("b.txt"), "Inside the share: a file replaced by a link to a file outside.");
    Files.createDirectories(dir.resolve("sub"));
    Files.writeString(
        dir.resolve("sub/c.txt"),
        "Inside the share: a folder replaced by a link to a folder outside.");
    Files.createLink(dir.resolve("d.txt"), outside.resolve("d.txt"));
    // Files are listed first, then read in order: while a.txt is embedded, b.txt and sub are
    // swapped
    // for links to files outside the share, after the sync listed them as a regular file and a
    // folder.
    model.beforeNextEmbedding(
        () -> {
          try {
            Files.delete(dir.resolve("b.txt"));
            Files.createSymbolicLink(dir.resolve("b.txt"), outside.resolve("b.txt"));
            Files.move(dir.resolve("sub"), dir.resolve("sub-moved"));
            Files.createSymbolicLink(dir.resolve("sub"), outside);
          } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
          }
        });

    given()
        .post("/v1/sources/{s}/sync", source)
        .then()
        .statusCode(200)
        .body("files", equalTo(4))
        .body("indexed", equalTo(1))
        .body("rejectedPaths", equalTo(java.util.List.of("b.txt", "d.txt", "sub/c.txt")));

    assertThat(
            count(
                "SELECT count(*) FROM chunks WHERE source = '"
                    + source
                    + "' AND text LIKE '%Outsider%'"))
        .isZero();
    assertThat(db.strings("SELECT external_id FROM records WHERE source = '" + source + "'"))
        .containsExactly("a.txt");
    assertThat(
            db.strings(
                "SELECT record_id || ': ' || reason FROM dead_letters WHERE source = '"
                    + source
                    + "' ORDER BY record_id"))
        .containsExactly(
            "b.txt: file refused: it is a symbolic link (links are not followed)",
            "d.txt: file refused: it has 2 hard links: a hard link to a file outside the folder"
                + " cannot be told apart from a file inside",
            "sub/c.txt: file refused: a folder on its path is a symbolic link");
  }

  @Test
  void should_not_reindex_from_a_link_swapped_in_after_the_sync() throws IOException {
    String source = newSource();
    Path dir = Files.createTempDirectory("tributary-reswap");
    Path outside = Files.createTempDirectory("tributary-outside");
    Files.writeString(outside.resolve("b.txt"), "Outsider secret delta: never to be indexed.");
    Files.writeString(outside.resolve("c.txt"), "Outsider secret echo: never to be indexed.");
    Path config = sourceFile(source);
    String spec = "directory:\n  path: " + dir + "\n  acl: [staff]\n";
    Files.writeString(config, spec);
    Files.writeString(
        dir.resolve("a.txt"), "Inside the share " + source + ": it stays a regular file.");
    Files.writeString(dir.resolve("b.txt"), "Inside the share " + source + ": it becomes a link.");
    Files.createDirectories(dir.resolve("sub"));
    Files.writeString(
        dir.resolve("sub/c.txt"), "Inside the share " + source + ": its folder becomes a link.");
    given().post("/v1/sources/{s}/sync", source).then().statusCode(200).body("indexed", equalTo(3));

    Files.delete(dir.resolve("b.txt"));
    Files.createSymbolicLink(dir.resolve("b.txt"), outside.resolve("b.txt"));
    Files.move(dir.resolve("sub"), dir.resolve("sub-moved"));
    Files.createSymbolicLink(dir.resolve("sub"), outside);
    Files.writeString(config, spec + "entities:\n  EMAIL: hash\n");
    int job = reindex(source);

    given()
        .get("/v1/jobs/{id}", job)
        .then()
        .body("counts.selected", equalTo(3))
        .body("counts.needsResend", equalTo(2))
        .body("needsResend", org.hamcrest.Matchers.containsInAnyOrder("b.txt", "sub/c.txt"));
    assertThat(
            count(
                "SELECT count(*) FROM chunks WHERE source = '"
                    + source
                    + "' AND text LIKE '%Outsider%'"))
        .isZero();
  }

  @Test
  void should_refuse_to_sync_a_missing_folder_without_deleting_anything() throws IOException {
    String source = newSource();
    Path config = sourceFile(source);
    Files.writeString(config, "directory:\n  path: /nonexistent/tributary-share\n");
    given()
        .post("/v1/sources/{s}/sync", source)
        .then()
        .statusCode(409)
        .contentType("application/problem+json")
        .body("title", equalTo("Directory unavailable"));
  }
}
