package org.wsconnector.impl.tyrus;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/** Tests of the transport against a {@link RawServer}: a fresh server and transport for each test. */
abstract class AgainstRawServer {
    RawServer server;
    TransportUnderTest transport;

    @BeforeEach
    void startServerAndTransport() throws Exception {
        server = RawServer.start();
        transport = new TransportUnderTest();
    }

    @AfterEach
    void stopServerAndTransport() throws Exception {
        transport.close();
        server.close();
    }
}
