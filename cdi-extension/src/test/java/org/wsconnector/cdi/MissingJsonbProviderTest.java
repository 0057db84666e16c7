package org.wsconnector.cdi;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.wsconnector.ManagedWebSocket;
import org.wsconnector.SendFailedException;
import org.wsconnector.WebSocketClient;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ExecutionException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;
import static org.assertj.core.api.Assertions.catchThrowable;

/**
 * An application with a typed observer but no JSON-B provider on its class path fails to boot with a message that
 * says what to add. Runs in surefire's execution {@code without-jsonb-provider}: the JSON-B API, no Yasson.
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

    @BeforeEach
    void onlyWhereTheBuildRemovedTheProvider() {
        assumeThat(Boolean.getBoolean("wsconnector.test.jsonbProviderAbsent"))
                .as("run by the surefire execution without-jsonb-provider").isTrue();
    }

    @Test
    void aTypedObserverWithoutAJsonbProviderFailsTheBootSayingWhatToAdd() {
        assertThat(catchThrowable(() -> Class.forName("org.eclipse.yasson.JsonBindingProvider")))
                .as("this execution's class path has no Yasson").isInstanceOf(ClassNotFoundException.class);
        Throwable failure = catchThrowable(() -> boot(TypedObserver.class).close());
        assertThat(failure).isNotNull();
        assertThat(messages(failure)).contains("no JSON-B provider was found", "org.eclipse:yasson",
                "A Jakarta EE server provides JSON-B", Greeting.class.getName());
    }

    @Test
    void withoutTypedObserversTheApplicationBootsAndSendObjectSaysWhatIsMissing() {
        try (WeldBoot boot = boot(UntypedSender.class)) {
            ManagedWebSocket echo = boot.container().select(UntypedSender.class).get().echo();
            assertThat(echo.sendObject(new Greeting("hello")).toCompletableFuture())
                    .failsWithin(Duration.ofSeconds(5)).withThrowableOfType(ExecutionException.class)
                    .withCauseInstanceOf(SendFailedException.class).withMessageContaining("needs a JSON-B provider");
        }
    }

    private static WeldBoot boot(Class<?>... beans) {
        return WeldBoot.start(Map.of("websocket.client.echo.uri", "ws://127.0.0.1:9/"), beans);
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
