package dev.fount.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;

import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn;
import io.fabric8.generator.annotation.ValidationRule;
import io.fabric8.kubernetes.api.model.Namespaced;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.ShortNames;
import io.fabric8.kubernetes.model.annotation.Version;

/** A set of VOD packaging configurations and the origin that serves its assets (MediaPackage VOD's PackagingGroup). */
@Group(Channel.GROUP)
@Version(Channel.VERSION)
@ShortNames("pg")
@AdditionalPrinterColumn(name = "Ready", type = AdditionalPrinterColumn.Type.STRING, jsonPath = ".status.conditions[?(@.type==\"Ready\")].status")
@AdditionalPrinterColumn(name = "Domain", type = AdditionalPrinterColumn.Type.STRING, jsonPath = ".status.domainName")
@AdditionalPrinterColumn(name = "Age", type = AdditionalPrinterColumn.Type.DATE, jsonPath = ".metadata.creationTimestamp")
@ValidationRule(value = "size(self.metadata.name) <= 59", message = "a PackagingGroup name may have at most 59 characters: its Service is named <group>-vod, which Kubernetes limits to 63 characters")
public class PackagingGroup extends CustomResource<PackagingGroupSpec, PackagingGroupStatus> implements Namespaced {

    @Override
    @JsonPropertyDescription("The desired VOD origin of the group.")
    public PackagingGroupSpec getSpec() {
        return super.getSpec();
    }

    @Override
    @JsonPropertyDescription("What the operator observed: base URL, conditions.")
    public PackagingGroupStatus getStatus() {
        return super.getStatus();
    }
}
