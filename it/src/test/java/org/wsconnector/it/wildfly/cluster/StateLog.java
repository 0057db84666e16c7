package org.wsconnector.it.wildfly.cluster;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.wsconnector.ConnectionStateChanged;

import java.util.logging.Logger;

/**
 * Writes every state event the application receives to the server log, where the test reads them after the server
 * is gone: the last ones of a shutdown (CLOSED) must reach the application too.
 */
@ApplicationScoped
public class StateLog {
    public static final String PREFIX = "cluster application observed ";
    private static final Logger LOG = Logger.getLogger(StateLog.class.getName());

    void onState(@Observes ConnectionStateChanged change) {
        LOG.info(PREFIX + change.client() + " " + change.previous() + " -> " + change.current());
    }
}
