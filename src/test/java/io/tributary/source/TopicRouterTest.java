package io.tributary.source;

import static org.assertj.core.api.Assertions.assertThat;

import io.tributary.config.SourceCatalog;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TopicRouterTest {

  @Test
  void should_route_convention_and_configured_topics_and_never_dead_letter_topics(@TempDir Path dir)
      throws Exception {
    Files.writeString(dir.resolve("erp.yaml"), "topics: [legacy.erp.orders]\n");
    TopicRouter router = new TopicRouter(new SourceCatalog(dir), ".*");
    assertThat(router.sourceOf("tributary.crm")).contains("crm");
    assertThat(router.sourceOf("legacy.erp.orders")).contains("erp");
    assertThat(router.sourceOf("tributary.crm.dlq")).isEmpty();
    assertThat(router.sourceOf("other.topic")).isEmpty();
    assertThat(router.subscription().matcher("tributary.crm").matches()).isTrue();
    assertThat(router.subscription().matcher("legacy.erp.orders").matches()).isTrue();
    assertThat(router.subscription().matcher("tributary.crm.dlq").matches()).isFalse();
    assertThat(router.subscription().matcher("other.topic").matches()).isFalse();
    assertThat(TopicRouter.deadLetterTopic("crm")).isEqualTo("tributary.crm.dlq");
  }

  @Test
  void should_consume_only_the_sources_this_instance_is_given(@TempDir Path dir) {
    TopicRouter router = new TopicRouter(new SourceCatalog(dir), "k-.*");
    assertThat(router.sourceOf("tributary.k-1234")).contains("k-1234");
    assertThat(router.sourceOf("tributary.crm")).isEmpty();
    assertThat(router.subscription().matcher("tributary.k-1234").matches()).isTrue();
    assertThat(router.subscription().matcher("tributary.crm").matches()).isFalse();
    assertThat(router.subscription().matcher("tributary.k-1234.dlq").matches()).isFalse();
  }
}
