package io.tributary.source;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.tributary.config.TributaryConfig;
import io.tributary.ingest.OriginalReader;
import io.tributary.model.IngestItem;
import io.tributary.model.Origin;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Optional;

/** Reads a Kafka record's original message back from its topic, partition and offset. */
@ApplicationScoped
public class KafkaOriginalReader implements OriginalReader {

  private final KafkaMessageFetcher fetcher;
  private final KafkaRecordMapper mapper;

  public KafkaOriginalReader(
      KafkaMessageFetcher fetcher, ObjectMapper json, TributaryConfig config) {
    this.fetcher = fetcher;
    this.mapper = new KafkaRecordMapper(json, config.ingest().maxRecordBytes());
  }

  @Override
  public boolean handles(Origin origin) {
    return origin != null
        && origin.topic() != null
        && origin.partition() != null
        && origin.offset() != null;
  }

  @Override
  public Optional<IngestItem> read(String source, String recordId, Origin origin) {
    return fetcher
        .fetch(origin.topic(), origin.partition(), origin.offset())
        .map(m -> mapper.map(source, m));
  }
}
