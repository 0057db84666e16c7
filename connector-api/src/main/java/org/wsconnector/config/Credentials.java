package org.wsconnector.config;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Objects;

/** A username and password for HTTP Basic authentication. {@code toString()} masks the password. */
public record Credentials(String username, Secret password) {
    public Credentials {
        Objects.requireNonNull(username, "username");
        Objects.requireNonNull(password, "password");
    }

    /** The value of an {@code Authorization} or {@code Proxy-Authorization} header. Never log it. */
    public String basicHeaderValue() {
        String token = username + ":" + password.reveal();
        return "Basic " + Base64.getEncoder().encodeToString(token.getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public String toString() {
        return "Credentials[username=" + username + ", password=" + Secret.MASK + "]";
    }
}
