package org.wsconnector.testbed;

import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;

import jakarta.websocket.CloseReason;

/**
 * What {@link EchoServer} recorded about one WebSocket connection, frozen at the moment it was taken.
 *
 * @param sessionId              the server-side session id
 * @param requestUri             the upgrade request's URI as the server saw it
 * @param requestHeaders         the upgrade request's headers, keys case-insensitive, unmodifiable
 * @param subprotocol            the subprotocol the server answered, {@code ""} when none
 * @param textMessages           text messages received, in order
 * @param binaryMessages         binary messages received, in order (each a copy)
 * @param pingsReceived          ping frames received from the client
 * @param open                   whether the session was still open
 * @param closeReason            the reason the server endpoint's {@code onClose} saw, once closed. Tyrus reports
 *                               a dropped TCP connection as {@code 1001 "Going away."}, so look at
 *                               {@link #closeFrameFromClient()} before trusting the code
 * @param closeFrameFromClient   whether {@link #closeReason()} came from a close frame the client sent
 * @param closeInitiatedByServer whether the server closed first ({@link EchoServer#closeAllSessions} or
 *                               {@link EchoServer#stop()})
 */
public record ConnectionSnapshot(
        String sessionId,
        URI requestUri,
        Map<String, List<String>> requestHeaders,
        String subprotocol,
        List<String> textMessages,
        List<byte[]> binaryMessages,
        int pingsReceived,
        boolean open,
        Optional<CloseReason> closeReason,
        boolean closeFrameFromClient,
        boolean closeInitiatedByServer) {

    /** @return the first value of the named upgrade request header (case-insensitive), if sent */
    public Optional<String> header(String name) {
        List<String> values = requestHeaders.get(name);
        return values == null || values.isEmpty() ? Optional.empty() : Optional.of(values.get(0));
    }

    /** @return whether the upgrade request carried the named header (case-insensitive) */
    public boolean hasHeader(String name) {
        return requestHeaders.containsKey(name);
    }

    /** @return the close code {@code onClose} saw, once closed */
    public OptionalInt closeCode() {
        return closeReason.map(reason -> OptionalInt.of(reason.getCloseCode().getCode())).orElse(OptionalInt.empty());
    }

    /** @return whether the client closed with a close frame carrying {@code code} (and the server did not close first) */
    public boolean clientClosedWith(int code) {
        return closeFrameFromClient && !closeInitiatedByServer && closeCode().orElse(-1) == code;
    }
}
