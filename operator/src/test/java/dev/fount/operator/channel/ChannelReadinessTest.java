package dev.fount.operator.channel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;

import org.junit.jupiter.api.Test;

import dev.fount.api.v1alpha1.Channel;
import dev.fount.api.v1alpha1.ChannelStatus;
import dev.fount.api.v1alpha1.Condition;
import dev.fount.operator.GoldenFiles;
import dev.fount.operator.common.StatusConditions;

/** The status a Channel gets from what the reconciler observed. */
class ChannelReadinessTest {

    final StatusConditions conditions = new StatusConditions(Clock.fixed(Instant.parse("2030-01-02T03:04:05Z"), ZoneOffset.UTC));

    static Channel channel(String name) {
        return GoldenFiles.read("channel/" + name + "/channel.yaml", Channel.class);
    }

    static Condition ready(ChannelStatus status) {
        return StatusConditions.find(status.conditions, Condition.READY).orElseThrow();
    }

    @Test
    void serviceUrlsWithoutIngress() {
        ChannelStatus status = ChannelReadiness.status(channel("minimal"),
                new ChannelReadiness.Observation(true, "news", "Deployment", null), conditions, "cluster.local");
        assertEquals(2, status.ingestEndpoints.size());
        assertEquals("1", status.ingestEndpoints.get(0).id);
        assertEquals("http://news-ingest.media.svc.cluster.local/in/v1/news/1/", status.ingestEndpoints.get(0).url);
        assertEquals("http://news-ingest.media.svc.cluster.local/in/v1/news/2/", status.ingestEndpoints.get(1).url);
        assertEquals("news", status.ingestEndpoints.get(1).username);
        assertEquals("news-ingest", status.ingestEndpoints.get(1).passwordSecretRef.name);
        assertEquals("password", status.ingestEndpoints.get(1).passwordSecretRef.key);
        assertEquals(1L, status.observedGeneration);
        Condition ready = ready(status);
        assertEquals(Condition.Status.False, ready.status);
        assertEquals(ChannelReadiness.ORIGIN_STARTING, ready.reason);
        assertEquals("Waiting for Deployment news-origin: 0 of 1 origin pods available", ready.message);
        assertEquals("2030-01-02T03:04:05Z", ready.lastTransitionTime);
    }

    @Test
    void ingressHostWithTlsAndNamedSecret() {
        ChannelStatus status = ChannelReadiness.status(channel("archived-exposed"),
                new ChannelReadiness.Observation(true, "encoder", "StatefulSet", 2), conditions, "cluster.local");
        assertEquals("https://sports.example.com/in/v1/sports/2/", status.ingestEndpoints.get(1).url);
        assertEquals("encoder", status.ingestEndpoints.get(0).username);
        assertEquals("sports-encoder", status.ingestEndpoints.get(0).passwordSecretRef.name);
        Condition ready = ready(status);
        assertEquals(Condition.Status.True, ready.status);
        assertEquals(ChannelReadiness.ORIGIN_AVAILABLE, ready.reason);
        assertEquals("StatefulSet sports-origin has 2 of 3 origin pods available", ready.message);
        assertEquals(3L, ready.observedGeneration);
    }

    @Test
    void missingNamedSecretIsNamed() {
        ChannelStatus status = ChannelReadiness.status(channel("archived-exposed"),
                new ChannelReadiness.Observation(false, null, "StatefulSet", 3), conditions, "cluster.local");
        Condition ready = ready(status);
        assertEquals(Condition.Status.False, ready.status);
        assertEquals(ChannelReadiness.SECRET_NOT_FOUND, ready.reason);
        assertTrue(ready.message.contains("Secret sports-encoder"), ready.message);
        assertTrue(ready.message.contains("spec.ingest.credentialsSecretRef"), ready.message);
    }

    @Test
    void transitionTimeKeptWhileStatusHolds() {
        Channel channel = channel("minimal");
        channel.setStatus(ChannelReadiness.status(channel, new ChannelReadiness.Observation(true, "news", "Deployment", 1),
                new StatusConditions(Clock.fixed(Instant.parse("2029-12-31T00:00:00Z"), ZoneOffset.UTC)), "cluster.local"));
        ChannelStatus next = ChannelReadiness.status(channel, new ChannelReadiness.Observation(true, "news", "Deployment", 1),
                conditions, "cluster.local");
        assertEquals("2029-12-31T00:00:00Z", ready(next).lastTransitionTime);
    }

    @Test
    void errorKeepsEndpointsAndSaysWhy() {
        Channel channel = channel("minimal");
        channel.setStatus(ChannelReadiness.status(channel, new ChannelReadiness.Observation(true, "news", "Deployment", 1),
                conditions, "cluster.local"));
        ChannelStatus next = ChannelReadiness.error(channel,
                new RuntimeException(new IllegalStateException("Deployment news-origin is forbidden")), conditions);
        assertEquals(2, next.ingestEndpoints.size());
        Condition ready = ready(next);
        assertEquals(Condition.Status.False, ready.status);
        assertEquals(ChannelReadiness.RECONCILE_ERROR, ready.reason);
        assertEquals("Deployment news-origin is forbidden", ready.message);
    }

    @Test
    void workflowFailuresNameTheirDependents() {
        String message = ChannelReadiness.message(new io.javaoperatorsdk.operator.AggregatedOperatorException("Exception(s) during workflow execution.",
                java.util.Map.of(ChannelDependents.DEPLOYMENT, new IllegalStateException("deployments.apps is forbidden"))));
        assertEquals("origin-deployment: deployments.apps is forbidden", message);
    }
}
