package dev.fount.api.v1alpha1;

import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

/** What every kind's status carries, so {@code kubectl wait} and Argo CD read them alike. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public abstract class FountStatus {

    @JsonPropertyDescription("The metadata.generation this status was computed from; the status is stale while it lags behind metadata.generation.")
    public Long observedGeneration;

    @JsonPropertyDescription("Standard Kubernetes conditions. Type Ready is always present once reconciled; ResolvedRefs appears on kinds that name another resource; KeyServer on encrypted OriginEndpoints and PackagingConfigurations (how their key server last answered).")
    public List<Condition> conditions = new ArrayList<>();
}
