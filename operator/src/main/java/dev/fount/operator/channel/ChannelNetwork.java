package dev.fount.operator.channel;

import dev.fount.api.v1alpha1.Channel;
import dev.fount.api.v1alpha1.OriginWorkload;
import dev.fount.operator.common.ChildNames;
import dev.fount.operator.common.Labels;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.HTTPIngressPath;
import io.fabric8.kubernetes.api.model.networking.v1.HTTPIngressPathBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.api.model.networking.v1.IngressBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.IngressTLSBuilder;

/**
 * How encoders and players reach a Channel's origin pods: an ingest Service, an egress Service,
 * and, when {@code spec.origin.ingress} is set, an Ingress routing {@code /in/v1/<channel>/} to
 * the first and {@code /out/v1/<channel>/} to the second.
 */
public final class ChannelNetwork {

    public static final int SERVICE_PORT = 80;

    private ChannelNetwork() {
    }

    /** True when the Channel asks for an Ingress. */
    public static boolean exposed(Channel channel) {
        OriginWorkload origin = ChannelWorkload.origin(channel);
        return origin != null && origin.ingress != null && origin.ingress.host != null;
    }

    /**
     * The Service encoders push to. ClientIP affinity keeps each encoder's uploads on one pod, so
     * a playlist and its segments arrive at the same origin.
     */
    public static Service ingestService(Channel channel) {
        return service(channel, ChildNames.channelIngestService(channel.getMetadata().getName()), "ingest", "ClientIP");
    }

    /** The Service players (or a CDN) pull from. */
    public static Service egressService(Channel channel) {
        return service(channel, ChildNames.channelEgressService(channel.getMetadata().getName()), "egress", null);
    }

    public static Ingress ingress(Channel channel) {
        OriginWorkload.Ingress ingress = ChannelWorkload.origin(channel).ingress;
        String name = channel.getMetadata().getName();
        IngressBuilder builder = new IngressBuilder()
                .withNewMetadata()
                    .withName(ChildNames.channelOrigin(name))
                    .withNamespace(channel.getMetadata().getNamespace())
                    .withLabels(Labels.of(ChannelWorkload.COMPONENT, channel))
                    // Segments are megabytes: lift ingress-nginx's 1 MiB body limit (other controllers ignore it).
                    .addToAnnotations("nginx.ingress.kubernetes.io/proxy-body-size", "0")
                .endMetadata()
                .withNewSpec()
                    .withIngressClassName(ingress.className)
                    .addNewRule()
                        .withHost(ingress.host)
                        .withNewHttp()
                            .withPaths(path("/in/v1/" + name + "/", ChildNames.channelIngestService(name)),
                                    path("/out/v1/" + name + "/", ChildNames.channelEgressService(name)))
                        .endHttp()
                    .endRule()
                .endSpec();
        if (ingress.tlsSecretName != null) {
            builder.editSpec()
                    .withTls(new IngressTLSBuilder().withHosts(ingress.host).withSecretName(ingress.tlsSecretName).build())
                    .endSpec();
        }
        return builder.build();
    }

    private static HTTPIngressPath path(String prefix, String service) {
        return new HTTPIngressPathBuilder()
                .withPath(prefix)
                .withPathType("Prefix")
                .withNewBackend()
                    .withNewService().withName(service).withNewPort().withName(ChannelWorkload.PORT_NAME).endPort().endService()
                .endBackend()
                .build();
    }

    private static Service service(Channel channel, String name, String component, String sessionAffinity) {
        OriginWorkload origin = ChannelWorkload.origin(channel);
        String type = origin == null || origin.serviceType == null ? OriginWorkload.ServiceType.ClusterIP.name() : origin.serviceType.name();
        return new ServiceBuilder()
                .withNewMetadata()
                    .withName(name)
                    .withNamespace(channel.getMetadata().getNamespace())
                    .withLabels(Labels.of(component, channel))
                .endMetadata()
                .withNewSpec()
                    .withType(type)
                    .withSelector(Labels.selector(ChannelWorkload.COMPONENT, channel))
                    .addNewPort()
                        .withName(ChannelWorkload.PORT_NAME)
                        .withPort(SERVICE_PORT)
                        .withTargetPort(new IntOrString(ChannelWorkload.PORT_NAME))
                        .withProtocol("TCP")
                    .endPort()
                    .withSessionAffinity(sessionAffinity)
                .endSpec()
                .build();
    }
}
