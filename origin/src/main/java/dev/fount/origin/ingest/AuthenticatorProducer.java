package dev.fount.origin.ingest;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Singleton;
import jakarta.enterprise.inject.Produces;

/** One authenticator (one nonce key) per origin process. */
@ApplicationScoped
public class AuthenticatorProducer {

    @Produces
    @Singleton
    IngestAuthenticator authenticator() {
        return new IngestAuthenticator();
    }
}
