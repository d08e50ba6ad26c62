package io.tributary.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
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
    assertThatThrownBy(() -> new SourceCatalog(dir).settings("../etc/passwd")).isInstanceOf(IllegalArgumentException.class);
  }
}
