package io.tributary.ingest;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.util.List;
import java.util.Optional;

/**
 * {@code tributary.originals.*}: encrypted originals of records that came over HTTP and of uploads,
 * so that a policy change can re-process them without a re-send (docs/operations.md).
 */
@ConfigMapping(prefix = "tributary.originals")
public interface OriginalsConfig {

  /** Keep encrypted originals. Off by default: such records are then listed as needsResend. */
  @WithDefault("false")
  boolean enabled();

  /**
   * {@code id:base64} AES keys (16, 24 or 32 bytes), the sealing key first; every listed key opens.
   * Secret: only from the environment ({@code TRIBUTARY_ORIGINALS_KEYS}). Required when enabled.
   */
  Optional<List<String>> keys();
}
