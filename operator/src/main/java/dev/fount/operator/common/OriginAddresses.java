package dev.fount.operator.common;

/**
 * Where the operator itself asks an origin about its state (asset indexing, key servers): the
 * in-cluster Service of the Channel's or PackagingGroup's origin, never its Ingress (which routes
 * only the player and encoder paths), unless settings name a base for tests or for an operator
 * running outside the cluster.
 */
public final class OriginAddresses {

    private OriginAddresses() {
    }

    /** Scheme, host and port of a Channel's origin pods, e.g. http://live-origin.media.svc.cluster.local. */
    public static String live(OperatorSettings settings, String namespace, String channel) {
        return settings.liveStatusBase().orElse(service(ChildNames.channelEgressService(channel), namespace, settings.clusterDomain()));
    }

    /** Scheme, host and port of a PackagingGroup's VOD origin, e.g. http://vod-vod.media.svc.cluster.local. */
    public static String vod(OperatorSettings settings, String namespace, String group) {
        return settings.vodStatusBase().orElse(service(ChildNames.groupOrigin(group), namespace, settings.clusterDomain()));
    }

    // Both Services listen on port 80, the scheme's default.
    private static String service(String name, String namespace, String clusterDomain) {
        return "http://" + name + "." + namespace + ".svc." + clusterDomain;
    }
}
