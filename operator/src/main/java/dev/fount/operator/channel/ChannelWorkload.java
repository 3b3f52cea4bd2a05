package dev.fount.operator.channel;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import dev.fount.api.v1alpha1.Channel;
import dev.fount.api.v1alpha1.OriginWorkload;
import dev.fount.operator.common.ChildNames;
import dev.fount.operator.common.Labels;
import dev.fount.operator.common.OperatorSettings;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaimBuilder;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.PodTemplateSpecBuilder;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.ProbeBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeBuilder;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.VolumeMountBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.apps.StatefulSetBuilder;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudgetBuilder;

/**
 * The desired origin workload of a Channel: a Deployment, or a StatefulSet with one archive
 * volume per pod when {@code spec.archive.size} is set; and a PodDisruptionBudget above one
 * replica. Pure functions of the Channel, so golden-file tests need no cluster.
 */
public final class ChannelWorkload {

    public static final String COMPONENT = "origin";
    public static final String CONTAINER = "origin";
    public static final String PORT_NAME = "http";
    static final String DATA_VOLUME = "data";
    static final String TMP_VOLUME = "tmp";
    static final String CREDENTIALS_VOLUME = "ingest-credentials";
    /** The origin image's user (Dockerfile.jvm); as fsGroup it makes the archive volume writable for any user. */
    static final long FS_GROUP = 185L;

    private ChannelWorkload() {
    }

    /** True when the Channel asks for persistent archive storage, so its origin runs as a StatefulSet. */
    public static boolean archived(Channel channel) {
        return channel.getSpec() != null && channel.getSpec().archive != null && channel.getSpec().archive.size != null;
    }

    /** spec.origin.replicas; the CRD defaults it to 1, and so does this when it is absent. */
    public static int replicas(Channel channel) {
        OriginWorkload origin = origin(channel);
        return origin == null || origin.replicas == null ? 1 : origin.replicas;
    }

    public static Deployment deployment(Channel channel, OperatorSettings settings) {
        return deployment(channel, settings, List.of());
    }

    /** @param keySecrets the Secrets its endpoints' encryption names ({@code EncryptionSecrets}), mounted for the origin */
    public static Deployment deployment(Channel channel, OperatorSettings settings, List<String> keySecrets) {
        return new DeploymentBuilder()
                .withMetadata(metadata(channel))
                .withNewSpec()
                    .withReplicas(replicas(channel))
                    .withNewSelector().withMatchLabels(Labels.selector(COMPONENT, channel)).endSelector()
                    .withTemplate(podTemplate(channel, settings, keySecrets))
                .endSpec()
                .build();
    }

    public static StatefulSet statefulSet(Channel channel, OperatorSettings settings) {
        return statefulSet(channel, settings, List.of());
    }

    /** @param keySecrets the Secrets its endpoints' encryption names, mounted for the origin */
    public static StatefulSet statefulSet(Channel channel, OperatorSettings settings, List<String> keySecrets) {
        return new StatefulSetBuilder()
                .withMetadata(metadata(channel))
                .withNewSpec()
                    .withReplicas(replicas(channel))
                    .withServiceName(ChildNames.channelEgressService(channel.getMetadata().getName()))
                    // Replicas are interchangeable: start and stop them all at once.
                    .withPodManagementPolicy("Parallel")
                    .withNewSelector().withMatchLabels(Labels.selector(COMPONENT, channel)).endSelector()
                    .withTemplate(podTemplate(channel, settings, keySecrets))
                    .withVolumeClaimTemplates(archiveClaim(channel))
                    // The archive belongs to the Channel: gone with it, kept across scale-downs.
                    .withNewPersistentVolumeClaimRetentionPolicy()
                        .withWhenDeleted("Delete")
                        .withWhenScaled("Retain")
                    .endPersistentVolumeClaimRetentionPolicy()
                .endSpec()
                .build();
    }

    /** Keeps one origin pod up through voluntary disruptions; made only when replicas > 1. */
    public static PodDisruptionBudget podDisruptionBudget(Channel channel) {
        return new PodDisruptionBudgetBuilder()
                .withMetadata(metadata(channel))
                .withNewSpec()
                    .withMinAvailable(new IntOrString(1))
                    .withNewSelector().withMatchLabels(Labels.selector(COMPONENT, channel)).endSelector()
                .endSpec()
                .build();
    }

