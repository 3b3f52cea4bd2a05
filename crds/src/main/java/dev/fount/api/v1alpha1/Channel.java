package dev.fount.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;

import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn;
import io.fabric8.generator.annotation.ValidationRule;
import io.fabric8.kubernetes.api.model.Namespaced;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.ShortNames;
import io.fabric8.kubernetes.model.annotation.Version;

/** A live input: encoders push HLS to its two ingest endpoints (MediaPackage's Channel). */
@Group(Channel.GROUP)
@Version(Channel.VERSION)
@ShortNames("ch")
@AdditionalPrinterColumn(name = "Ready", type = AdditionalPrinterColumn.Type.STRING, jsonPath = ".status.conditions[?(@.type==\"Ready\")].status")
@AdditionalPrinterColumn(name = "Ingest", type = AdditionalPrinterColumn.Type.STRING, jsonPath = ".status.ingestEndpoints[0].url")
@AdditionalPrinterColumn(name = "Age", type = AdditionalPrinterColumn.Type.DATE, jsonPath = ".metadata.creationTimestamp")
@ValidationRule(value = "size(self.metadata.name) <= 56", message = "a Channel name may have at most 56 characters: its Services are named <channel>-origin and <channel>-ingest, which Kubernetes limits to 63 characters")
public class Channel extends CustomResource<ChannelSpec, ChannelStatus> implements Namespaced {

    public static final String GROUP = "fount.dev";
    public static final String VERSION = "v1alpha1";

    @Override
    @JsonPropertyDescription("The desired channel: its ingest credentials and the origin that serves it.")
    public ChannelSpec getSpec() {
        return super.getSpec();
    }

    @Override
    @JsonPropertyDescription("What the operator observed: ingest endpoints, conditions.")
    public ChannelStatus getStatus() {
        return super.getStatus();
    }
}
