package dev.fount.operator.common;

import java.time.Clock;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

/** The wall clock for condition and Event timestamps (tests replace it with a fixed one), and what uses it. */
@ApplicationScoped
public class ClockProducer {

    @Produces
    @Singleton
    Clock clock() {
        return Clock.systemUTC();
    }

    @Produces
    @Singleton
    StatusConditions conditions(Clock clock) {
        return new StatusConditions(clock);
    }

    @Produces
    @Singleton
    EventRecorder events(io.fabric8.kubernetes.client.KubernetesClient client, Clock clock) {
        return new EventRecorder(client, clock);
    }
}
