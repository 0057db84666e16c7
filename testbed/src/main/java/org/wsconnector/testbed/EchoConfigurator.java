package org.wsconnector.testbed;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import jakarta.websocket.HandshakeResponse;
import jakarta.websocket.server.HandshakeRequest;
import jakarta.websocket.server.ServerEndpointConfig;

/**
 * Captures each upgrade request's headers and decides the subprotocol answer.
 *
 * <p>The Jakarta API gives {@code onOpen} no access to the upgrade request, and endpoint config user
 * properties are shared between connections. Tyrus over Grizzly runs {@code modifyHandshake} and then
 * {@code onOpen} synchronously on the same worker thread (GrizzlyServerFilter.handleHandshake), so a
 * thread-local hands the headers over without any chance of mixing up two concurrent handshakes.
 */
final class EchoConfigurator extends ServerEndpointConfig.Configurator {

    private final ThreadLocal<Map<String, List<String>>> handshakeHeaders = new ThreadLocal<>();
    private final Optional<String> unofferedSubprotocol;
    private volatile EchoEndpoint endpoint;

    EchoConfigurator(Optional<String> unofferedSubprotocol) {
        this.unofferedSubprotocol = unofferedSubprotocol;
    }

    void endpoint(EchoEndpoint endpoint) {
        this.endpoint = endpoint;
    }

    /** Picks the first subprotocol the client offered that the server supports, the RFC 6455 custom. */
    @Override
    public String getNegotiatedSubprotocol(List<String> supported, List<String> requested) {
        if (unofferedSubprotocol.isPresent()) {
            return unofferedSubprotocol.get();
        }
        return requested.stream().map(String::trim).filter(supported::contains).findFirst().orElse("");
    }

    @Override
    public void modifyHandshake(ServerEndpointConfig config, HandshakeRequest request, HandshakeResponse response) {
        handshakeHeaders.set(Map.copyOf(request.getHeaders()));
        // Tyrus only negotiates when the client offered something; set the header ourselves so the
        // misbehaviour also shows to a client that offered nothing.
        unofferedSubprotocol.ifPresent(protocol ->
                response.getHeaders().put(HandshakeRequest.SEC_WEBSOCKET_PROTOCOL, List.of(protocol)));
    }

    Map<String, List<String>> takeHandshakeHeaders() {
        Map<String, List<String>> headers = handshakeHeaders.get();
        handshakeHeaders.remove();
        return headers == null ? Map.of() : headers;
    }

    @Override
    @SuppressWarnings("unchecked")
    public <T> T getEndpointInstance(Class<T> endpointClass) {
        return (T) endpoint;
    }

    @Override
    public boolean checkOrigin(String originHeaderValue) {
        return true;
    }
}
