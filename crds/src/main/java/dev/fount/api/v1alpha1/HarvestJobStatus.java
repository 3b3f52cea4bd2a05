package dev.fount.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

@JsonInclude(JsonInclude.Include.NON_NULL)
public class HarvestJobStatus extends FountStatus {

    public enum Phase {
        IN_PROGRESS, SUCCEEDED, FAILED
    }

    @JsonPropertyDescription("IN_PROGRESS while the harvest runs, then SUCCEEDED or FAILED (the reason is in the Ready condition's message).")
    public Phase phase;

    @JsonPropertyDescription("The Channel of the endpoint, as MediaPackage reports channelId.")
    public String channelName;

    @JsonPropertyDescription("Name of the batch/v1 Job that runs the harvest.")
    public String jobName;
}
