package dev.fount.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;

/** Conditions only: ResolvedRefs on the packaging group, Ready, and KeyServer when encrypted. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class PackagingConfigurationStatus extends FountStatus {
}
