package org.wsconnector;

/** Keepalive pings went unanswered: the peer or the path to it is dead. The connection was aborted. */
public class DeadPeerException extends ConnectionLostException {
    private static final long serialVersionUID = 1L;

    public DeadPeerException(String client, String message) {
        super(client, message, null);
    }
}
