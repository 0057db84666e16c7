package org.wsconnector.testbed;

import java.io.IOException;

import org.glassfish.grizzly.Connection;
import org.glassfish.grizzly.Grizzly;
import org.glassfish.grizzly.attributes.Attribute;
import org.glassfish.grizzly.filterchain.FilterChainBuilder;
import org.glassfish.grizzly.filterchain.FilterChainContext;
import org.glassfish.grizzly.filterchain.NextAction;
import org.glassfish.grizzly.http.HttpContent;
import org.glassfish.grizzly.http.HttpRequestPacket;
import org.glassfish.grizzly.http.Method;
import org.glassfish.grizzly.http.Protocol;
import org.glassfish.grizzly.http.server.AddOn;
import org.glassfish.grizzly.http.server.HttpServerFilter;
import org.glassfish.grizzly.http.server.NetworkListener;
import org.glassfish.tyrus.container.grizzly.server.GrizzlyServerFilter;
import org.glassfish.tyrus.spi.ServerContainer;

/**
 * Tyrus' Grizzly filter, made to upgrade a TCP connection at most once.
 *
 * <p>Tyrus 2.2.2 keeps the WebSocket of a Grizzly connection in a connection attribute that its close listener
 * removes; a read still on its way up the filter chain when the connection closes then finds no WebSocket, still
 * carries the upgrade request's HTTP header, and {@link GrizzlyServerFilter} runs the handshake again: a second
 * session with the same {@code Sec-WebSocket-Key}, opened and closed ({@code 1001}) on a dead connection. A server
 * close ({@link EchoServer#closeAllSessions}) while the client's frames are in flight does it when the machine is
 * loaded enough to delay the reading thread, and the echo server then recorded a connection no client made
 * ({@code SquidTunnelTest} saw three connections for two tunnels; {@code OneUpgradePerConnectionTest}).
 *
 * <p>So every read after a connection's first upgrade request reaches Tyrus under an HTTP header without
 * {@code Upgrade}: Tyrus hands its bytes to the WebSocket as before while there is one, and otherwise passes them
 * on, and they are dropped here: the connection they came on is gone.
 */
final class OneUpgradePerConnectionFilter extends GrizzlyServerFilter {

    private static final String WEBSOCKET = "websocket";

    /** Set on the first upgrade request of a connection and never removed, unlike Tyrus' own attribute. */
    private static final Attribute<Boolean> UPGRADE_SEEN = Grizzly.DEFAULT_ATTRIBUTE_BUILDER.createAttribute(
            OneUpgradePerConnectionFilter.class.getName() + ".upgradeSeen");

    private OneUpgradePerConnectionFilter(ServerContainer container, String contextPath) {
        super(container, contextPath);
    }

    /** @return the add-on that puts this filter where Tyrus' {@code WebSocketAddOn} puts its own */
    static AddOn addOn(ServerContainer container, String contextPath) {
        return (NetworkListener listener, FilterChainBuilder builder) -> {
            int httpServerFilter = builder.indexOfType(HttpServerFilter.class);
            if (httpServerFilter < 0) {
                throw new IllegalStateException("no HttpServerFilter in the chain of " + listener.getName());
            }
            builder.add(httpServerFilter, new OneUpgradePerConnectionFilter(container, contextPath));
        };
    }

    @Override
    public NextAction handleRead(FilterChainContext ctx) throws IOException {
        HttpContent message = ctx.getMessage();
        if (!WEBSOCKET.equalsIgnoreCase(message.getHttpHeader().getUpgrade())) {
            return super.handleRead(ctx);
        }
        Connection<?> connection = ctx.getConnection();
        if (!UPGRADE_SEEN.isSet(connection)) {
            UPGRADE_SEEN.set(connection, Boolean.TRUE);
            return super.handleRead(ctx); // the handshake
        }
        ctx.setMessage(HttpContent.builder(headerWithoutUpgrade())
                .content(message.getContent())
                .last(message.isLast())
                .build());
        super.handleRead(ctx);
        // Frames stop at Tyrus; anything it passed on belongs to a connection that is gone.
        return ctx.getStopAction();
    }

    private static HttpRequestPacket headerWithoutUpgrade() {
        return HttpRequestPacket.builder().method(Method.GET).uri("/").protocol(Protocol.HTTP_1_1).build();
    }
}
