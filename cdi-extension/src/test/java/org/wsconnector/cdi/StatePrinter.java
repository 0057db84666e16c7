package org.wsconnector.cdi;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Any;
import jakarta.enterprise.inject.spi.EventMetadata;
import org.wsconnector.ConnectionStateChanged;
import org.wsconnector.WebSocketClient;

/**
 * The application bean of a {@link WeldClusterMember}: prints each state event it observes as a {@link StateLine},
 * with the client named by the event's qualifier, and {@link #DESTROYED} when the container destroys it, so that the
 * test sees in the output whether the shutdown's CLOSED events came while the application's beans were alive.
 */
@ApplicationScoped
public class StatePrinter {
    static final String DESTROYED = "APPLICATION BEAN DESTROYED";

    void print(@Observes @Any ConnectionStateChanged change, EventMetadata event) {
        String qualifier = event.getQualifiers().stream().filter(WebSocketClient.class::isInstance)
                .map(client -> ((WebSocketClient) client).value()).findFirst().orElse("-");
        System.out.println(StateLine.format(qualifier, change));
    }

    @PreDestroy
    void destroyed() {
        System.out.println(DESTROYED);
    }
}
