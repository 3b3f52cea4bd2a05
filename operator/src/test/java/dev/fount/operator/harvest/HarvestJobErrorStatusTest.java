package dev.fount.operator.harvest;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;

import org.junit.jupiter.api.Test;

import dev.fount.api.v1alpha1.Condition;
import dev.fount.api.v1alpha1.HarvestJob;
import dev.fount.operator.GoldenFiles;
import dev.fount.operator.common.StatusConditions;
import io.javaoperatorsdk.operator.api.reconciler.ErrorStatusUpdateControl;

/** An exception during reconcile becomes a readable Ready condition, and leaves the phase alone. */
class HarvestJobErrorStatusTest {

    @Test
    void exceptionBecomesReconcileError() {
        HarvestJobReconciler reconciler = new HarvestJobReconciler();
        reconciler.conditions = new StatusConditions(Clock.fixed(Instant.parse("2026-11-20T21:00:00Z"), ZoneOffset.UTC));
        HarvestJob harvest = GoldenFiles.read("harvest/s3-compatible-with-credentials/harvestjob.yaml", HarvestJob.class);

        ErrorStatusUpdateControl<HarvestJob> control = reconciler.updateErrorStatus(harvest, null,
                new IllegalStateException("jobs.batch is forbidden: cannot create"));

        HarvestJob patched = control.getResource().orElseThrow();
        Condition ready = StatusConditions.find(patched.getStatus().conditions, Condition.READY).orElseThrow();
        assertEquals(Condition.Status.False, ready.status);
        assertEquals("ReconcileError", ready.reason);
        assertEquals("jobs.batch is forbidden: cannot create", ready.message);
        assertEquals("2026-11-20T21:00:00Z", ready.lastTransitionTime);
        assertEquals(null, patched.getStatus().phase);
    }
}
