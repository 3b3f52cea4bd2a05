package dev.fount.operator.common;

import java.time.Clock;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

/** The wall clock for condition timestamps; tests replace it with a fixed one. */
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
}
