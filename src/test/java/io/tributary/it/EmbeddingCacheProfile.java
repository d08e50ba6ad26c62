package io.tributary.it;

import io.quarkus.test.junit.QuarkusTestProfile;
import java.util.Map;

/**
 * The test profile with the embedding cache on (the other tests run without it, since they count
 * the texts the model embeds and their fixture texts repeat from run to run).
 */
public class EmbeddingCacheProfile implements QuarkusTestProfile {

  @Override
  public Map<String, String> getConfigOverrides() {
    return Map.of(
        "tributary.embedding.cache", "true", "tributary.generations.catch-up-every", "1s");
  }
}
