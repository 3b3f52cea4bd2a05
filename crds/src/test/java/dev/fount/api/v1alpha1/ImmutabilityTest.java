package dev.fount.api.v1alpha1;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** Fields MediaPackage never lets change are refused on update by transition rules (self == oldSelf). */
class ImmutabilityTest {

    private static final Admission ADMISSION = new Admission(Crds.byKind());

    @Test
    void harvestJobSpecCannotChange() throws Exception {
        JsonNode job = Crds.YAML.readTree("""
                apiVersion: fount.dev/v1alpha1
                kind: HarvestJob
                metadata: {name: clip}
                spec:
                  originEndpointName: live-hls
                  startTime: "2026-11-26T10:00:00Z"
                  endTime: "2026-11-26T10:30:00Z"
                  s3Destination: {bucketName: clips, manifestKey: clip/index.m3u8}
                """);
        ObjectNode moved = job.deepCopy();
        ((ObjectNode) moved.get("spec")).put("endTime", "2026-11-26T10:45:00Z");
        assertEquals(List.of("spec: Invalid value: a HarvestJob's spec is immutable; create a new HarvestJob instead"),
                ADMISSION.update(job, moved).violations());
        assertTrue(ADMISSION.update(job, job.deepCopy()).accepted(), "an unchanged spec is not a change");
    }

    @Test
    void anEndpointCannotMoveToAnotherChannelButCanChangeItsPackager() throws Exception {
        JsonNode endpoint = Crds.YAML.readTree("""
                apiVersion: fount.dev/v1alpha1
                kind: OriginEndpoint
                metadata: {name: live-hls}
                spec: {channelName: live, hlsPackage: {}}
                """);
        ObjectNode moved = endpoint.deepCopy();
        ((ObjectNode) moved.get("spec")).put("channelName", "other");
        assertEquals(List.of("spec.channelName: Invalid value: channelName is immutable"), ADMISSION.update(endpoint, moved).violations());

        ObjectNode retuned = endpoint.deepCopy();
        ((ObjectNode) retuned.at("/spec/hlsPackage")).put("segmentDurationSeconds", 4);
        assertTrue(ADMISSION.update(endpoint, retuned).accepted(), () -> ADMISSION.update(endpoint, retuned).violations().toString());
    }

    @Test
    void anAssetKeepsItsSourceAndGroup() throws Exception {
        JsonNode asset = Crds.YAML.readTree("""
                apiVersion: fount.dev/v1alpha1
                kind: Asset
                metadata: {name: bbb}
                spec: {packagingGroupName: vod, sourceUri: "s3://media/bbb/index.m3u8"}
                """);
        ObjectNode other = asset.deepCopy();
        ((ObjectNode) other.get("spec")).put("sourceUri", "s3://media/sintel/index.m3u8");
        assertEquals(List.of("spec.sourceUri: Invalid value: sourceUri is immutable; create a new Asset for other content"),
                ADMISSION.update(asset, other).violations());
    }
}
