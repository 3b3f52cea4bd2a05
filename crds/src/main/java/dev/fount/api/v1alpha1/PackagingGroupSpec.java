package dev.fount.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

@JsonInclude(JsonInclude.Include.NON_NULL)
public class PackagingGroupSpec {

    @JsonPropertyDescription("Require CDN authorization on every playback request of the group's assets.")
    public Authorization authorization;

    @JsonPropertyDescription("The VOD origin pods that package the group's assets, and how players reach them.")
    public OriginWorkload origin;
}
