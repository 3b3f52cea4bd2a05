package dev.fount.origin.config;

import java.util.Optional;

/** One Channel as the origin serves it: its name and the credentials its encoders must present. */
public record ChannelConfig(String name, String description, Optional<IngestCredentials> credentials) {
}
