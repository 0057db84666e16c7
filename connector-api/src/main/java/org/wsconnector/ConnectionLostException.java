package org.wsconnector;

/** An open connection ended without the application asking: the peer closed it, the network failed, or a proxy cut the tunnel. */
public class ConnectionLostException extends WebSocketConnectorException {
    private static final long serialVersionUID = 1L;

    public ConnectionLostException(String client, String message, Throwable cause) {
        super(client, message, cause);
    }
}
