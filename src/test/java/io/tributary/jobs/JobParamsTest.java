package io.tributary.jobs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

class JobParamsTest {

  private final ObjectMapper json = new ObjectMapper();

  @Test
  void should_read_each_type_from_its_type_property_and_write_it_back() throws Exception {
    JobParams p = json.readValue("{\"type\":\"reindex\",\"source\":\"crm\"}", JobParams.class);
    assertThat(p).isEqualTo(new JobParams.Reindex("crm", false));
    assertThat(json.readValue("{\"type\":\"purge\"}", JobParams.class))
        .isEqualTo(new JobParams.Purge(null, 30));
    String written = json.writeValueAsString(JobParams.Reembed.inPlace("crm", true));
    assertThat(written).contains("\"type\":\"reembed\"");
    assertThat(json.readValue(written, JobParams.class))
        .isEqualTo(JobParams.Reembed.inPlace("crm", true));
  }

  @Test
  void should_read_a_reembed_to_a_model_as_a_generation_switched_to_by_default() throws Exception {
    JobParams p =
        json.readValue(
            "{\"type\":\"reembed\",\"model\":\" bge-small-en-v1.5-q \"}", JobParams.class);
    assertThat(p).isEqualTo(JobParams.Reembed.toModel("bge-small-en-v1.5-q"));
    assertThat(((JobParams.Reembed) p).generation()).isTrue();
    assertThat(((JobParams.Reembed) p).activate()).isTrue();
    assertThat(((JobParams.Reembed) p).source()).isNull();
    JobParams kept =
        json.readValue(
            "{\"type\":\"reembed\",\"model\":\"x\",\"activate\":false}", JobParams.class);
    assertThat(((JobParams.Reembed) kept).activate()).isFalse();
    assertThat(JobParams.Reembed.inPlace("crm", false).generation()).isFalse();
  }

  @Test
  void should_refuse_a_reembed_to_a_model_of_one_source_and_an_in_place_one_without_source() {
    assertThatThrownBy(() -> new JobParams.Reembed("crm", false, "bge-small-en-v1.5-q", null))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("leave out source");
    assertThatThrownBy(() -> new JobParams.Reembed(null, false, null, null))
        .hasMessageContaining("source");
    assertThatThrownBy(() -> new JobParams.Reembed("crm", false, null, true))
        .hasMessageContaining("activate goes with model");
  }

  @Test
  void should_refuse_invalid_parameters() {
    assertThatThrownBy(() -> new JobParams.Reindex(null, false)).hasMessageContaining("source");
    assertThatThrownBy(() -> new JobParams.Sync("Bad Name!"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new JobParams.Purge("crm", 0)).hasMessageContaining("retentionDays");
  }

  @Test
  void should_compute_rate_and_eta_from_the_current_run() {
    JobProgress p = JobProgress.of(150, 250L, 100, 10, false);
    assertThat(p.ratePerSecond()).isEqualTo(10.0);
    assertThat(p.etaSeconds()).isEqualTo(10L);
    assertThat(JobProgress.of(250, 250L, 100, 10, true).etaSeconds()).isNull();
    assertThat(JobProgress.of(0, null, 0, 0, false).ratePerSecond()).isNull();
  }

  @Test
  void should_build_schedule_parameters_by_type() {
    assertThat(JobSchedules.params("purge", null, false, 7))
        .isEqualTo(new JobParams.Purge(null, 7));
    assertThatThrownBy(() -> JobSchedules.params("explode", "crm", false, null))
        .hasMessageContaining("no job type");
  }
}
