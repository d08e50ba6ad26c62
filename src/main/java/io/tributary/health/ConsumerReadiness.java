package io.tributary.health;

import io.tributary.source.ConsumerStatus;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;

/**
 * DOWN while the Kafka consumer is paused on a retriable fault or stopped by a fatal one, with the
 * reason.
 */
@Readiness
@ApplicationScoped
public class ConsumerReadiness implements HealthCheck {

  private final ConsumerStatus status;

  public ConsumerReadiness(ConsumerStatus status) {
    this.status = status;
  }

  @Override
  public HealthCheckResponse call() {
    ConsumerStatus.State state = status.state();
    HealthCheckResponseBuilder b =
        HealthCheckResponse.named("kafka-consumer")
            .status(state != ConsumerStatus.State.PAUSED && state != ConsumerStatus.State.STOPPED)
            .withData("state", state.name());
    if (status.reason() != null) {
      b.withData("reason", status.reason());
    }
    return b.build();
  }
}
