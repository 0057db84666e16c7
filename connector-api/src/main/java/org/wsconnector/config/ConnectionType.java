package org.wsconnector.config;

/** When a client is opened (Asterisk: connection_type). */
public enum ConnectionType {
    /** Opened when the application starts and kept open: reconnects without limit by default. */
    PERSISTENT,
    /** Opened at first use ({@code awaitOpen}); reconnect attempts are bounded (4 by default). */
    ON_DEMAND;

    /** The configuration spelling: {@code persistent}, {@code on-demand}. */
    public String configValue() {
        return name().toLowerCase().replace('_', '-');
    }
}
