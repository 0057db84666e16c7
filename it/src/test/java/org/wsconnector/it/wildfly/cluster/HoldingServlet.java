package org.wsconnector.it.wildfly.cluster;

import jakarta.inject.Inject;
import jakarta.json.Json;
import jakarta.json.JsonObjectBuilder;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.jgroups.JChannel;
import org.jgroups.Version;
import org.wsconnector.ConnectionStatus;
import org.wsconnector.ManagedWebSocket;
import org.wsconnector.WebSocketClient;
import org.wsconnector.it.wildfly.shared.JsonReply;

import java.io.IOException;
import java.util.List;

/**
 * The cluster WAR's view of itself: for each one-member client its state and the member that holds it (empty: this
 * member), and where this deployment's JGroups comes from (the WAR's own 5.4.8 jar, not WildFly's module).
 */
@WebServlet("/holding")
public class HoldingServlet extends HttpServlet {
    private static final long serialVersionUID = 1L;

    @Inject
    @WebSocketClient("c1")
    ManagedWebSocket c1;

    @Inject
    @WebSocketClient("c2")
    ManagedWebSocket c2;

    @Inject
    @WebSocketClient("c3")
    ManagedWebSocket c3;

    @Inject
    @WebSocketClient("c4")
    ManagedWebSocket c4;

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        JsonObjectBuilder clients = Json.createObjectBuilder();
        for (ManagedWebSocket client : List.of(c1, c2, c3, c4)) {
            ConnectionStatus status = client.status();
            clients.add(client.name(), Json.createObjectBuilder()
                    .add("state", status.state().name())
                    .add("heldBy", status.heldBy().orElse("")));
        }
        JsonReply.write(response, Json.createObjectBuilder()
                .add("clients", clients)
                .add("jgroupsVersion", Version.printVersion())
                .add("jgroupsLoader", String.valueOf(JChannel.class.getClassLoader())));
    }
}
