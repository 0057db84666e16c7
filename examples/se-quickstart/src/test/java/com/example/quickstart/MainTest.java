package com.example.quickstart;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.wsconnector.testbed.ConnectionSnapshot;
import org.wsconnector.testbed.EchoServer;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Proves that the quick start runs: its unchanged main against a real echo server, the URI given as a system property. */
class MainTest {
    private static final String URI_KEY = "websocket.client.echo.uri";

    @Test
    @Timeout(60) // main's own waits are bounded (10 s each); this only guards the build
    void mainConnectsSendsPrintsTheEchoedReplyAndClosesWithGoingAway() throws Exception {
        try (EchoServer server = EchoServer.builder().start()) {
            String output = runMain(server.uri().toString());

            assertTrue(output.contains("reply: Hello from the quick start"), output);
            assertTrue(output.contains("state: [echo] CONNECTING -> OPEN"), output);
            ConnectionSnapshot connection = server.awaitClientClose(1001, Duration.ofSeconds(10));
            assertEquals(List.of("Hello from the quick start"), connection.textMessages());
        }
    }

    /** Runs main with the URI overridden (a system property outranks microprofile-config.properties); returns stdout. */
    private static String runMain(String uri) throws Exception {
        PrintStream originalOut = System.out;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setProperty(URI_KEY, uri);
        System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            Main.main(new String[0]);
        } finally {
            System.setOut(originalOut);
            System.clearProperty(URI_KEY);
            originalOut.print(captured.toString(StandardCharsets.UTF_8));
        }
        return captured.toString(StandardCharsets.UTF_8);
    }
}
