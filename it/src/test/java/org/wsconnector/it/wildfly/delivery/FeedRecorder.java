package org.wsconnector.it.wildfly.delivery;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;
import org.wsconnector.TextMessage;
import org.wsconnector.WebSocketClient;

import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The application's work on the "feed" client: one row per message, in a transaction, with a request-scoped bean in
 * use. A message whose text starts with {@link #SLOW_PREFIX} makes the observer work for 5 s first: the application
 * being slow, which must hold up this client's deliveries only.
 */
@ApplicationScoped
public class FeedRecorder {
    static final String SLOW_PREFIX = "slow:";

    @PersistenceContext(unitName = "delivery")
    EntityManager entities;

    @Inject
    DeliveryRequest request;

    private final AtomicLong deliveries = new AtomicLong();
    private final AtomicBoolean working = new AtomicBoolean();

    @Transactional
    void on(@Observes @WebSocketClient("feed") TextMessage message) throws InterruptedException {
        if (message.text().startsWith(SLOW_PREFIX)) {
            working.set(true);
            try {
                Thread.sleep(5_000);
            } finally {
                working.set(false);
            }
        }
        entities.persist(new ReceivedMessage(deliveries.incrementAndGet(), message.text(), request.id()));
    }

    /** True while the observer is in its slow work. */
    boolean working() {
        return working.get();
    }

    @Transactional
    List<ReceivedMessage> rows() {
        return entities.createQuery("select m from ReceivedMessage m order by m.id", ReceivedMessage.class)
                .getResultList();
    }
}
