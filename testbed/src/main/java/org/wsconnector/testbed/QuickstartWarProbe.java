package org.wsconnector.testbed;

import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * Drives the README's WAR quick start ({@code examples/war-quickstart}) once deployed, from outside the server, the
 * same on every server: {@code POST /echo?text=} sends through its injected client, {@code GET /echo} lists what its
 * observer received; the echo server says what reached it and how the connection ended.
 */
public final class QuickstartWarProbe {
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private static final Duration POLL = Duration.ofMillis(100);

    private final URI echoEndpoint;
    private final EchoServer echo;
    private final Duration wait;

    /**
     * The example WAR as the root build packaged it (system property {@code quickstart.war}, set by the modules that
     * deploy it, which depend on it so that the reactor builds it first).
     */
    public static File builtWar() {
        File war = new File(System.getProperty("quickstart.war",
                "../examples/war-quickstart/target/war-quickstart.war"));
        if (!war.isFile()) {
            throw new IllegalStateException("the example WAR is not built: " + war.getAbsolutePath());
        }
        return war;
    }

    /** @param contextRoot e.g. {@code http://127.0.0.1:8180/war-quickstart} */
    public QuickstartWarProbe(String contextRoot, EchoServer echo, Duration wait) {
        this.echoEndpoint = URI.create(contextRoot + "/echo");
        this.echo = echo;
        this.wait = wait;
    }

    /**
     * POSTs {@code text}; returns the id of the echo server's session that carried it, once the observer's list
     * (read over HTTP, as nothing else can be waited on from outside the server) shows the echo and the client OPEN.
     */
    public String exchange(String text) throws IOException, InterruptedException {
        HttpResponse<String> sent = send(HttpRequest.newBuilder(URI.create(echoEndpoint + "?text="
                + URLEncoder.encode(text, StandardCharsets.UTF_8))).POST(HttpRequest.BodyPublishers.noBody()));
        if (sent.statusCode() != 202) {
            throw new AssertionError("POST " + echoEndpoint + ": " + sent.statusCode() + " " + sent.body());
        }
        ConnectionSnapshot connection = echo.awaitConnection(c -> c.open() && c.textMessages().contains(text), wait,
                "the quick start's connection carrying '" + text + "'");
        long deadline = System.nanoTime() + wait.toNanos();
        String listed;
        while (!(listed = send(HttpRequest.newBuilder(echoEndpoint).GET()).body()).startsWith("echo: OPEN")
                || !listed.contains(text)) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("GET " + echoEndpoint + " did not list '" + text + "' within " + wait
                        + "; last answer: " + listed);
            }
            Thread.sleep(POLL.toMillis());
        }
        return connection.sessionId();
    }

    /** Waits until the session ended and checks that the client closed it with 1001 ("going away"). */
    public void assertClosedWithGoingAway(String sessionId) {
        ConnectionSnapshot closed = echo.awaitConnection(c -> c.sessionId().equals(sessionId) && !c.open(), wait,
                "the quick start's connection closed on undeploy");
        if (!closed.clientClosedWith(1001)) {
            throw new AssertionError("expected the client's close frame 1001 on undeploy: " + closed);
        }
    }

    private HttpResponse<String> send(HttpRequest.Builder request) throws IOException, InterruptedException {
        return HTTP.send(request.timeout(wait).build(), HttpResponse.BodyHandlers.ofString());
    }
}
