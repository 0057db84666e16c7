package org.wsconnector.it.payara.ops;

import jakarta.inject.Inject;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.wsconnector.ConfigurationException;
import org.wsconnector.ConfigurationReload;
import org.wsconnector.ReloadReport;

import java.io.IOException;
import java.io.PrintWriter;
import java.util.List;

/**
 * Deployed inside the operations WAR: changes the server JVM's system properties, which Payara's MicroProfile Config
 * reads as a source ranked above the WAR's own file, and reloads through the injected {@link ConfigurationReload}.
 * {@code ?set=key=value} sets one, {@code ?clear=key} removes one, {@code ?reload=true} reloads and reports what it
 * did ({@code added=}, {@code removed=}, {@code reconnected=}, {@code changedInPlace=}, {@code unchanged=}, names
 * joined with {@code ,}) or its {@code problems=}. Plain-text {@code key=value} lines.
 */
@WebServlet("/operations")
public class OperationsServlet extends HttpServlet {
    private static final long serialVersionUID = 1L;

    @Inject
    transient ConfigurationReload configurationReload;

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        response.setContentType("text/plain;charset=UTF-8");
        PrintWriter out = response.getWriter();
        String setting = request.getParameter("set");
        if (setting != null) {
            int equals = setting.indexOf('=');
            System.setProperty(setting.substring(0, equals), setting.substring(equals + 1));
            out.println("set=" + setting.substring(0, equals));
        }
        String cleared = request.getParameter("clear");
        if (cleared != null) {
            System.clearProperty(cleared);
            out.println("cleared=" + cleared);
        }
        if (Boolean.parseBoolean(request.getParameter("reload"))) {
            try {
                ReloadReport report = configurationReload.reload();
                out.println("added=" + names(report.added()));
                out.println("removed=" + names(report.removed()));
                out.println("reconnected=" + names(report.reconnected()));
                out.println("changedInPlace=" + names(report.changedInPlace()));
                out.println("unchanged=" + names(report.unchanged()));
            } catch (ConfigurationException invalid) {
                out.println("problems=" + String.join(" | ", invalid.problems().stream().map(p -> p.line()).toList()));
            }
        }
    }

    private static String names(List<String> clients) {
        return String.join(",", clients);
    }
}
