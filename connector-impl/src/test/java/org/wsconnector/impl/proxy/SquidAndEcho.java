package org.wsconnector.impl.proxy;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.wsconnector.testbed.EchoServer;
import org.wsconnector.testbed.Squid;

/**
 * The bed the squid tests share: a plain echo server and a real squid that asks for Basic credentials, started once
 * per test class and stopped after it. Register it with {@code @RegisterExtension static}.
 */
final class SquidAndEcho implements BeforeAllCallback, AfterAllCallback {
    private final String user;
    private final String password;
    private EchoServer server;
    private Squid squid;

    SquidAndEcho(String user, String password) {
        this.user = user;
        this.password = password;
    }

    EchoServer server() {
        return server;
    }

    Squid squid() {
        return squid;
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        server = EchoServer.builder().start();
        squid = Squid.builder().basicAuth(user, password).start();
    }

    @Override
    public void afterAll(ExtensionContext context) {
        if (squid != null) {
            squid.close();
        }
        if (server != null) {
            server.close();
        }
    }
}
