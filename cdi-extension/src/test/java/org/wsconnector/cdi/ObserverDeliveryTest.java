package org.wsconnector.cdi;

import jakarta.annotation.PreDestroy;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.RequestScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.interceptor.AroundInvoke;
import jakarta.interceptor.Interceptor;
import jakarta.interceptor.InterceptorBinding;
import jakarta.interceptor.InvocationContext;
import org.junit.jupiter.api.Test;
import org.wsconnector.ConnectionState;
import org.wsconnector.ConnectionStateChanged;
import org.wsconnector.ManagedWebSocket;
import org.wsconnector.TextMessage;
import org.wsconnector.WebSocketClient;
import org.wsconnector.testbed.EchoServer;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * CDI observers are application code as EE writes it: they run on worker threads in a request context of their own,
 * interceptors on their bean apply, and one that blocks for seconds delays only its own client — another client
 * pinging every 500 ms keeps echoing and sees no state change.
 */
class ObserverDeliveryTest {
    private static final Duration WAIT = Duration.ofSeconds(20);

    @InterceptorBinding
    @Retention(RetentionPolicy.RUNTIME)
    @Target({ElementType.METHOD, ElementType.TYPE})
    @interface Counted {
    }

    /** Stands for {@code @Transactional}: an interceptor around the observer method. */
    @Counted
    @Interceptor
    @Priority(Interceptor.Priority.APPLICATION)
    static class CountingInterceptor {
        static final AtomicInteger CALLS = new AtomicInteger();

        @AroundInvoke
        Object count(InvocationContext invocation) throws Exception {
            CALLS.incrementAndGet();
            return invocation.proceed();
        }
    }

    /** One per delivery: each delivery is a request of its own. */
    @RequestScoped
    static class DeliveryScope {
        static final AtomicInteger DESTROYED = new AtomicInteger();
        private final int id = System.identityHashCode(new Object());

        int id() {
            return id;
        }

        @PreDestroy
        void destroyed() {
            DESTROYED.incrementAndGet();
        }
    }

    @ApplicationScoped
    static class Application {
        final List<String> slowTexts = new CopyOnWriteArrayList<>();
        final List<String> otherTexts = new CopyOnWriteArrayList<>();
        final List<ConnectionState> otherStates = new CopyOnWriteArrayList<>();
        final Set<Integer> requestScopes = ConcurrentHashMap.newKeySet();
        final Set<String> threads = ConcurrentHashMap.newKeySet();
        volatile boolean blocking;

        @Inject
        DeliveryScope scope;

        @Inject
        @WebSocketClient("slow")
        ManagedWebSocket slow;

        @Inject
        @WebSocketClient("other")
        ManagedWebSocket other;

        @Counted
        void onSlow(@Observes @WebSocketClient("slow") TextMessage message) throws InterruptedException {
            requestScopes.add(scope.id()); // throws ContextNotActiveException outside a request context
            threads.add(Thread.currentThread().getName());
            if (slowTexts.isEmpty()) {
                blocking = true;
                Thread.sleep(5_000); // the application's slow work: a database write, a remote call
                blocking = false;
            }
            slowTexts.add(message.text());
        }

        void onOther(@Observes @WebSocketClient("other") TextMessage message) {
            otherTexts.add(message.text());
        }

        void onOtherState(@Observes @WebSocketClient("other") ConnectionStateChanged change) {
            otherStates.add(change.current());
        }

        // Accessors: the test holds a client proxy, whose own fields are never set.
        ManagedWebSocket slow() {
            return slow;
        }

        ManagedWebSocket other() {
            return other;
        }

        boolean blocking() {
            return blocking;
        }

        List<String> slowTexts() {
            return slowTexts;
        }

        List<String> otherTexts() {
            return otherTexts;
        }

        List<ConnectionState> otherStates() {
            return otherStates;
        }

        Set<Integer> requestScopes() {
            return requestScopes;
        }

        Set<String> threads() {
            return threads;
        }
    }

    @Test
    void anObserverRunsInARequestContextWithItsInterceptorsAndBlockingItStallsNoOtherClient() throws Exception {
        CountingInterceptor.CALLS.set(0);
        try (EchoServer server = EchoServer.builder().start();
             WeldBoot boot = WeldBoot.start(Map.of(
                     "websocket.client.slow.uri", server.uri().toString(),
                     "websocket.client.other.uri", server.uri().toString(),
                     "websocket.client.other.ping.interval", "500ms",
                     "websocket.client.other.ping.probes", "2"),
                     Application.class, DeliveryScope.class, CountingInterceptor.class)) {
            Application application = boot.container().select(Application.class).get();
            application.slow().awaitOpen(WAIT);
            application.other().awaitOpen(WAIT);

            application.slow().sendText("first");
            await("the slow observer started").atMost(WAIT).until(application::blocking);
            int echoes = 0;
            while (application.blocking()) {
                int expected = echoes + 1;
                application.other().sendText("other " + echoes);
                application.slow().sendText("queued " + echoes);
                await("echo " + echoes).atMost(WAIT).until(() -> application.otherTexts().size() >= expected);
                echoes++;
            }
            int sentToSlow = echoes + 1;
            await("the slow client's messages").atMost(WAIT).until(() -> application.slowTexts().size() == sentToSlow);

            assertThat(echoes).as("echoes of the other client while the observer blocked").isGreaterThanOrEqualTo(5);
            assertThat(application.otherStates()).as("no dead peer, no reconnect")
                    .containsExactly(ConnectionState.CONNECTING, ConnectionState.OPEN);
            assertThat(application.slowTexts().get(0)).isEqualTo("first");
            assertThat(application.requestScopes()).as("a request context per delivery").hasSize(sentToSlow);
            assertThat(DeliveryScope.DESTROYED.get()).as("each delivery's request scope ends with it")
                    .isGreaterThanOrEqualTo(sentToSlow);
            assertThat(CountingInterceptor.CALLS.get()).as("the interceptor ran around every delivery")
                    .isEqualTo(sentToSlow);
            assertThat(application.threads()).noneMatch(name -> name.startsWith("ws-connector-io-"));
        }
    }
}
