package io.tributary.redact;

import io.tributary.config.TributaryConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;

/** Builds the redactor from configuration; a missing or short HMAC key fails the start. */
@ApplicationScoped
public class RedactorProducer {

  @Produces
  @ApplicationScoped
  Redactor redactor(TributaryConfig config) {
    return new DetectingRedactor(
        DetectingRedactor.standardDetectors(), new Pseudonymizer(config.redact().hmacKey()));
  }
}
