package org.wsconnector;

/**
 * Where a managed connection is in its life. Every change is announced by exactly one {@link ConnectionStateChanged}.
 *
 * <pre>
 *  CLOSED ──open──▶ CONNECTING ──ok──▶ OPEN ──lost/dead peer──▶ RECONNECTING ──ok──▶ OPEN
 *                        │                │                        │  ▲ failed attempt (backoff)
 *                        └──failed────────┼───────────────────────▶┘──┘
 *                                         │                        └──attempts exhausted──▶ FAILED
 *                        any state ──close()──▶ CLOSING ──▶ CLOSED   (an application close never reconnects)
 *                        any state ──abort()──────────────▶ CLOSED   (no close frame; never reconnects either)
 * </pre>
 */
public enum ConnectionState {
    /** Not connected and not trying: before the first open, or after the application closed or aborted it. */
    CLOSED,
    /** The first attempt of a connection cycle is under way. */
    CONNECTING,
    /** The WebSocket is open: messages can be sent and are being received. */
    OPEN,
    /** The connection was lost or an attempt failed; the next attempt is scheduled or under way. */
    RECONNECTING,
    /** A close was requested: the close frame is sent and the peer's answer awaited for at most close-timeout. */
    CLOSING,
    /** All attempts allowed by {@code reconnect.attempts} failed. Terminal until the application opens it again. */
    FAILED;

    /** True when nothing is happening and nothing is scheduled: {@link #CLOSED} and {@link #FAILED}. */
    public boolean isIdle() {
        return this == CLOSED || this == FAILED;
    }
}
