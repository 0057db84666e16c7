package org.wsconnector;

import java.util.OptionalInt;

/**
 * The WebSocket server refused the upgrade: an HTTP status other than 101 (401 bad credentials, 404 wrong path...),
 * or a reply the configuration does not accept (no offered subprotocol chosen).
 */
public class UpgradeRejectedException extends ConnectFailedException {
    private static final long serialVersionUID = 1L;
    private final int status;

    public UpgradeRejectedException(String client, String message, int status, Throwable cause) {
        super(client, message, cause);
        this.status = status;
    }

    /** The HTTP status of the server's reply, when there was one. */
    public OptionalInt status() {
        return status > 0 ? OptionalInt.of(status) : OptionalInt.empty();
    }
}
