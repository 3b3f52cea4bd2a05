package dev.fount.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;

import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn;
import io.fabric8.kubernetes.api.model.Namespaced;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.ShortNames;
import io.fabric8.kubernetes.model.annotation.Version;

/** A playback URL on a Channel with exactly one packager (MediaPackage's OriginEndpoint). */
@Group(Channel.GROUP)
@Version(Channel.VERSION)
@ShortNames("oe")
@AdditionalPrinterColumn(name = "Channel", type = AdditionalPrinterColumn.Type.STRING, jsonPath = ".spec.channelName")
@AdditionalPrinterColumn(name = "Ready", type = AdditionalPrinterColumn.Type.STRING, jsonPath = ".status.conditions[?(@.type==\"Ready\")].status")
@AdditionalPrinterColumn(name = "URL", type = AdditionalPrinterColumn.Type.STRING, jsonPath = ".status.url")
@AdditionalPrinterColumn(name = "Age", type = AdditionalPrinterColumn.Type.DATE, jsonPath = ".metadata.creationTimestamp")
public class OriginEndpoint extends CustomResource<OriginEndpointSpec, OriginEndpointStatus> implements Namespaced {

    @Override
    @JsonPropertyDescription("The desired endpoint: its channel, window settings and exactly one packager.")
    public OriginEndpointSpec getSpec() {
        return super.getSpec();
    }

    @Override
    @JsonPropertyDescription("What the operator observed: playback URLs, conditions.")
    public OriginEndpointStatus getStatus() {
        return super.getStatus();
    }
}
