package org.wsconnector;

import jakarta.enterprise.util.AnnotationLiteral;
import jakarta.inject.Qualifier;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.util.Objects;

/**
 * Names a configured client: on an injection point of {@link ManagedWebSocket}, and on observers of
 * {@link TextMessage}, {@link BinaryMessage} and {@link ConnectionStateChanged}.
 *
 * <pre>{@code
 * @Inject @WebSocketClient("ari") ManagedWebSocket ari;
 * void onEvent(@Observes @WebSocketClient("ari") TextMessage message) { ... }
 * }</pre>
 *
 * The value is the {@code <name>} of the {@code websocket.client.<name>.*} configuration keys. Injecting a name
 * that is not configured fails deployment.
 */
@Qualifier
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.FIELD, ElementType.PARAMETER, ElementType.METHOD, ElementType.TYPE})
public @interface WebSocketClient {

    /** The client name, {@code [a-z0-9-]+}. */
    String value();

    /** Builds the qualifier programmatically, e.g. for {@code Instance.select(...)} or {@code Event.select(...)}. */
    final class Literal extends AnnotationLiteral<WebSocketClient> implements WebSocketClient {
        private static final long serialVersionUID = 1L;
        private final String value;

        private Literal(String value) {
            this.value = Objects.requireNonNull(value, "value");
        }

        public static Literal of(String clientName) {
            return new Literal(clientName);
        }

        @Override
        public String value() {
            return value;
        }
    }
}
