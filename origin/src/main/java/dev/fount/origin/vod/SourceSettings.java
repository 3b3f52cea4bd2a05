package dev.fount.origin.vod;

/**
 * How to reach an asset's source: an S3 endpoint override (an S3-compatible store such as
 * MinIO, addressed path-style), the S3 region and credentials, and HTTP basic-auth credentials.
 * Each is optional: without S3 credentials requests are anonymous, without a user name HTTP
 * requests carry no authorization. Blank values count as absent, so settings read from the
 * environment or a config map need no special casing. {@link #toString()} hides the secrets.
 *
 * @param endpoint        S3 endpoint override, e.g. {@code http://minio:9000}; null for AWS
 * @param region          S3 region; null for {@value #DEFAULT_REGION}
 * @param accessKeyId     S3 access key id; null (with {@code secretAccessKey}) for anonymous requests
 * @param secretAccessKey S3 secret access key
 * @param username        HTTP basic-auth user name for http(s) sources; null for none
 * @param password        HTTP basic-auth password; null for an empty one
 */
public record SourceSettings(String endpoint, String region, String accessKeyId, String secretAccessKey,
        String username, String password) {

    public static final String DEFAULT_REGION = "us-east-1";

    public SourceSettings {
        endpoint = absentIfBlank(endpoint);
        region = absentIfBlank(region) == null ? DEFAULT_REGION : region.strip();
        accessKeyId = absentIfBlank(accessKeyId);
        secretAccessKey = absentIfBlank(secretAccessKey);
        username = absentIfBlank(username);
        password = absentIfBlank(password);
        if ((accessKeyId == null) != (secretAccessKey == null)) {
            throw new IllegalArgumentException("S3 credentials need both an access key id and a secret access key, not only one");
        }
        if (password != null && username == null) {
            throw new IllegalArgumentException("an HTTP password needs a user name");
        }
    }

    /** No endpoint override, the default region, anonymous S3, no HTTP authentication: files and public objects. */
    public static SourceSettings anonymous() {
        return new SourceSettings(null, null, null, null, null, null);
    }

    @Override
    public String toString() {
        return "SourceSettings[endpoint=" + endpoint + ", region=" + region + ", accessKeyId=" + accessKeyId
                + ", secretAccessKey=" + hidden(secretAccessKey) + ", username=" + username
                + ", password=" + hidden(password) + "]";
    }

    private static String absentIfBlank(String value) {
        return value == null || value.isBlank() ? null : value;
    }

    private static String hidden(String secret) {
        return secret == null ? null : "****";
    }
}
