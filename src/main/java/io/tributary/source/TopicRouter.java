package io.tributary.source;

import io.tributary.config.SourceCatalog;
import io.tributary.model.RecordKey;
import io.tributary.pipeline.DeadLetterTopic;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Which source a topic belongs to. By convention source {@code S} reads {@code tributary.S}; a
 * source file may name other topics. Dead-letter topics ({@code tributary.S.dlq}) are never
 * consumed.
 */
public final class TopicRouter {

  private static final Pattern CONVENTION =
      Pattern.compile("tributary\\.([a-z0-9][a-z0-9_.-]{0,63})");

  private final Map<String, String> explicit = new HashMap<>();
  private final Pattern sources;

  /**
   * @param sources regular expression of the source names to consume
   */
  public TopicRouter(SourceCatalog catalog, String sources) {
    this.sources = Pattern.compile(sources);
    for (String source : catalog.configuredSources()) {
      if (this.sources.matcher(source).matches()) {
        for (String topic : catalog.settings(source).topics()) {
          explicit.put(topic, source);
        }
      }
    }
  }

  /**
   * Every topic of a configured source plus every {@code tributary.<source>} topic, for the sources
   * this instance consumes; dead-letter topics excluded.
   */
  public Pattern subscription() {
    StringBuilder alternatives =
        new StringBuilder(
            "tributary\\.(?=(?:" + sources.pattern() + ")$)[a-z0-9][a-z0-9_.-]{0,63}");
    explicit.keySet().stream()
        .sorted()
        .forEach(t -> alternatives.append('|').append(Pattern.quote(t)));
    return Pattern.compile("(?!.*\\.dlq$)(?:" + alternatives + ")");
  }

  public Optional<String> sourceOf(String topic) {
    if (topic.endsWith(DeadLetterTopic.SUFFIX)) {
      return Optional.empty();
    }
    String source = explicit.get(topic);
    if (source != null) {
      return Optional.of(source);
    }
    Matcher m = CONVENTION.matcher(topic);
    if (!m.matches() || !sources.matcher(m.group(1)).matches()) {
      return Optional.empty();
    }
    try {
      return Optional.of(RecordKey.requireValidSource(m.group(1)));
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
  }

  public static String deadLetterTopic(String source) {
    return DeadLetterTopic.topicOf(source);
  }
}
