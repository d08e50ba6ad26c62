package io.tributary.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SourceCatalogTest {

  @Test
  void should_read_the_shipped_crm_policy() {
    SourceSettings crm = new SourceCatalog(Path.of("config/sources")).settings("crm");
    assertThat(crm.actionFor("ssn")).isEqualTo(FieldAction.DROP);
    assertThat(crm.actionFor("email")).isEqualTo(FieldAction.HASH);
    assertThat(crm.actionFor("phone")).isEqualTo(FieldAction.MASK);
    assertThat(crm.actionFor("company")).isEqualTo(FieldAction.KEEP);
    assertThat(crm.actionFor("anything.else")).isEqualTo(FieldAction.SCAN);
    assertThat(crm.topics()).containsExactly("tributary.crm");
    assertThat(crm.fingerprint()).hasSize(64);
  }

  @Test
  void should_give_defaults_to_a_source_without_a_file(@TempDir Path dir) {
    SourceSettings s = new SourceCatalog(dir).settings("erp");
    assertThat(s.actionFor("ssn")).isEqualTo(FieldAction.SCAN);
    assertThat(s.textAction()).isEqualTo(FieldAction.MASK);
    assertThat(s.operatorFor("EMAIL")).isEqualTo(EntityOperator.REDACT);
    assertThat(s.topics()).containsExactly("tributary.erp");
  }

  @Test
  void should_fail_loudly_on_an_unknown_action(@TempDir Path dir) throws Exception {
    Files.writeString(dir.resolve("bad.yaml"), "fields:\n  ssn: obliterate\n");
    assertThatThrownBy(() -> new SourceCatalog(dir).settings("bad"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("bad.yaml")
        .hasMessageContaining("obliterate");
  }

  @Test
  void should_refuse_a_source_name_that_could_escape_the_folder(@TempDir Path dir) {
    assertThatThrownBy(() -> new SourceCatalog(dir).settings("../etc/passwd"))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void should_overlay_the_source_file_on_the_defaults_file(@TempDir Path dir) throws Exception {
    Path defaults = dir.resolve("redaction.yaml");
    Files.writeString(
        defaults,
        "default-field-action: scan\nentities: {CREDIT_CARD: mask, EMAIL: hash}\n"
            + "fields: {password: drop, ssn: drop}\n");
    Files.createDirectories(dir.resolve("sources"));
    Files.writeString(
        dir.resolve("sources/hr.yaml"),
        "default-field-action: drop\nentities: {EMAIL: replace}\n"
            + "fields: {ssn: hash, department: keep}\n");
    SourceCatalog catalog = new SourceCatalog(dir.resolve("sources"), defaults);
    SourceSettings hr = catalog.settings("hr");
    assertThat(hr.actionFor("password")).isEqualTo(FieldAction.DROP);
    assertThat(hr.actionFor("ssn")).isEqualTo(FieldAction.HASH);
    assertThat(hr.actionFor("department")).isEqualTo(FieldAction.KEEP);
    assertThat(hr.actionFor("salary"))
        .as("allowlist mode drops unlisted fields")
        .isEqualTo(FieldAction.DROP);
    assertThat(hr.operatorFor("EMAIL")).isEqualTo(EntityOperator.REPLACE);
    assertThat(hr.operatorFor("CREDIT_CARD")).isEqualTo(EntityOperator.MASK);
    assertThat(hr.operatorFor("IBAN")).isEqualTo(EntityOperator.REDACT);
    SourceSettings other = catalog.settings("other");
    assertThat(other.actionFor("salary")).isEqualTo(FieldAction.SCAN);
    assertThat(other.fingerprint()).isNotEqualTo(hr.fingerprint()).hasSize(64);
  }

  @Test
  void should_change_the_fingerprint_when_the_defaults_change(@TempDir Path dir) throws Exception {
    Path defaults = dir.resolve("redaction.yaml");
    Files.writeString(defaults, "fields: {ssn: drop}\n");
    String before = new SourceCatalog(dir, defaults).settings("crm").fingerprint();
    Files.writeString(defaults, "fields: {ssn: hash}\n");
    assertThat(new SourceCatalog(dir, defaults).settings("crm").fingerprint()).isNotEqualTo(before);
  }

  @Test
  void should_reject_equal_versions_with_other_content_unless_the_source_says_replace(
      @TempDir Path dir) throws Exception {
    assertThat(new SourceCatalog(dir).settings("erp").equalVersion())
        .isEqualTo(io.tributary.model.EqualVersion.REJECT);
    Files.writeString(dir.resolve("crm.yaml"), "text: mask\nequal-version: replace\n");
    assertThat(new SourceCatalog(dir).settings("crm").equalVersion())
        .isEqualTo(io.tributary.model.EqualVersion.REPLACE);
  }

  @Test
  void should_name_the_file_and_key_of_an_invalid_equal_version(@TempDir Path dir)
      throws Exception {
    Files.writeString(dir.resolve("bad.yaml"), "equal-version: newest\n");
    assertThatThrownBy(() -> new SourceCatalog(dir).settings("bad"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("bad.yaml")
        .hasMessageContaining("equal-version")
        .hasMessageContaining("newest");
  }

  @Test
  void should_keep_the_fingerprint_when_only_equal_version_changes(@TempDir Path dir)
      throws Exception {
    Files.writeString(dir.resolve("crm.yaml"), "text: mask\n");
    String without = new SourceCatalog(dir).settings("crm").fingerprint();
    Files.writeString(dir.resolve("crm.yaml"), "text: mask\nequal-version: replace\n");
    assertThat(new SourceCatalog(dir).settings("crm").fingerprint()).isEqualTo(without);
    Files.writeString(dir.resolve("crm.yaml"), "equal-version: reject # the default\ntext: mask\n");
    assertThat(new SourceCatalog(dir).settings("crm").fingerprint()).isEqualTo(without);
    Files.writeString(dir.resolve("crm.yaml"), "text: hash\n");
    assertThat(new SourceCatalog(dir).settings("crm").fingerprint()).isNotEqualTo(without);
  }

  @Test
  void should_keep_the_fingerprint_when_only_the_directory_block_changes(@TempDir Path dir)
      throws Exception {
    Files.writeString(dir.resolve("crm.yaml"), "text: mask\nfields:\n  ssn: drop\n");
    String without = new SourceCatalog(dir).settings("crm").fingerprint();
    for (String directory :
        List.of(
            "directory:\n  path: /srv/a\n  acl: [staff]\n",
            "directory:\n  path: /srv/b\n\n  # narrowed\n  acl:\n    - hr\n  interval: 15m\n",
            "directory: {path: /srv/a, acl: [hr]}\n")) {
      Files.writeString(dir.resolve("crm.yaml"), directory + "text: mask\nfields:\n  ssn: drop\n");
      assertThat(new SourceCatalog(dir).settings("crm").directory()).isNotNull();
      assertThat(new SourceCatalog(dir).settings("crm").fingerprint())
          .as(directory)
          .isEqualTo(without);
      Files.writeString(
          dir.resolve("crm.yaml"), "text: mask\n" + directory + "fields:\n  ssn: drop\n");
      assertThat(new SourceCatalog(dir).settings("crm").fingerprint())
          .as(directory)
          .isEqualTo(without);
    }
    // What follows the block still counts.
    Files.writeString(
        dir.resolve("crm.yaml"), "directory:\n  path: /srv/a\ntext: mask\nfields:\n  ssn: hash\n");
    assertThat(new SourceCatalog(dir).settings("crm").fingerprint()).isNotEqualTo(without);
  }
}