    static PodTemplateSpec podTemplate(Channel channel, OperatorSettings settings, List<String> keySecrets) {
        OriginWorkload origin = origin(channel);
        String name = channel.getMetadata().getName();
        String secret = IngestCredentials.secretName(channel);
        String image = origin != null && origin.image != null ? origin.image : settings.originImage();

        List<VolumeMount> mounts = new ArrayList<>();
        mounts.add(new VolumeMountBuilder().withName(DATA_VOLUME).withMountPath(ChildNames.DATA_DIR).build());
        mounts.add(new VolumeMountBuilder().withName(TMP_VOLUME).withMountPath("/tmp").build());
        mounts.add(new VolumeMountBuilder().withName(CREDENTIALS_VOLUME)
                .withMountPath(ChildNames.SECRETS_DIR + "/" + secret).withReadOnly(true).build());

        List<Volume> volumes = new ArrayList<>();
        if (!archived(channel)) {
            volumes.add(new VolumeBuilder().withName(DATA_VOLUME).withNewEmptyDir().endEmptyDir().build());
        }
        volumes.add(new VolumeBuilder().withName(TMP_VOLUME).withNewEmptyDir().endEmptyDir().build());
        volumes.add(new VolumeBuilder().withName(CREDENTIALS_VOLUME)
                .withNewSecret().withSecretName(secret).endSecret().build());
        // The key servers' header and certificate Secrets and static keys its endpoints name:
        // optional, so a missing one is reported by the origin (and fails key requests), not the pod.
        List<String> keys = keySecrets.stream().filter(k -> !k.equals(secret)).distinct().sorted().toList();
        for (int i = 0; i < keys.size(); i++) {
            mounts.add(new VolumeMountBuilder().withName("key-secret-" + i)
                    .withMountPath(ChildNames.SECRETS_DIR + "/" + keys.get(i)).withReadOnly(true).build());
            volumes.add(new VolumeBuilder().withName("key-secret-" + i)
                    .withNewSecret().withSecretName(keys.get(i)).withOptional(true).endSecret().build());
        }

        return new PodTemplateSpecBuilder()
                .withNewMetadata().withLabels(Labels.of(COMPONENT, channel)).endMetadata()
                .withNewSpec()
                    .withServiceAccountName(ChildNames.channelOrigin(name))
                    .withNewSecurityContext()
                        .withRunAsNonRoot(true)
                        .withFsGroup(FS_GROUP)
                        .withNewSeccompProfile().withType("RuntimeDefault").endSeccompProfile()
                    .endSecurityContext()
                    .withContainers(new ContainerBuilder()
                            .withName(CONTAINER)
                            .withImage(image)
                            .addNewPort().withName(PORT_NAME).withContainerPort(ChildNames.ORIGIN_PORT).withProtocol("TCP").endPort()
                            .addNewEnv().withName("FOUNT_DATA_DIR").withValue(ChildNames.DATA_DIR).endEnv()
                            .addNewEnv().withName("FOUNT_SECRETS_DIR").withValue(ChildNames.SECRETS_DIR).endEnv()
                            // The pod serves this channel only, though its Role lets it read the namespace's.
                            .addNewEnv().withName("FOUNT_CHANNEL").withValue(name).endEnv()
                            .withResources(origin == null ? null : origin.resources)
                            .withLivenessProbe(probe("/q/health/live", 10, 10))
                            .withReadinessProbe(probe("/q/health/ready", 5, 5))
                            .withNewSecurityContext()
                                .withAllowPrivilegeEscalation(false)
                                .withReadOnlyRootFilesystem(true)
                                .withRunAsNonRoot(true)
                                .withNewCapabilities().withDrop("ALL").endCapabilities()
                                .withNewSeccompProfile().withType("RuntimeDefault").endSeccompProfile()
                            .endSecurityContext()
                            .withVolumeMounts(mounts)
                            .build())
                    .withVolumes(volumes)
                .endSpec()
                .build();
    }

    private static Probe probe(String path, int initialDelaySeconds, int periodSeconds) {
        return new ProbeBuilder()
                .withNewHttpGet().withPath(path).withPort(new IntOrString(PORT_NAME)).endHttpGet()
                .withInitialDelaySeconds(initialDelaySeconds)
                .withPeriodSeconds(periodSeconds)
                .withFailureThreshold(3)
                .build();
    }

    private static PersistentVolumeClaim archiveClaim(Channel channel) {
        return new PersistentVolumeClaimBuilder()
                .withNewMetadata().withName(DATA_VOLUME).withLabels(Labels.of(COMPONENT, channel)).endMetadata()
                .withNewSpec()
                    .withAccessModes("ReadWriteOnce")
                    .withStorageClassName(channel.getSpec().archive.storageClassName)
                    .withNewResources().withRequests(Map.of("storage", new Quantity(channel.getSpec().archive.size))).endResources()
                .endSpec()
                .build();
    }

    static ObjectMeta metadata(Channel channel) {
        return new ObjectMetaBuilder()
                .withName(ChildNames.channelOrigin(channel.getMetadata().getName()))
                .withNamespace(channel.getMetadata().getNamespace())
                .withLabels(Labels.of(COMPONENT, channel))
                .build();
    }

    static OriginWorkload origin(Channel channel) {
        return channel.getSpec() == null ? null : channel.getSpec().origin;
    }
}
