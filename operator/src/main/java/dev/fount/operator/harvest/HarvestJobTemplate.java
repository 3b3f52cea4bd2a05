package dev.fount.operator.harvest;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import dev.fount.api.v1alpha1.Channel;
import dev.fount.api.v1alpha1.HarvestJob;
import dev.fount.api.v1alpha1.HarvestJobSpec;
import dev.fount.api.v1alpha1.OriginEndpoint;
import dev.fount.operator.common.ChildNames;
import dev.fount.operator.common.Labels;
import dev.fount.operator.common.Urls;
import io.fabric8.kubernetes.api.model.Capabilities;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.EnvVarBuilder;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceRequirementsBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobBuilder;

/**
 * The batch/v1 Job that runs one HarvestJob: the origin image's {@code harvest} command, once.
 *
 * <h2>The harvest command contract (implemented by the origin, issue 6)</h2>
 *
 * The container keeps the image's entrypoint and receives these arguments, in this order:
 *
 * <pre>
 * harvest
 *   --origin       http://&lt;channel&gt;-origin.&lt;namespace&gt;.svc.&lt;clusterDomain&gt;   the channel's egress Service
 *   --channel      &lt;channel&gt;                         the endpoint's spec.channelName
 *   --endpoint     &lt;endpoint&gt;                        the HarvestJob's spec.originEndpointName
 *   --start        &lt;startTime&gt;                       spec.startTime, verbatim (ISO 8601 with a zone)
 *   --end          &lt;endTime&gt;                         spec.endTime, verbatim
 *   --destination  s3://&lt;bucketName&gt;/&lt;manifestKey&gt;   where the multivariant playlist goes; the rest beside it
 *   [--s3-endpoint &lt;url&gt;]                            spec.s3Destination.endpoint, when set (path-style addressing)
 *   [--s3-region   &lt;region&gt;]                         spec.s3Destination.region, when set
 * </pre>
 *
 * Credentials are never arguments. When {@code spec.s3Destination.credentialsSecretRef} is set,
 * the container gets {@code AWS_ACCESS_KEY_ID} and {@code AWS_SECRET_ACCESS_KEY} from that
 * Secret's keys {@code accessKeyId} and {@code secretAccessKey} (secretKeyRef); otherwise the
 * AWS SDK's default credentials chain applies. Exit code 0 means the whole clip is stored
 * (manifests last); any other exit fails the pod, and the last lines of its log become the
 * pod's termination message ({@code FallbackToLogsOnError}), which the operator reports in the
 * HarvestJob's Degraded condition. The command needs no Kubernetes API (the pod has no
 * service-account token) and may write only under {@code /tmp} ({@value #TMP_SIZE}, scratch:
 * segments stream from the origin to the destination, the clip is never staged on disk).
 *
 * <h2>The Job</h2>
 *
 * {@code backoffLimit} 1 (one retry), {@code restartPolicy} Never, a deadline of
 * {@link #ACTIVE_DEADLINE_SECONDS}, and no {@code ttlSecondsAfterFinished}: the HarvestJob keeps
 * the record, and the Job is garbage-collected with it through the owner reference. The pod
 * runs like the origin: non-root, read-only root filesystem, no capabilities, the runtime's
 * seccomp profile, a writable {@code /tmp}, no service-account token (it needs no Kubernetes
 * API).
 */
public final class HarvestJobTemplate {

    public static final String COMPONENT = "harvest";
    public static final String CONTAINER = "harvest";
    public static final int BACKOFF_LIMIT = 1;
    /** A harvest spans at most 24 h of media, read from a local Service: six hours is generous. */
    public static final long ACTIVE_DEADLINE_SECONDS = 6 * 3600;
    /** Scratch space only: the command streams segments to the destination, it does not stage the clip. */
    public static final String TMP_SIZE = "1Gi";
    public static final String ACCESS_KEY_ID = "accessKeyId";
    public static final String SECRET_ACCESS_KEY = "secretAccessKey";

    private HarvestJobTemplate() {
    }

