package io.tributary.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.UUID;
import org.junit.jupiter.api.Test;

class ChunkTest {

  static final RecordKey KEY = new RecordKey("crm", "C-1");

  @Test
  void should_derive_a_stable_version_5_uuid() {
    UUID id = Chunk.deterministicId(KEY, 0, "hello");
    assertThat(id).isEqualTo(Chunk.deterministicId(new RecordKey("crm", "C-1"), 0, "hello"));
    assertThat(id.version()).isEqualTo(5);
    assertThat(id.variant()).isEqualTo(2);
  }

  @Test
  void should_change_the_id_with_source_record_ordinal_or_text() {
    UUID id = Chunk.deterministicId(KEY, 0, "hello");
    assertThat(Chunk.deterministicId(new RecordKey("erp", "C-1"), 0, "hello")).isNotEqualTo(id);
    assertThat(Chunk.deterministicId(new RecordKey("crm", "C-2"), 0, "hello")).isNotEqualTo(id);
    assertThat(Chunk.deterministicId(KEY, 1, "hello")).isNotEqualTo(id);
    assertThat(Chunk.deterministicId(KEY, 0, "hello!")).isNotEqualTo(id);
  }
}
