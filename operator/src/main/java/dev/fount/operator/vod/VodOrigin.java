package dev.fount.operator.vod;

import java.util.List;
import java.util.Map;

import dev.fount.api.v1alpha1.OriginWorkload;
import dev.fount.api.v1alpha1.PackagingGroup;
import dev.fount.operator.common.ChildNames;
import dev.fount.operator.common.Labels;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.EnvVarBuilder;
import io.fabric8.kubernetes.api.model.HTTPGetActionBuilder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.ProbeBuilder;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.ServiceAccountBuilder;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.api.model.networking.v1.IngressBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.IngressTLSBuilder;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudgetBuilder;
import io.fabric8.kubernetes.api.model.rbac.PolicyRuleBuilder;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import io.fabric8.kubernetes.api.model.rbac.RoleBindingBuilder;
import io.fabric8.kubernetes.api.model.rbac.RoleBuilder;

/**
 * Desired state of a PackagingGroup's VOD origin: pure functions from the group (and the
 * operator's default image) to the objects, so golden-file tests see exactly what is applied.
 * Like a channel's origin, without ingest: one egress port, no credentials. The origin learns
 * what to serve by reading the PackagingGroups, PackagingConfigurations and Assets of its namespace
 * through informers (hence the Role); the request path names the group.
 */
public final class VodOrigin {

    /** Labels' component value for everything of the VOD origin. */
    public static final String COMPONENT = "vod-origin";
    static final String HTTP = "http";
    static final String DATA_VOLUME = "data";
    static final String TMP_VOLUME = "tmp";

    private VodOrigin() {
    }

    /** The path all of the group's assets are served under: /out/v1/{group}/. */
    public static String path(PackagingGroup group) {
        return "/out/v1/" + group.getMetadata().getName() + "/";
    }

    static OriginWorkload origin(PackagingGroup group) {
        return group.getSpec() == null || group.getSpec().origin == null ? new OriginWorkload() : group.getSpec().origin;
    }

    /** Replicas, 1 when unset (the CRD defaults it). */
    public static int replicas(PackagingGroup group) {
        Integer r = origin(group).replicas;
        return r == null ? 1 : r;
    }

    static ObjectMeta meta(PackagingGroup group) {
        return new ObjectMetaBuilder()
                .withName(ChildNames.groupOrigin(group.getMetadata().getName()))
                .withNamespace(group.getMetadata().getNamespace())
                .withLabels(Labels.of(COMPONENT, group))
                .withOwnerReferences(owner(group))
                .build();
    }

    static OwnerReference owner(HasMetadata owner) {
        return new OwnerReferenceBuilder()
                .withApiVersion(owner.getApiVersion())
                .withKind(owner.getKind())
                .withName(owner.getMetadata().getName())
                .withUid(owner.getMetadata().getUid())
                .withController(true)
                .withBlockOwnerDeletion(true)
                .build();
    }

    public static Deployment deployment(PackagingGroup group, String defaultImage) {
        return deployment(group, defaultImage, List.of());
    }

    /**
     * @param sourceSecrets the Secrets the group's Assets read their sources with, and those its
     *                      PackagingConfigurations' encryption names (key server, static key): each is mounted
     *                      read-only as files under {@link ChildNames#SECRETS_DIR}/{name}, where the
     *                      origin reads them (it may not read Secrets through the API); optional, so
     *                      a missing Secret makes its Asset fail, not the pod
     */
    public static Deployment deployment(PackagingGroup group, String defaultImage, List<String> sourceSecrets) {
        List<String> secrets = sourceSecrets.stream().distinct().sorted().toList();
        List<io.fabric8.kubernetes.api.model.VolumeMount> mounts = new java.util.ArrayList<>(List.of(
                new io.fabric8.kubernetes.api.model.VolumeMountBuilder().withName(DATA_VOLUME).withMountPath(ChildNames.DATA_DIR).build(),
                new io.fabric8.kubernetes.api.model.VolumeMountBuilder().withName(TMP_VOLUME).withMountPath("/tmp").build()));
        List<io.fabric8.kubernetes.api.model.Volume> volumes = new java.util.ArrayList<>(List.of(
                new io.fabric8.kubernetes.api.model.VolumeBuilder().withName(DATA_VOLUME).withNewEmptyDir().endEmptyDir().build(),
                new io.fabric8.kubernetes.api.model.VolumeBuilder().withName(TMP_VOLUME).withNewEmptyDir().endEmptyDir().build()));
        List<io.fabric8.kubernetes.api.model.EnvVar> env = new java.util.ArrayList<>(List.of(
                new EnvVarBuilder().withName("FOUNT_DATA_DIR").withValue(ChildNames.DATA_DIR).build(),
                new EnvVarBuilder().withName("FOUNT_PACKAGING_GROUP").withValue(group.getMetadata().getName()).build()));
        if (!secrets.isEmpty()) {
            env.add(new EnvVarBuilder().withName("FOUNT_SECRETS_DIR").withValue(ChildNames.SECRETS_DIR).build());
        }
        for (int i = 0; i < secrets.size(); i++) {
            String volume = "source-" + i;
            mounts.add(new io.fabric8.kubernetes.api.model.VolumeMountBuilder().withName(volume)
                    .withMountPath(ChildNames.SECRETS_DIR + "/" + secrets.get(i)).withReadOnly(true).build());
            volumes.add(new io.fabric8.kubernetes.api.model.VolumeBuilder().withName(volume)
                    .withNewSecret().withSecretName(secrets.get(i)).withOptional(true).endSecret().build());
        }
        OriginWorkload origin = origin(group);
        Map<String, String> selector = Labels.selector(COMPONENT, group);
        Map<String, String> podLabels = Labels.of(COMPONENT, group);
        return new DeploymentBuilder()
                .withMetadata(meta(group))
                .withNewSpec()
                .withReplicas(replicas(group))
                .withNewSelector().withMatchLabels(selector).endSelector()
                .withNewTemplate()
                .withNewMetadata().withLabels(podLabels).endMetadata()
                .withNewSpec()
                .withServiceAccountName(ChildNames.groupOrigin(group.getMetadata().getName()))
                .withNewSecurityContext()
                .withRunAsNonRoot(true)
                .withNewSeccompProfile().withType("RuntimeDefault").endSeccompProfile()
                .endSecurityContext()
                .withContainers(new ContainerBuilder()
                        .withName("origin")
                        .withImage(origin.image != null ? origin.image : defaultImage)
                        .addNewPort().withName(HTTP).withContainerPort(ChildNames.ORIGIN_PORT).withProtocol("TCP").endPort()
                        .withEnv(env)
                        .withResources(origin.resources)
                        .withLivenessProbe(probe("/q/health/live", 10, 10))
                        .withReadinessProbe(probe("/q/health/ready", 5, 5))
                        .withNewSecurityContext()
                        .withRunAsNonRoot(true)
                        .withReadOnlyRootFilesystem(true)
                        .withAllowPrivilegeEscalation(false)
                        .withNewCapabilities().withDrop("ALL").endCapabilities()
                        .withNewSeccompProfile().withType("RuntimeDefault").endSeccompProfile()
                        .endSecurityContext()
                        .withVolumeMounts(mounts)
                        .build())
                .withVolumes(volumes)
                .endSpec()
                .endTemplate()
                .endSpec()
                .build();
    }

