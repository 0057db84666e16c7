package org.wsconnector.it.wildfly.reload;

import jakarta.inject.Inject;
import jakarta.json.Json;
import jakarta.json.JsonObjectBuilder;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.wsconnector.ConfigurationException;
import org.wsconnector.ConfigurationReload;
import org.wsconnector.ManagedWebSocket;
import org.wsconnector.ReloadReport;
import org.wsconnector.WebSocketClient;
import org.wsconnector.WebSocketConnectorException;
import org.wsconnector.it.wildfly.shared.JsonReply;

import java.io.IOException;
import java.time.Duration;

/**
 * Drives the reload WAR. {@code ?set=key=value} (repeatable) and {@code ?remove=<client>} change the configuration
 * ({@link ChangeableConfigSource}); {@code ?reload=true} reloads through the injected {@link ConfigurationReload} and
 * reports what it did, or its problems. Always reports the state of the clients injected at deployment and what
 * {@code awaitOpen} says for "gone".
 */
@WebServlet("/reload")
public class ReloadServlet extends HttpServlet {
    private static final long serialVersionUID = 1L;

    @Inject
    ConfigurationReload configurationReload;

    @Inject
    @WebSocketClient("kept")
    ManagedWebSocket kept;

    /** Removed by the test's reload: this reference, injected at deployment, must then say so. */
    @Inject
    @WebSocketClient("gone")
    ManagedWebSocket gone;

    @Inject
    @WebSocketClient("moved")
    ManagedWebSocket moved;

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        String[] settings = request.getParameterValues("set");
        for (String setting : settings == null ? new String[0] : settings) {
            int equals = setting.indexOf('=');
            ChangeableConfigSource.set(setting.substring(0, equals), setting.substring(equals + 1));
        }
        String removed = request.getParameter("remove");
        if (removed != null) {
            ChangeableConfigSource.removeAll("websocket.client." + removed + ".");
        }
        JsonObjectBuilder json = Json.createObjectBuilder();
        if (Boolean.parseBoolean(request.getParameter("reload"))) {
            try {
                ReloadReport report = configurationReload.reload();
                json.add("report", Json.createObjectBuilder()
                        .add("added", JsonReply.array(report.added()))
                        .add("removed", JsonReply.array(report.removed()))
                        .add("reconnected", JsonReply.array(report.reconnected()))
                        .add("changedInPlace", JsonReply.array(report.changedInPlace()))
                        .add("unchanged", JsonReply.array(report.unchanged())));
            } catch (ConfigurationException invalid) {
                json.add("problems", JsonReply.array(invalid.problems().stream().map(p -> p.line()).toList()));
            }
        }
        json.add("kept", kept.state().name()).add("moved", moved.state().name()).add("gone", gone.state().name());
        json.add("movedUri", moved.config().uri().toString());
        try {
            gone.awaitOpen(Duration.ofMillis(10));
            json.add("goneOpen", "open");
        } catch (WebSocketConnectorException notOpen) {
            json.add("goneOpen", notOpen.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        JsonReply.write(response, json);
    }
}
