package dev.fount.origin.e2e;

import java.net.URI;
import java.util.Optional;

import org.gaul.s3proxy.AuthenticationType;
import org.gaul.s3proxy.S3Proxy;
import org.jclouds.ContextBuilder;
import org.jclouds.blobstore.BlobStoreContext;

import dev.fount.origin.harvest.S3ClipStore;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.services.s3.S3Client;

/** A real S3 API on loopback (s3proxy over an in-memory store, signed requests, path-style), and a client for it. */
public final class InProcessS3 implements AutoCloseable {

    public static final String ACCESS_KEY = "e2e-access";
    public static final String SECRET_KEY = "e2e-secret";

    private final BlobStoreContext blobs;
    private final S3Proxy proxy;
    private final S3Client client;
    private final URI endpoint;

    public InProcessS3() throws Exception {
        blobs = ContextBuilder.newBuilder("transient").credentials("identity", "credential").build(BlobStoreContext.class);
        proxy = S3Proxy.builder().blobStore(blobs.getBlobStore()).endpoint(URI.create("http://127.0.0.1:0"))
                .awsAuthentication(AuthenticationType.AWS_V2_OR_V4, ACCESS_KEY, SECRET_KEY).build();
        proxy.start();
        for (int i = 0; i < 500 && !proxy.getState().equals("STARTED"); i++) {
            Thread.sleep(10);
        }
        endpoint = URI.create("http://127.0.0.1:" + proxy.getPort());
        client = S3ClipStore.client(Optional.of(endpoint), "us-east-1",
                StaticCredentialsProvider.create(AwsBasicCredentials.create(ACCESS_KEY, SECRET_KEY)));
    }

    public URI endpoint() {
        return endpoint;
    }

    public S3Client client() {
        return client;
    }

    @Override
    public void close() throws Exception {
        client.close();
        proxy.stop();
        blobs.close();
    }
}
