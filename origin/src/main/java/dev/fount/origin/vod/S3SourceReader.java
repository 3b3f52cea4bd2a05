package dev.fount.origin.vod;

import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Optional;

import dev.fount.origin.harvest.S3ClipStore;
import dev.fount.origin.vod.SourceException.Reason;
import software.amazon.awssdk.auth.credentials.AnonymousCredentialsProvider;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.ResponseInputStream;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.GetObjectRequest;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.HeadObjectRequest;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * Reads {@code s3://bucket/key} sources of one bucket with ranged {@code GetObject} requests,
 * through the same synchronous client the harvest writes with (URLConnection transport,
 * path-style addressing for an endpoint override, checksums only where S3 requires them).
 * Keys are the URI's decoded path, so {@code s3://b/a%20b.mp4} reads the key {@code a b.mp4}.
 */
final class S3SourceReader implements SourceReader {

    private final S3Client s3;
    private final String bucket;
    /** Where requests go, for messages: the endpoint override or AWS. */
    private final String service;

    private S3SourceReader(S3Client s3, String bucket, String service) {
        this.s3 = s3;
        this.bucket = bucket;
        this.service = service;
    }

    static S3SourceReader open(URI root, SourceSettings settings) throws SourceException {
        String bucket = bucket(root);
        Optional<URI> endpoint = endpoint(root, settings.endpoint());
        AwsCredentialsProvider credentials = settings.accessKeyId() == null
                ? AnonymousCredentialsProvider.create()
                : StaticCredentialsProvider.create(AwsBasicCredentials.create(settings.accessKeyId(), settings.secretAccessKey()));
        return new S3SourceReader(S3ClipStore.client(endpoint, settings.region(), credentials), bucket,
                endpoint.map(uri -> "the S3 endpoint " + uri).orElse("AWS S3 in " + settings.region()));
    }

    @Override
    public byte[] read(URI uri, long offset, int length) throws IOException {
        Sources.checkRange(offset, length);
        String key = key(uri);
        if (length == 0) {
            return new byte[0];
        }
        GetObjectRequest request = GetObjectRequest.builder().bucket(bucket).key(key)
                .range("bytes=" + offset + "-" + (offset + length - 1)).build();
        try {
            return s3.getObjectAsBytes(request).asByteArrayUnsafe();
        } catch (S3Exception e) {
            if (e.statusCode() == 416) {
                return new byte[0];
            }
            throw failure(uri, e);
        } catch (SdkException e) {
            throw failure(uri, e);
        }
    }

    @Override
    public byte[] readAll(URI uri, int maxBytes) throws IOException {
        Sources.checkLimit(maxBytes);
        GetObjectRequest request = GetObjectRequest.builder().bucket(bucket).key(key(uri)).build();
        try (ResponseInputStream<GetObjectResponse> object = s3.getObject(request)) {
            Long declared = object.response().contentLength();
            if (declared != null && declared > maxBytes) {
                object.abort();
                throw SourceException.tooLarge(uri, declared, maxBytes);
            }
            return Sources.readAtMost(object, uri, maxBytes);
        } catch (SourceException e) {
            throw e;
        } catch (SdkException | IOException e) {
            throw failure(uri, e);
        }
    }

    @Override
    public long size(URI uri) throws IOException {
        HeadObjectRequest request = HeadObjectRequest.builder().bucket(bucket).key(key(uri)).build();
        try {
            return s3.headObject(request).contentLength();
        } catch (SdkException e) {
            throw failure(uri, e);
        }
    }

    @Override
    public void close() {
        s3.close();
    }

    private SourceException failure(URI uri, Exception e) {
        if (e instanceof S3Exception refused) {
            String code = refused.awsErrorDetails() == null ? null : refused.awsErrorDetails().errorCode();
            int status = refused.statusCode();
            String answer = "S3 " + status + (code == null || code.isBlank() ? "" : " " + code);
            return switch (status) {
                case 404 -> new SourceException(Reason.NOT_FOUND, uri,
                        ("NoSuchBucket".equals(code) ? "no such bucket" : "no such object") + " (" + answer + ")", e);
                case 401, 403 -> new SourceException(Reason.ACCESS_DENIED, uri, "access denied (" + answer + ")", e);
                default -> status >= 500
                        ? new SourceException(Reason.UNREACHABLE, uri, "the store failed (" + answer + ")", e)
                        : new SourceException(Reason.OTHER, uri, "refused (" + answer + ": " + SourceException.oneLine(e) + ")", e);
            };
        }
        IOException io = ioCause(e);
        if (io != null) {
            return new SourceException(Reason.UNREACHABLE, uri, "cannot reach " + service + " ("
                    + io.getClass().getSimpleName() + ": " + SourceException.oneLine(io) + ")", e);
        }
        return new SourceException(Reason.OTHER, uri, SourceException.oneLine(e), e);
    }

    /** The innermost I/O failure behind {@code e} (connection refused, unknown host, reset), or null. */
    private static IOException ioCause(Throwable e) {
        IOException io = null;
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause instanceof IOException found) {
                io = found;
            }
        }
        return io;
    }

    /** The object key of {@code uri}, which must be in this reader's bucket. */
    private String key(URI uri) throws SourceException {
        if (!bucket.equals(bucket(uri))) {
            throw new SourceException(Reason.BAD_URI, uri, "not in the bucket " + bucket + " this source reads");
        }
        String path = uri.getPath();
        if (path == null || path.length() <= 1) {
            throw new SourceException(Reason.BAD_URI, uri, "names no object key");
        }
        return path.substring(1);
    }

    private static String bucket(URI uri) throws SourceException {
        if (!"s3".equalsIgnoreCase(uri.getScheme())) {
            throw new SourceException(Reason.BAD_URI, uri, "not an s3:// URI (this source reads an S3 bucket)");
        }
        if (uri.getRawUserInfo() != null) {
            throw new SourceException(Reason.BAD_URI, uri, "credentials in the URI are not used: give them in the source settings");
        }
        if (uri.getAuthority() == null) {
            throw new SourceException(Reason.BAD_URI, uri, "names no bucket (expected s3://bucket/key)");
        }
        return uri.getAuthority();
    }

    private static Optional<URI> endpoint(URI root, String endpoint) throws SourceException {
        if (endpoint == null) {
            return Optional.empty();
        }
        try {
            URI uri = new URI(endpoint.strip());
            if (!("http".equalsIgnoreCase(uri.getScheme()) || "https".equalsIgnoreCase(uri.getScheme())) || uri.getHost() == null) {
                throw new URISyntaxException(endpoint, "not an http(s) URL with a host");
            }
            return Optional.of(uri);
        } catch (URISyntaxException e) {
            throw new SourceException(Reason.BAD_URI, root, "the S3 endpoint '" + endpoint + "' is not an http(s) URL such as http://minio:9000", e);
        }
    }
}
