package dev.fount.api.v1alpha1;

/** Patterns shared by several fields; Kubernetes' own rules for names (RFC 1123). */
final class Names {

    /** A DNS-1123 subdomain, what Kubernetes accepts as most object names. */
    static final String DNS_SUBDOMAIN = "^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$";

    /** A DNS-1123 label: a Service or Channel name, usable as one path or host element. */
    static final String DNS_LABEL = "^[a-z0-9]([-a-z0-9]*[a-z0-9])?$";

    /** A file name without extension, as MediaPackage's manifestName. */
    static final String MANIFEST_NAME = "^[A-Za-z0-9][A-Za-z0-9_.-]*$";

    /** An IPv4 CIDR block (MediaPackage's whitelist takes IPv4 only). */
    static final String IPV4_CIDR = "^((25[0-5]|2[0-4][0-9]|1[0-9]{2}|[1-9]?[0-9])\\.){3}(25[0-5]|2[0-4][0-9]|1[0-9]{2}|[1-9]?[0-9])/(3[0-2]|[12]?[0-9])$";

    /** An ISO 8601 date-time with an explicit zone, as MediaPackage's harvest times. */
    static final String DATE_TIME = "^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}(\\.[0-9]+)?(Z|[+-][0-9]{2}:[0-9]{2})$";

    private Names() {
    }
}
