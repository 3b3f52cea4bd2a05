package dev.fount.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;

import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn;
import io.fabric8.kubernetes.api.model.Namespaced;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.ShortNames;
import io.fabric8.kubernetes.model.annotation.Version;

/** One output format of a PackagingGroup's assets (MediaPackage VOD's PackagingConfiguration). */
@Group(Channel.GROUP)
@Version(Channel.VERSION)
@ShortNames("pc")
@AdditionalPrinterColumn(name = "Group", type = AdditionalPrinterColumn.Type.STRING, jsonPath = ".spec.packagingGroupName")
@AdditionalPrinterColumn(name = "Ready", type = AdditionalPrinterColumn.Type.STRING, jsonPath = ".status.conditions[?(@.type==\"Ready\")].status")
@AdditionalPrinterColumn(name = "Age", type = AdditionalPrinterColumn.Type.DATE, jsonPath = ".metadata.creationTimestamp")
public class PackagingConfiguration extends CustomResource<PackagingConfigurationSpec, PackagingConfigurationStatus> implements Namespaced {

    @Override
    @JsonPropertyDescription("The group it belongs to and exactly one VOD packager.")
    public PackagingConfigurationSpec getSpec() {
        return super.getSpec();
    }

    @Override
    @JsonPropertyDescription("What the operator observed: conditions.")
    public PackagingConfigurationStatus getStatus() {
        return super.getStatus();
    }
}
