package dev.fount.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;

import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn;
import io.fabric8.generator.annotation.ValidationRule;
import io.fabric8.kubernetes.api.model.Namespaced;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.ShortNames;
import io.fabric8.kubernetes.model.annotation.Version;

/** A one-shot export of a live endpoint's time range as an HLS VOD clip (MediaPackage's HarvestJob). */
@Group(Channel.GROUP)
@Version(Channel.VERSION)
@ShortNames("hj")
@AdditionalPrinterColumn(name = "Endpoint", type = AdditionalPrinterColumn.Type.STRING, jsonPath = ".spec.originEndpointName")
@AdditionalPrinterColumn(name = "Phase", type = AdditionalPrinterColumn.Type.STRING, jsonPath = ".status.phase")
@AdditionalPrinterColumn(name = "Start", type = AdditionalPrinterColumn.Type.STRING, jsonPath = ".spec.startTime", priority = 1)
@AdditionalPrinterColumn(name = "End", type = AdditionalPrinterColumn.Type.STRING, jsonPath = ".spec.endTime", priority = 1)
@AdditionalPrinterColumn(name = "Age", type = AdditionalPrinterColumn.Type.DATE, jsonPath = ".metadata.creationTimestamp")
@ValidationRule(value = "size(self.metadata.name) <= 55", message = "a HarvestJob name may have at most 55 characters: its Job is named <name>-harvest, which Kubernetes limits to 63 characters")
public class HarvestJob extends CustomResource<HarvestJobSpec, HarvestJobStatus> implements Namespaced {

    @Override
    @JsonPropertyDescription("What to harvest and where to write it; immutable once created.")
    public HarvestJobSpec getSpec() {
        return super.getSpec();
    }

    @Override
    @JsonPropertyDescription("Progress of the harvest.")
    public HarvestJobStatus getStatus() {
        return super.getStatus();
    }
}
