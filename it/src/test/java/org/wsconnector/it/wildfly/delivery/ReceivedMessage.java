package org.wsconnector.it.wildfly.delivery;

import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;

/** One message of the "feed" client, as its observer stored it: the id grows in the order of the inserts. */
@Entity
public class ReceivedMessage {
    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    private Long id;
    private long sequence; // the observer's count of deliveries, 1, 2, ...
    private String text;
    private String requestId; // of the @RequestScoped bean the delivery saw

    protected ReceivedMessage() {
    }

    ReceivedMessage(long sequence, String text, String requestId) {
        this.sequence = sequence;
        this.text = text;
        this.requestId = requestId;
    }

    long sequence() {
        return sequence;
    }

    String text() {
        return text;
    }

    String requestId() {
        return requestId;
    }
}
