package dev.fount.origin.harvest;

import java.net.URI;
import java.util.Map;
import java.util.Optional;

import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3ClientBuilder;
import software.amazon.awssdk.services.s3.model.DeleteObjectRequest;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * A clip in an S3 bucket (AWS or an S3-compatible store), each file one PUT under the
 * multivariant playlist's key prefix. Checksums are computed only where S3 requires them: the
 * SDK's default (aws-chunked bodies with trailing checksums) is refused by S3-compatible stores
 * such as MinIO and s3proxy, and a PUT of an in-memory body needs no streaming checksum.
 */
public final class S3ClipStore implements ClipStore {

    static final String DEFAULT_REGION = "us-east-1";

    private final S3Client s3;
    private final Destination.S3 destination;

    public S3ClipStore(S3Client s3, Destination.S3 destination) {
        this.s3 = s3;
        this.destination = destination;
    }

    /** A store for {@code request}'s destination, with credentials from {@code env} or else the SDK's default chain. */
    public static S3ClipStore open(HarvestRequest request, Destination.S3 destination, Map<String, String> env) {
        String region = request.s3Region().or(() -> Optional.ofNullable(env.get("AWS_REGION")).filter(r -> !r.isBlank()))
                .orElse(DEFAULT_REGION);
        return new S3ClipStore(client(request.s3Endpoint(), region, credentials(env)), destination);
    }

    /**
     * An S3 client as the harvest uses it: path-style addressing when {@code endpoint} is given
     * (S3-compatible stores seldom serve virtual-hosted buckets), checksums only when required.
     */
    public static S3Client client(Optional<URI> endpoint, String region, AwsCredentialsProvider credentials) {
        S3ClientBuilder builder = S3Client.builder()
                .httpClient(UrlConnectionHttpClient.create())
                .region(Region.of(region))
                .credentialsProvider(credentials)
                .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
                .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED);
        endpoint.ifPresent(uri -> builder.endpointOverride(uri).forcePathStyle(true));
        return builder.build();
    }

    /** {@code AWS_ACCESS_KEY_ID}/{@code AWS_SECRET_ACCESS_KEY} (and {@code AWS_SESSION_TOKEN}) when set, else the default chain. */
    static AwsCredentialsProvider credentials(Map<String, String> env) {
        String id = env.get("AWS_ACCESS_KEY_ID");
        String secret = env.get("AWS_SECRET_ACCESS_KEY");
        if (id == null || id.isBlank() || secret == null || secret.isBlank()) {
            return DefaultCredentialsProvider.builder().build();
        }
        String token = env.get("AWS_SESSION_TOKEN");
        return StaticCredentialsProvider.create(token == null || token.isBlank()
                ? AwsBasicCredentials.create(id, secret)
                : AwsSessionCredentials.create(id, secret, token));
    }

    @Override
    public void put(String name, byte[] content) throws HarvestException {
        try {
            s3.putObject(PutObjectRequest.builder()
                    .bucket(destination.bucket())
                    .key(key(name))
                    .contentType(ClipStore.contentType(name))
                    .build(), RequestBody.fromBytes(content));
        } catch (SdkException e) {
            throw new HarvestException("cannot write " + locate(name) + ": " + oneLine(e), e);
        }
    }

    @Override
    public boolean delete(String name) throws HarvestException {
        try {
            s3.deleteObject(DeleteObjectRequest.builder().bucket(destination.bucket()).key(key(name)).build());
            return true;
        } catch (S3Exception e) {
            if (e.statusCode() == 403) {
                return false;
            }
            throw new HarvestException("cannot remove " + locate(name) + ": " + oneLine(e), e);
        } catch (SdkException e) {
            throw new HarvestException("cannot remove " + locate(name) + ": " + oneLine(e), e);
        }
    }

    @Override
    public String locate(String name) {
        return "s3://" + destination.bucket() + "/" + key(name);
    }

    @Override
    public void close() {
        s3.close();
    }

    private String key(String name) {
        return destination.prefix() + name;
    }

    private static String oneLine(SdkException e) {
        String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        return message.replaceAll("\\s+", " ").strip();
    }
}
