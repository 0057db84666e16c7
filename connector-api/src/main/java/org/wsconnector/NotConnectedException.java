package org.wsconnector;

/** A message was sent while the connection was not {@link ConnectionState#OPEN}; nothing was sent. */
public class NotConnectedException extends WebSocketConnectorException {
    private static final long serialVersionUID = 1L;
    private final ConnectionState state;

    public NotConnectedException(String client, ConnectionState state) {
        super(client, "not connected (state " + state + "): message not sent");
        this.state = state;
    }

    /** The state of the connection when the send was refused. */
    public ConnectionState state() {
        return state;
    }
}
