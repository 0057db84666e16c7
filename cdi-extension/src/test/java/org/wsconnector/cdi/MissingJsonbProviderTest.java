package org.wsconnector.cdi;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;
import org.wsconnector.ManagedWebSocket;
import org.wsconnector.SendFailedException;
import org.wsconnector.WebSocketClient;

import java.io.IOException;
import java.net.URL;
import java.time.Duration;
import java.util.Collections;
import java.util.Enumeration;
import java.util.Map;
import java.util.concurrent.ExecutionException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

/**
 * An application with a typed observer but no JSON-B provider on its class path fails to boot with a message that
 * says what to add. The application's loader here hides Yasson, as a class path without it would.
 */
class MissingJsonbProviderTest {

    public record Greeting(String text) {
    }

    @ApplicationScoped
    static class TypedObserver {
        void onGreeting(@Observes @WebSocketClient("echo") Greeting greeting) {
        }
    }

    /** Sends objects but observes no type of its own: JSON-B is optional for it. */
    @ApplicationScoped
    static class UntypedSender {
        @Inject
        @WebSocketClient("echo")
        ManagedWebSocket echo;

        ManagedWebSocket echo() {
            return echo;
        }
    }

    /** The test class path without Yasson: neither its classes nor its service registration. */
    static final class WithoutYasson extends ClassLoader {
        WithoutYasson(ClassLoader parent) {
            super(parent);
        }

        @Override
        protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
            if (name.startsWith("org.eclipse.yasson.")) {
                throw new ClassNotFoundException(name);
            }
            return super.loadClass(name, resolve);
        }

        @Override
        public Enumeration<URL> getResources(String name) throws IOException {
            return name.equals("META-INF/services/jakarta.json.bind.spi.JsonbProvider")
                    ? Collections.emptyEnumeration() : super.getResources(name);
        }
    }

    @Test
    void aTypedObserverWithoutAJsonbProviderFailsTheBootSayingWhatToAdd() {
        Throwable failure = catchThrowable(() -> bootWithoutYasson(TypedObserver.class).close());
        assertThat(failure).isNotNull();
        assertThat(messages(failure)).contains("no JSON-B provider was found", "org.eclipse:yasson",
                "A Jakarta EE server provides JSON-B", Greeting.class.getName());
    }

    @Test
    void withoutTypedObserversTheApplicationBootsAndSendObjectSaysWhatIsMissing() {
        try (WeldBoot boot = bootWithoutYasson(UntypedSender.class)) {
            ManagedWebSocket echo = boot.container().select(UntypedSender.class).get().echo();
            assertThat(echo.sendObject(new Greeting("hello")).toCompletableFuture())
                    .failsWithin(Duration.ofSeconds(5)).withThrowableOfType(ExecutionException.class)
                    .withCauseInstanceOf(SendFailedException.class).withMessageContaining("needs a JSON-B provider");
        }
    }

    /** Boots with the application's loader hiding Yasson; the extension looks for JSON-B during the boot. */
    private static WeldBoot bootWithoutYasson(Class<?>... beans) {
        Thread thread = Thread.currentThread();
        ClassLoader original = thread.getContextClassLoader();
        thread.setContextClassLoader(new WithoutYasson(original));
        try {
            return WeldBoot.start(Map.of("websocket.client.echo.uri", "ws://127.0.0.1:9/"), beans);
        } finally {
            thread.setContextClassLoader(original);
        }
    }

    @Test
    void withAProviderTheSameApplicationBoots() {
        try (WeldBoot boot = WeldBoot.start(Map.of("websocket.client.echo.uri", "ws://127.0.0.1:9/"),
                TypedObserver.class)) {
            assertThat(boot.container().getBeanManager().getExtension(WebSocketConnectorExtension.class).codec())
                    .isNotNull();
        }
    }

    private static String messages(Throwable failure) {
        StringBuilder all = new StringBuilder();
        for (Throwable cause = failure; cause != null && all.length() < 100_000; cause = cause.getCause()) {
            all.append(cause.getMessage()).append('\n');
            for (Throwable suppressed : cause.getSuppressed()) {
                all.append(suppressed.getMessage()).append('\n');
            }
        }
        return all.toString();
    }
}
