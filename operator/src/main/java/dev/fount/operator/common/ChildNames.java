package dev.fount.operator.common;

/**
 * The names of what the operator makes, one place for all controllers (an OriginEndpoint's
 * URL needs its Channel's Service name). Secrets mounted into origin pods appear under
 * {@link #SECRETS_DIR}/{secret}/{key}, where the origin reads them (FOUNT_SECRETS_DIR).
 */
public final class ChildNames {

    public static final String SECRETS_DIR = "/etc/fount/secrets";
    public static final String DATA_DIR = "/var/lib/fount";
    public static final int ORIGIN_PORT = 8080;

    private ChildNames() {
    }

    /** A Channel's origin workload, ServiceAccount, Role and RoleBinding. */
    public static String channelOrigin(String channel) {
        return channel + "-origin";
    }

    /** The Service players use: egress. */
    public static String channelEgressService(String channel) {
        return channel + "-origin";
    }

    /** The Service encoders push to. */
    public static String channelIngestService(String channel) {
        return channel + "-ingest";
    }

    /** The generated credentials Secret, when the Channel names none. */
    public static String channelIngestSecret(String channel) {
        return channel + "-ingest";
    }

    /** A PackagingGroup's VOD origin workload, its ServiceAccount/Role and its Service. */
    public static String groupOrigin(String group) {
        return group + "-vod";
    }

    /** A HarvestJob's batch/v1 Job. */
    public static String harvestJob(String harvestJob) {
        return harvestJob + "-harvest";
    }
}
