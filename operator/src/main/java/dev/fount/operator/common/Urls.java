package dev.fount.operator.common;

import dev.fount.api.v1alpha1.OriginWorkload;

/**
 * The URLs status reports: through the Ingress host when the workload has one (https when it
 * names a TLS Secret), else the Service's cluster DNS name.
 */
public final class Urls {

    private Urls() {
    }

    /** Scheme, host and port of a workload's egress, e.g. http://live-origin.media.svc.cluster.local. */
    public static String base(OriginWorkload workload, String service, String namespace, String clusterDomain) {
        if (workload != null && workload.ingress != null && workload.ingress.host != null) {
            return (workload.ingress.tlsSecretName != null ? "https://" : "http://") + workload.ingress.host;
        }
        return "http://" + service + "." + namespace + ".svc." + clusterDomain;
    }
}
