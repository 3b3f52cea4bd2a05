package dev.fount.operator.common;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;

import dev.fount.api.v1alpha1.Condition;

/**
 * Sets Kubernetes conditions the Gateway API way: one entry per type, CamelCase reasons, and
 * {@code lastTransitionTime} that changes only when the status flips. The clock is injected so
 * tests are exact.
 */
public final class StatusConditions {

    private final Clock clock;

    public StatusConditions(Clock clock) {
        this.clock = clock;
    }

    /** Sets (adds or replaces) the condition of {@code type} in {@code conditions}, in place. */
    public void set(List<Condition> conditions, String type, Condition.Status status, String reason, String message, Long generation) {
        Optional<Condition> existing = find(conditions, type);
        String since = existing.filter(c -> c.status == status).map(c -> c.lastTransitionTime)
                .orElseGet(() -> Instant.now(clock).truncatedTo(ChronoUnit.SECONDS).toString());
        Condition next = new Condition(type, status, generation, since, reason, message);
        existing.ifPresentOrElse(c -> conditions.set(conditions.indexOf(c), next), () -> conditions.add(next));
    }

    /** Removes the condition of {@code type}, in place: for conditions that only some specs have (KeyServer). */
    public static void remove(List<Condition> conditions, String type) {
        conditions.removeIf(c -> type.equals(c.type));
    }

    public static Optional<Condition> find(List<Condition> conditions, String type) {
        return conditions.stream().filter(c -> type.equals(c.type)).findFirst();
    }

    public static boolean isTrue(List<Condition> conditions, String type) {
        return find(conditions, type).map(c -> c.status == Condition.Status.True).orElse(false);
    }
}
