package dev.fount.api.v1alpha1;

import java.util.Map;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

import io.fabric8.crd.generator.annotation.SchemaFrom;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceRequirements;

/** How the operator runs the origin pods of a Channel or PackagingGroup, and how players reach them. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class OriginWorkload {

    public enum ServiceType {
        ClusterIP, NodePort, LoadBalancer
    }

    @Size(max = 512)
    @JsonPropertyDescription("Origin container image; the operator's own matching origin image when unset.")
    public String image;

    @Min(1)
    @Max(20)
    @Default("1")
    @JsonPropertyDescription("Number of origin pods. Replicas fed the same input publish identical manifests; above 1 a PodDisruptionBudget keeps one available.")
    public Integer replicas;

    @SchemaFrom(type = ComputeResources.class)
    @JsonPropertyDescription("CPU and memory requests and limits of the origin container.")
    public ResourceRequirements resources;

    @Default("ClusterIP")
    @JsonPropertyDescription("Type of the Services in front of the origin pods.")
    public ServiceType serviceType;

    @JsonPropertyDescription("Expose the egress (and, for a Channel, ingest) paths through an Ingress.")
    public Ingress ingress;

    /** An Ingress in front of the origin's Services. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public static class Ingress {

        @Size(max = 253)
        @Required
        @Pattern("^(\\*\\.)?[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$")
        @JsonPropertyDescription("Host name players use; status URLs are built from it.")
        public String host;

        @Size(max = 253)
        @JsonPropertyDescription("IngressClass to use; the cluster's default class when unset.")
        public String className;

        @Size(max = 253)
        @Pattern(Names.DNS_SUBDOMAIN)
        @JsonPropertyDescription("Secret of type kubernetes.io/tls for the host; URLs in status use https when set.")
        public String tlsSecretName;
    }

    /** The schema of {@code resources}: Kubernetes' ResourceRequirements, with descriptions. */
    static final class ComputeResources {

        @JsonPropertyDescription("Minimum compute resources (e.g. cpu: 500m, memory: 512Mi) the scheduler reserves.")
        public Map<String, Quantity> requests;

        @JsonPropertyDescription("Maximum compute resources (e.g. cpu: 2, memory: 2Gi) the container may use.")
        public Map<String, Quantity> limits;
    }
}
