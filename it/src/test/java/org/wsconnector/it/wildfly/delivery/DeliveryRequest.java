package org.wsconnector.it.wildfly.delivery;

import jakarta.enterprise.context.RequestScoped;

import java.util.UUID;

/** Usable only while a request context is active: the feed observer's use of it proves the connector activated one. */
@RequestScoped
public class DeliveryRequest {
    private final String id = UUID.randomUUID().toString();

    public String id() {
        return id;
    }
}
