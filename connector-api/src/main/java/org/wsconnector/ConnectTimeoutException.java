package org.wsconnector;

/** A connect attempt (TCP, proxy CONNECT, TLS and upgrade together) did not finish within connection-timeout, or awaitOpen ran out of time. */
public class ConnectTimeoutException extends WebSocketConnectorException {
    private static final long serialVersionUID = 1L;

    public ConnectTimeoutException(String client, String message, Throwable cause) {
        super(client, message, cause);
    }
}
