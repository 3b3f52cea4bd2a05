package dev.fount.origin.config;

/** The user name and password both ingest endpoints of a channel accept. */
public record IngestCredentials(String username, String password) {

    @Override
    public String toString() {
        return "IngestCredentials[username=" + username + ", password=***]";
    }
}
