package org.wsconnector.impl;

/**
 * Where {@link WebSocketConnector#reload()} reads the configuration again: MicroProfile Config in the CDI layer, or
 * whatever an SE application built its configuration from.
 */
@FunctionalInterface
public interface ConfigurationSource {

    /**
     * Reads and validates the whole configuration, as at boot.
     *
     * @throws org.wsconnector.ConfigurationException listing every problem, when there is any
     */
    ConnectorConfiguration read();
}
