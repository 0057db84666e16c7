package org.wsconnector.impl.proxy;

import org.wsconnector.impl.ConnectorUnderTest;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Run by {@link PlatformProxyChildTest} in a JVM of its own, whose environment variables and system properties are
 * the case under test: boots one client from {@code key=value} arguments (the route comes from the real process
 * settings), echoes one message and prints {@code ECHOED <text>}, or {@code FAILED <exception>}.
 */
public final class PlatformProxyChild {
    private PlatformProxyChild() {
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> keys = new LinkedHashMap<>();
        for (String arg : args) {
            int equals = arg.indexOf('=');
            keys.put(arg.substring(0, equals), arg.substring(equals + 1));
        }
        int status = 0;
        try (ConnectorUnderTest client = ConnectorUnderTest.proxied(keys)) {
            client.connection().awaitOpen(Duration.ofSeconds(10));
            client.echo("hello from the child");
            System.out.println("ECHOED hello from the child");
        } catch (Throwable failure) {
            System.out.println("FAILED " + failure);
            status = 1;
        }
        System.out.flush();
        System.exit(status);
    }
}
