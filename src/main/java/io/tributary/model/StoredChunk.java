package io.tributary.model;

import java.util.List;
import java.util.Objects;

/** A stored chunk with what provenance needs: the chunk, its provenance and the ACL it carries. */
public record StoredChunk(Chunk chunk, Provenance provenance, List<String> acl) {

  public StoredChunk {
    Objects.requireNonNull(chunk, "chunk");
    Objects.requireNonNull(provenance, "provenance");
    acl = List.copyOf(acl);
  }
}
