package io.tributary.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RecordMappingTest {

  @Test
  void a_source_without_format_reads_tributary_records(@TempDir Path dir) throws Exception {
    assertThat(new SourceCatalog(Path.of("config/sources")).settings("crm").mapping())
        .isEqualTo(RecordMapping.TRIBUTARY);
    assertThat(new SourceCatalog(dir).settings("none").mapping())
        .isEqualTo(RecordMapping.TRIBUTARY);
  }

  @Test
  void the_documented_debezium_file_parses(@TempDir Path dir) throws Exception {
    Path defaults = dir.resolve("redaction.yaml");
    Files.writeString(defaults, "text: hash\n");
    Files.createDirectories(dir.resolve("sources"));
    Files.writeString(
        dir.resolve("sources/crm-cdc.yaml"),
        """
        format: debezium
        topics: [crm.public.customers]
        id: {from: key, fields: [id]}
        version: {from: lsn}
        text: [notes]
        fields: {ssn: drop, email: hash}
        acl: {field: owner_group}
        metadata: [segment, country]
        template: crm
        """);
    SourceSettings s = new SourceCatalog(dir.resolve("sources"), defaults).settings("crm-cdc");
    RecordMapping m = s.mapping();
    assertThat(m.format()).isEqualTo(MessageFormatName.DEBEZIUM);
    assertThat(m.idFrom()).isEqualTo(RecordMapping.IdFrom.KEY);
    assertThat(m.idFields()).containsExactly("id");
    assertThat(m.version()).isEqualTo(RecordMapping.VersionFrom.LSN);
    assertThat(m.textFields()).containsExactly("notes");
    assertThat(m.aclField()).isEqualTo("owner_group");
    assertThat(m.metadataFields()).containsExactly("segment", "country");
    assertThat(m.templateOr("crm-cdc")).isEqualTo("crm");
    assertThat(s.textAction())
        .as("a text list keeps the defaults' text action")
        .isEqualTo(FieldAction.HASH);
    assertThat(s.actionFor("ssn")).isEqualTo(FieldAction.DROP);
    assertThat(s.topics()).containsExactly("crm.public.customers");
  }

  @Test
  void version_defaults_and_alternatives(@TempDir Path dir) throws Exception {
    Files.writeString(dir.resolve("a.yaml"), "format: debezium\nid: {fields: [id]}\n");
    Files.writeString(
        dir.resolve("b.yaml"),
        "format: connect-json\nid: {fields: [id]}\nversion: {from: 'field:rev'}\n");
    Files.writeString(dir.resolve("c.yaml"), "format: json\nid: {from: value, fields: [a, b]}\n");
    SourceCatalog catalog = new SourceCatalog(dir);
    assertThat(catalog.settings("a").mapping().version()).isEqualTo(RecordMapping.VersionFrom.LSN);
    assertThat(catalog.settings("b").mapping().version())
        .isEqualTo(RecordMapping.VersionFrom.FIELD);
    assertThat(catalog.settings("b").mapping().versionField()).isEqualTo("rev");
    assertThat(catalog.settings("c").mapping().version()).isEqualTo(RecordMapping.VersionFrom.NONE);
    assertThat(catalog.settings("c").mapping().idFields()).containsExactly("a", "b");
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "format: avro|format",
        "format: debezium\\nid: [id]|id must be a mapping",
        "format: debezium\\nid: {from: header, fields: [id]}|id.from",
        "format: json\\nid: {from: value}|id.fields",
        "format: debezium\\nid: {fields: id}|id.fields",
        "format: debezium\\nversion: {from: scn}|version.from",
        "format: json\\nversion: {from: lsn}|version.from lsn needs format debezium",
        "format: debezium\\nacl: {principals: x}|acl.principals",
        "format: debezium\\nacl: {constants: sales}|acl.constants",
        "format: debezium\\ntypes: {born: epoch}|types.born",
        "format: debezium\\ntemplate: ../../etc/passwd|template",
        "id: {fields: [id]}|key 'id' needs format",
        "text: [notes]|key 'text-fields' needs format",
      })
  void an_invalid_mapping_names_the_file_and_the_key(String yaml, String key, @TempDir Path dir)
      throws Exception {
    Files.writeString(dir.resolve("bad.yaml"), yaml.replace("\\n", "\n"));
    assertThatThrownBy(() -> new SourceCatalog(dir).settings("bad"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("bad.yaml")
        .hasMessageContaining(key);
  }
}