    private static Probe probe(String path, int initialDelaySeconds, int periodSeconds) {
        return new ProbeBuilder()
                .withHttpGet(new HTTPGetActionBuilder().withPath(path).withPort(new IntOrString(HTTP)).build())
                .withInitialDelaySeconds(initialDelaySeconds)
                .withPeriodSeconds(periodSeconds)
                .withTimeoutSeconds(2)
                .withFailureThreshold(3)
                .build();
    }

    public static ServiceAccount serviceAccount(PackagingGroup group) {
        return new ServiceAccountBuilder().withMetadata(meta(group)).build();
    }

    /** What the VOD origin reads through informers: its group, configurations and assets, nothing else. */
    public static Role role(PackagingGroup group) {
        return new RoleBuilder()
                .withMetadata(meta(group))
                .withRules(new PolicyRuleBuilder()
                        .withApiGroups("fount.dev")
                        .withResources("packaginggroups", "packagingconfigurations", "assets")
                        .withVerbs("get", "list", "watch")
                        .build())
                .build();
    }

    public static RoleBinding roleBinding(PackagingGroup group) {
        String name = ChildNames.groupOrigin(group.getMetadata().getName());
        return new RoleBindingBuilder()
                .withMetadata(meta(group))
                .withNewRoleRef().withApiGroup("rbac.authorization.k8s.io").withKind("Role").withName(name).endRoleRef()
                .addNewSubject().withKind("ServiceAccount").withName(name).withNamespace(group.getMetadata().getNamespace()).endSubject()
                .build();
    }

    public static Service service(PackagingGroup group) {
        OriginWorkload origin = origin(group);
        return new ServiceBuilder()
                .withMetadata(meta(group))
                .withNewSpec()
                .withType(origin.serviceType != null ? origin.serviceType.name() : OriginWorkload.ServiceType.ClusterIP.name())
                .withSelector(Labels.selector(COMPONENT, group))
                .addNewPort().withName(HTTP).withPort(80).withTargetPort(new IntOrString(HTTP)).withProtocol("TCP").endPort()
                .endSpec()
                .build();
    }

    /** Only when spec.origin.ingress is set: routes /out/v1/{group}/ to the Service. */
    public static Ingress ingress(PackagingGroup group) {
        OriginWorkload.Ingress ingress = origin(group).ingress;
        String service = ChildNames.groupOrigin(group.getMetadata().getName());
        IngressBuilder b = new IngressBuilder()
                .withMetadata(meta(group))
                .withNewSpec()
                .withIngressClassName(ingress.className)
                .addNewRule()
                .withHost(ingress.host)
                .withNewHttp()
                .addNewPath()
                .withPath(path(group))
                .withPathType("Prefix")
                .withNewBackend().withNewService().withName(service).withNewPort().withName(HTTP).endPort().endService().endBackend()
                .endPath()
                .endHttp()
                .endRule()
                .endSpec();
        if (ingress.tlsSecretName != null) {
            b.editSpec().withTls(new IngressTLSBuilder().withHosts(ingress.host).withSecretName(ingress.tlsSecretName).build()).endSpec();
        }
        return b.build();
    }

    /** Only when replicas > 1: keeps one origin pod through voluntary disruptions. */
    public static PodDisruptionBudget podDisruptionBudget(PackagingGroup group) {
        return new PodDisruptionBudgetBuilder()
                .withMetadata(meta(group))
                .withNewSpec()
                .withMinAvailable(new IntOrString(1))
                .withNewSelector().withMatchLabels(Labels.selector(COMPONENT, group)).endSelector()
                .endSpec()
                .build();
    }

    /** All children as applied, in a stable order (golden tests). */
    public static List<HasMetadata> all(PackagingGroup group, String defaultImage) {
        List<HasMetadata> out = new java.util.ArrayList<>(List.of(serviceAccount(group), role(group), roleBinding(group),
                deployment(group, defaultImage), service(group)));
        if (origin(group).ingress != null) {
            out.add(ingress(group));
        }
        if (replicas(group) > 1) {
            out.add(podDisruptionBudget(group));
        }
        return out;
    }
}
