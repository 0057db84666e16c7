package org.wsconnector;

/**
 * Live reload of the {@code websocket.client.*} configuration without a redeploy, with the semantics of Asterisk's
 * {@code module reload}: the configuration is read again from its source (MicroProfile Config in CDI) and validated
 * as at boot; an invalid one changes nothing and is reported whole. A valid one is applied client by client:
 * unchanged clients are left untouched, changed ones reconnect with their new configuration, added ones open
 * (persistent) and removed ones are closed with 1000. See {@link ReloadReport}.
 *
 * <p>In CDI, inject it: {@code @Inject ConfigurationReload reload;}. Thread safe; reloads run one at a time. The
 * call returns once the changes are under way, not when the reconnected clients are open again: follow their
 * {@link ConnectionStateChanged} events, or {@code awaitOpen}.
 */
public interface ConfigurationReload {

    /**
     * Reads the configuration again and applies it.
     *
     * @return what changed, client by client
     * @throws ConfigurationException when the configuration read now is invalid: nothing was changed, and the
     *                                exception lists every problem, as at boot
     */
    ReloadReport reload();
}
