package com.example.quickstart;

import jakarta.enterprise.inject.se.SeContainer;
import jakarta.enterprise.inject.se.SeContainerInitializer;

import java.time.Duration;

public final class Main {
    private Main() {
    }

    public static void main(String[] args) throws Exception {
        // Boots Weld SE from META-INF/beans.xml; the connector reads its clients from MicroProfile Config.
        try (SeContainer container = SeContainerInitializer.newInstance().initialize()) {
            EchoClient client = container.select(EchoClient.class).get();
            String reply = client.sendAndAwaitReply("Hello from the quick start", Duration.ofSeconds(10));
            System.out.println("reply: " + reply);
        } // closing the container closes every connection (close frame 1001) and stops the connector's threads
    }
}
