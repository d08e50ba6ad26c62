package io.tributary.ingest;

import io.tributary.model.IngestItem;
import io.tributary.model.Origin;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import java.util.Optional;

/**
 * The one seam through which side packages read a record's original again (a reindex, a dead
 * letter's replay): the first {@link OriginalReader} that handles the origin reads it. Side
 * packages never import the transports' own classes.
 */
@ApplicationScoped
public class Originals {

  private final Instance<OriginalReader> readers;

  public Originals(Instance<OriginalReader> readers) {
    this.readers = readers;
  }

  /** Whether any reader can read originals of this origin (HTTP payloads are not kept: no). */
  public boolean readable(Origin origin) {
    return readers.stream().anyMatch(r -> r.handles(origin));
  }

  /** The original as an ingest item, or empty when no reader handles the origin or it is gone. */
  public Optional<IngestItem> read(String source, String recordId, Origin origin) {
    for (OriginalReader reader : readers) {
      if (reader.handles(origin)) {
        return reader.read(source, recordId, origin);
      }
    }
    return Optional.empty();
  }
}