    /**
     * The Job for {@code harvest}, cutting from {@code endpoint} of {@code channel}.
     *
     * @param channel      the endpoint's Channel; its spec.origin.image overrides {@code defaultImage}
     * @param defaultImage the operator's origin image
     */
    public static Job job(HarvestJob harvest, OriginEndpoint endpoint, Channel channel, String defaultImage, String clusterDomain) {
        Map<String, String> labels = Labels.of(COMPONENT, harvest);
        Container container = new ContainerBuilder()
                .withName(CONTAINER)
                .withImage(image(channel, defaultImage))
                .withArgs(args(harvest, endpoint.getSpec().channelName, clusterDomain))
                .withEnv(env(harvest.getSpec().s3Destination))
                .withTerminationMessagePolicy("FallbackToLogsOnError")
                .withResources(new ResourceRequirementsBuilder()
                        .addToRequests("cpu", new Quantity("100m"))
                        .addToRequests("memory", new Quantity("256Mi"))
                        .addToLimits("cpu", new Quantity("1"))
                        .addToLimits("memory", new Quantity("512Mi"))
                        .build())
                .withNewSecurityContext()
                    .withAllowPrivilegeEscalation(false)
                    .withReadOnlyRootFilesystem(true)
                    .withRunAsNonRoot(true)
                    .withCapabilities(new Capabilities(null, List.of("ALL")))
                    .withNewSeccompProfile().withType("RuntimeDefault").endSeccompProfile()
                .endSecurityContext()
                .addNewVolumeMount().withName("tmp").withMountPath("/tmp").endVolumeMount()
                .build();
        return new JobBuilder()
                .withNewMetadata()
                    .withName(ChildNames.harvestJob(harvest.getMetadata().getName()))
                    .withNamespace(harvest.getMetadata().getNamespace())
                    .withLabels(labels)
                    .withOwnerReferences(ownerReference(harvest))
                .endMetadata()
                .withNewSpec()
                    .withBackoffLimit(BACKOFF_LIMIT)
                    .withActiveDeadlineSeconds(ACTIVE_DEADLINE_SECONDS)
                    .withNewTemplate()
                        .withNewMetadata().withLabels(labels).endMetadata()
                        .withNewSpec()
                            .withRestartPolicy("Never")
                            .withAutomountServiceAccountToken(false)
                            .withNewSecurityContext()
                                .withRunAsNonRoot(true)
                                .withNewSeccompProfile().withType("RuntimeDefault").endSeccompProfile()
                            .endSecurityContext()
                            .withContainers(container)
                            .addNewVolume().withName("tmp").withNewEmptyDir().withSizeLimit(new Quantity(TMP_SIZE)).endEmptyDir().endVolume()
                        .endSpec()
                    .endTemplate()
                .endSpec()
                .build();
    }

    /** The {@code harvest} command line; see the class comment. Never carries a credential. */
    public static List<String> args(HarvestJob harvest, String channel, String clusterDomain) {
        HarvestJobSpec spec = harvest.getSpec();
        HarvestJobSpec.S3Destination s3 = spec.s3Destination;
        String namespace = harvest.getMetadata().getNamespace();
        List<String> args = new ArrayList<>(List.of(
                "harvest",
                "--origin", Urls.base(null, ChildNames.channelEgressService(channel), namespace, clusterDomain),
                "--channel", channel,
                "--endpoint", spec.originEndpointName,
                "--start", spec.startTime,
                "--end", spec.endTime,
                "--destination", "s3://" + s3.bucketName + "/" + s3.manifestKey));
        if (s3.endpoint != null) {
            args.addAll(List.of("--s3-endpoint", s3.endpoint));
        }
        if (s3.region != null) {
            args.addAll(List.of("--s3-region", s3.region));
        }
        return args;
    }

    /** The channel a Job made here harvests from (its --channel argument), for a status whose write was lost. */
    static Optional<String> channelOf(Job job) {
        List<String> args = Optional.ofNullable(job.getSpec()).map(s -> s.getTemplate()).map(t -> t.getSpec())
                .flatMap(p -> p.getContainers().stream().filter(c -> CONTAINER.equals(c.getName())).findFirst())
                .map(Container::getArgs).orElse(null);
        int at = args == null ? -1 : args.indexOf("--channel");
        return at >= 0 && at + 1 < args.size() ? Optional.of(args.get(at + 1)) : Optional.empty();
    }

    static String image(Channel channel, String defaultImage) {
        if (channel != null && channel.getSpec() != null && channel.getSpec().origin != null && channel.getSpec().origin.image != null) {
            return channel.getSpec().origin.image;
        }
        return defaultImage;
    }

    private static List<EnvVar> env(HarvestJobSpec.S3Destination s3) {
        if (s3.credentialsSecretRef == null) {
            return List.of();
        }
        String secret = s3.credentialsSecretRef.name;
        return List.of(secretEnv("AWS_ACCESS_KEY_ID", secret, ACCESS_KEY_ID), secretEnv("AWS_SECRET_ACCESS_KEY", secret, SECRET_ACCESS_KEY));
    }

    private static EnvVar secretEnv(String name, String secret, String key) {
        return new EnvVarBuilder().withName(name)
                .withNewValueFrom().withNewSecretKeyRef().withName(secret).withKey(key).endSecretKeyRef().endValueFrom()
                .build();
    }

    static OwnerReference ownerReference(HarvestJob harvest) {
        return new OwnerReferenceBuilder()
                .withApiVersion(harvest.getApiVersion())
                .withKind(harvest.getKind())
                .withName(harvest.getMetadata().getName())
                .withUid(harvest.getMetadata().getUid())
                .withController(true)
                .withBlockOwnerDeletion(true)
                .build();
    }
}
