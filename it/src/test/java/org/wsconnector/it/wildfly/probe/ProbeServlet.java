package org.wsconnector.it.wildfly.probe;

import jakarta.json.Json;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObjectBuilder;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import java.io.IOException;
import javax.management.ObjectName;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Always deployed beside the sample: reports what the server process holds — threads (names, and "suspects": any
 * thread named like ours or Tyrus's, or running their code), file descriptors, sockets, established TCP connections
 * to a given remote port, loaded classes. {@code ?gc=true} runs a GC first; {@code ?port=N} counts connections to N.
 */
@WebServlet("/threads")
public class ProbeServlet extends HttpServlet {
    private static final long serialVersionUID = 1L;
    private static final Pattern SUSPECT_NAME = Pattern.compile("(?i).*(ws-connector|tyrus|grizzly).*");
    private static final Pattern TRAILING_NUMBER = Pattern.compile("[-#]?\\d+$");

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        if ("true".equals(request.getParameter("gc"))) {
            System.gc();
        }
        JsonArrayBuilder suspects = Json.createArrayBuilder();
        Map<String, Integer> byPrefix = new TreeMap<>();
        Map<Thread, StackTraceElement[]> threads = Thread.getAllStackTraces();
        for (Map.Entry<Thread, StackTraceElement[]> entry : threads.entrySet()) {
            String name = entry.getKey().getName();
            byPrefix.merge(TRAILING_NUMBER.matcher(name).replaceAll(""), 1, Integer::sum);
            String frame = ours(entry.getValue());
            if (SUSPECT_NAME.matcher(name).matches() || frame != null) {
                suspects.add(name + (frame == null ? "" : " at " + frame));
            }
        }
        JsonObjectBuilder prefixes = Json.createObjectBuilder();
        byPrefix.forEach(prefixes::add);
        JsonObjectBuilder json = Json.createObjectBuilder()
                .add("threads", threads.size())
                .add("threadsByName", prefixes)
                .add("suspects", suspects)
                .add("fds", count(Path.of("/proc/self/fd"), false))
                .add("socketFds", count(Path.of("/proc/self/fd"), true))
                .add("loadedClasses", ManagementFactory.getClassLoadingMXBean().getLoadedClassCount());
        if ("true".equals(request.getParameter("histogram"))) {
            addHeapFigures(json);
        }
        String port = request.getParameter("port");
        if (port != null) {
            json.add("establishedToPort", established(Integer.parseInt(port)));
        }
        response.setContentType("application/json");
        response.getWriter().write(json.build().toString());
    }

    /**
     * From a class histogram of live objects (a full GC first, like {@code jcmd GC.class_histogram}): how many module
     * class loaders are alive (an undeployed WAR whose loader stays alive is a leak), and which connector or Tyrus
     * classes still have live instances.
     */
    private static void addHeapFigures(JsonObjectBuilder json) {
        try {
            String histogram = (String) ManagementFactory.getPlatformMBeanServer().invoke(
                    new ObjectName("com.sun.management:type=DiagnosticCommand"), "gcClassHistogram",
                    new Object[]{new String[0]}, new String[]{String[].class.getName()});
            long loaders = 0;
            JsonArrayBuilder live = Json.createArrayBuilder();
            for (String line : histogram.split("\n")) {
                String[] fields = line.trim().split("\\s+");
                if (fields.length < 4) {
                    continue;
                }
                String type = fields[3];
                if (type.equals("org.jboss.modules.ModuleClassLoader")) {
                    loaders += Long.parseLong(fields[1]);
                } else if (type.startsWith("org.wsconnector.impl.") || type.startsWith("org.wsconnector.cdi.")
                        || type.startsWith("org.glassfish.tyrus.")) {
                    live.add(type + " x" + fields[1] + (fields.length > 4 ? " " + fields[4] : ""));
                }
            }
            json.add("moduleClassLoaders", loaders).add("liveConnectorTypes", live);
        } catch (Exception e) {
            json.add("heapError", e.toString());
        }
    }

    private static String ours(StackTraceElement[] stack) {
        for (StackTraceElement element : stack) {
            String type = element.getClassName();
            if ((type.startsWith("org.wsconnector.") && !type.startsWith("org.wsconnector.it."))
                    || type.startsWith("org.glassfish.tyrus.")) {
                return element.toString();
            }
        }
        return null;
    }

    private static int count(Path fdDirectory, boolean socketsOnly) throws IOException {
        int count = 0;
        try (Stream<Path> fds = Files.list(fdDirectory)) {
            for (Path fd : (Iterable<Path>) fds::iterator) {
                if (!socketsOnly) {
                    count++;
                    continue;
                }
                try {
                    if (Files.readSymbolicLink(fd).toString().startsWith("socket:")) {
                        count++;
                    }
                } catch (IOException closedMeanwhile) {
                    // the fd of the listing itself, or one closed while we looked
                }
            }
        }
        return count;
    }

    /** ESTABLISHED TCP connections (system-wide view of this network namespace) whose remote port is {@code port}. */
    private static int established(int port) throws IOException {
        String remote = ":" + String.format(Locale.ROOT, "%04X", port);
        int count = 0;
        for (String table : List.of("/proc/net/tcp", "/proc/net/tcp6")) {
            Path path = Path.of(table);
            if (!Files.exists(path)) {
                continue;
            }
            for (String line : Files.readAllLines(path)) {
                String[] fields = line.trim().split("\\s+");
                if (fields.length > 3 && fields[2].endsWith(remote) && "01".equals(fields[3])) {
                    count++;
                }
            }
        }
        return count;
    }
}
