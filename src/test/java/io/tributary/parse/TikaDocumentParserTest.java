package io.tributary.parse;

import static org.assertj.core.api.Assertions.assertThat;

import io.tributary.model.DocumentInput;
import io.tributary.model.DocumentMarkup;
import io.tributary.model.Origin;
import io.tributary.model.ParsedDocument;
import io.tributary.model.RecordKey;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Real files of every supported format (see src/test/resources/documents/README.md). */
class TikaDocumentParserTest {

  final TikaDocumentParser parser =
      new TikaDocumentParser(50_000_000, 5_000_000, Duration.ofSeconds(60), 200);

  static DocumentInput file(String name) {
    try (InputStream in = TikaDocumentParserTest.class.getResourceAsStream("/documents/" + name)) {
      return new DocumentInput(
          new RecordKey("docs", name),
          name,
          null,
          in.readAllBytes(),
          List.of(),
          Origin.upload(name));
    } catch (IOException e) {
      throw new AssertionError(e);
    }
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = ';',
      value = {
        "testPDF.pdf; Apache Tika is a toolkit for detecting",
        "reliance.pdf; Corporate Overview",
        "testWORD_various.docx; Here is a numbered list",
        "testEXCEL.xlsx; |! Sample Excel Worksheet",
        "LibreOfficeCalc_ods_1.3.ods; |! This | is | an | example | spreadsheet",
        "testPPT.ppt; Sample Powerpoint Slide",
        "testMSChart-govdocs-428996.pptx; Thin Film Partnership",
        "testRTFJapanese.rtf; ゾルゲと尾崎、淡々と最期",
        "fake-html-cp1252.html; Die schöne Frau hat einen Kaffee",
        "testRFC822_multipart_attachments.eml; This is the html body of the main msg.",
        "testMSG_att_msg.msg; Test email with 1 msg attachment",
        "winter-sports.epub; The Project Gutenberg eBook of Winter Sports in Switzerland",
        "testTXT_win-1252.txt; These smart quotes are the trigger",
        "fake-text-utf-16.txt; Hamburgers are delicious",
        "testXML.xml; Archimède et Lius",
        "categories.csv; |! categoryID | categoryName | description",
        "Product_Family__cs.json; Durable and weather-resistant tents",
      })
  void extracts_text_of_every_format(String name, String expected) {
    ParsedDocument root = parser.parse(file(name)).get(0);

    assertThat(root.rejection()).isNull();
    assertThat(root.markup()).contains(expected);
    assertThat(root.properties()).containsKey("contentType");
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = ';',
      value = {
        "empty.txt; empty file (0 bytes)",
        "password.pdf; encrypted or password-protected application/pdf",
        "testODTEncrypted.odt; encrypted or password-protected"
            + " application/vnd.oasis.opendocument.text",
        "testWORD_protected_passtika.docx; encrypted or password-protected",
        "testODTnotaZipFile.odt; named .odt but its content is plain text",
        "testZIP_corrupted_oom.zip; corrupt or truncated application/zip",
        "quine.gz; nested more than 10 levels deep",
        "fake-encrypted.eml; encrypted e-mail (PGP or S/MIME)",
      })
  void rejects_what_cannot_be_indexed_with_a_reason(String name, String reason) {
    List<ParsedDocument> parts = parser.parse(file(name));

    assertThat(parts).hasSize(1);
    assertThat(parts.get(0).rejection()).contains(reason);
    assertThat(parts.get(0).markup()).isEmpty();
  }

  @Test
  void pages_of_a_pdf_end_with_page_breaks_and_its_properties_are_kept() {
    ParsedDocument root = parser.parse(file("reliance.pdf")).get(0);

    assertThat(root.markup().lines().filter(DocumentMarkup.PAGE_BREAK::equals)).hasSize(3);
    assertThat(root.properties())
        .containsEntry("pages", "3")
        .containsEntry("contentType", "application/pdf");
  }

  @Test
  void title_and_author_become_properties() {
    ParsedDocument root = parser.parse(file("testPDF.pdf")).get(0);

    assertThat(root.properties())
        .containsEntry("title", "Apache Tika - Apache Tika")
        .containsEntry("author", "Bertrand Delacrétaz")
        .containsKey("created");
  }

  @Test
  void attachments_of_an_email_are_child_documents_and_listed_in_the_parent() {
    List<ParsedDocument> parts = parser.parse(file("testRFC822_multipart_attachments.eml"));

    assertThat(parts)
        .extracting(ParsedDocument::path)
        .containsExactly("", "/Test TxtA.txt", "/Test TxtB.txt");
    assertThat(parts.get(0).markup()).contains("Attachments: Test TxtA.txt, Test TxtB.txt");
    assertThat(parts.subList(1, 3)).allSatisfy(p -> assertThat(p.rejection()).isNull());
  }

  @Test
  void archive_entries_are_documents_and_the_archive_itself_is_not_one() {
    List<ParsedDocument> parts = parser.parse(file("test-documents.zip"));

    assertThat(parts)
        .extracting(ParsedDocument::path)
        .contains("/testOpenOffice2.odt", "/testPDF.pdf", "/testRTF.rtf", "/testEXCEL.xls");
    assertThat(
            parts.stream()
                .filter(p -> p.path().equals("/testOpenOffice2.odt"))
                .findFirst()
                .orElseThrow()
                .markup())
        .isNotBlank();
  }

  @Test
  void stops_at_the_character_limit() {
    TikaDocumentParser small =
        new TikaDocumentParser(50_000_000, 1000, Duration.ofSeconds(60), 200);

    assertThat(small.parse(file("winter-sports.epub")).get(0).rejection())
        .isEqualTo("more than 1000 characters of text (tributary.documents.max-chars)");
  }

  @Test
  void stops_at_the_time_limit() {
    TikaDocumentParser hurried =
        new TikaDocumentParser(50_000_000, 5_000_000, Duration.ofMillis(1), 200);

    assertThat(hurried.parse(file("winter-sports.epub")).get(0).rejection())
        .startsWith("parsing took longer than");
  }

  @Test
  void rejects_files_over_the_size_limit_without_parsing() {
    TikaDocumentParser strict = new TikaDocumentParser(100, 5_000_000, Duration.ofSeconds(60), 200);

    assertThat(strict.parse(file("testPDF.pdf")).get(0).rejection())
        .isEqualTo(
            "file of 34824 bytes is larger than the limit of 100 bytes"
                + " (tributary.documents.max-file-bytes)");
  }

  @Test
  void a_plain_text_file_keeps_its_paragraphs() {
    ParsedDocument root = parser.parse(file("fake-text-utf-16.txt")).get(0);

    assertThat(root.markup().lines().filter(l -> !l.isBlank()).count()).isGreaterThan(1);
  }
}
