package dev.fount.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;

import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn;
import io.fabric8.kubernetes.api.model.Namespaced;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.ShortNames;
import io.fabric8.kubernetes.model.annotation.Version;

/** A file-based title in object storage, played through every configuration of its group (MediaPackage VOD's Asset). */
@Group(Channel.GROUP)
@Version(Channel.VERSION)
@ShortNames("fasset")
@AdditionalPrinterColumn(name = "Group", type = AdditionalPrinterColumn.Type.STRING, jsonPath = ".spec.packagingGroupName")
@AdditionalPrinterColumn(name = "Ready", type = AdditionalPrinterColumn.Type.STRING, jsonPath = ".status.conditions[?(@.type==\"Ready\")].status")
@AdditionalPrinterColumn(name = "Source", type = AdditionalPrinterColumn.Type.STRING, jsonPath = ".spec.sourceUri", priority = 1)
@AdditionalPrinterColumn(name = "Age", type = AdditionalPrinterColumn.Type.DATE, jsonPath = ".metadata.creationTimestamp")
public class Asset extends CustomResource<AssetSpec, AssetStatus> implements Namespaced {

    @Override
    @JsonPropertyDescription("Where the asset's source is and which group packages it.")
    public AssetSpec getSpec() {
        return super.getSpec();
    }

    @Override
    @JsonPropertyDescription("What the origin reported: one egress endpoint per packaging configuration, conditions.")
    public AssetStatus getStatus() {
        return super.getStatus();
    }
}
