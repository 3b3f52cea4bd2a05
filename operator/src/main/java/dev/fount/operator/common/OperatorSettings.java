package dev.fount.operator.common;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Operator-wide settings, from application.properties or the environment (FOUNT_OPERATOR_…). */
@ConfigMapping(prefix = "fount.operator")
public interface OperatorSettings {

    /** The origin image for Channels and PackagingGroups that name none; FOUNT_OPERATOR_ORIGIN_IMAGE. */
    @WithDefault("fount/origin:0.1.0-SNAPSHOT")
    String originImage();

    /** The cluster's DNS domain, for Service URLs in status. */
    @WithDefault("cluster.local")
    String clusterDomain();

    /**
     * Where to ask VOD origins for their assets' state, in place of each group's Service
     * ({@code http://<group>-vod.<namespace>.svc.<clusterDomain>}); for tests and for operators
     * running outside the cluster. FOUNT_OPERATOR_VOD_STATUS_BASE.
     */
    java.util.Optional<String> vodStatusBase();

    /**
     * Where to ask Channel origins for their endpoints' state, in place of each channel's egress
     * Service ({@code http://<channel>-origin.<namespace>.svc.<clusterDomain>}); for tests and for
     * operators running outside the cluster. FOUNT_OPERATOR_LIVE_STATUS_BASE.
     */
    java.util.Optional<String> liveStatusBase();

    /**
     * How often an encrypted OriginEndpoint or PackagingConfiguration asks its origin again about
     * the key server: nothing tells the operator when a key server fails or recovers, so the
     * KeyServer condition is polled. FOUNT_OPERATOR_KEY_SERVER_RECHECK.
     */
    @WithDefault(KEY_SERVER_RECHECK)
    java.time.Duration keyServerRecheck();

    /** The default of {@link #keyServerRecheck()}. */
    String KEY_SERVER_RECHECK = "30s";
}
