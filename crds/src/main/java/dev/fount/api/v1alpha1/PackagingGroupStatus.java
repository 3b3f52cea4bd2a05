package dev.fount.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

@JsonInclude(JsonInclude.Include.NON_NULL)
public class PackagingGroupStatus extends FountStatus {

    @JsonPropertyDescription("Base URL of the group's origin (scheme and host, e.g. https://vod.example.com); asset URLs start with it.")
    public String domainName;
}
