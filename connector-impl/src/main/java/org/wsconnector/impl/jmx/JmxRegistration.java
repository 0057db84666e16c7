package org.wsconnector.impl.jmx;

import org.wsconnector.ManagedWebSocket;

import javax.management.InstanceAlreadyExistsException;
import javax.management.InstanceNotFoundException;
import javax.management.JMException;
import javax.management.MBeanServer;
import javax.management.ObjectName;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Registers a connector's view — one {@link WebSocketConnectorMXBean} and one {@link WebSocketClientMXBean} per
 * client — in the platform MBean server (in WildFly, the server's own, which its remote JMX serves), and
 * unregisters all of it in {@link #close()}. A view that cannot be registered never stops the application: one
 * WARNING says why. When another live connector holds the application's name (two containers in one JVM without a
 * server), this one registers as {@code <application>-2} (then -3, ...) and a WARNING says so.
 */
public final class JmxRegistration implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(JmxRegistration.class.getName());
    /** Bounds the search for a free application name: more live connectors than this is a leak, not a plan. */
    private static final int MAX_SUFFIX = 100;

    private final MBeanServer server;
    private final String application;
    private final List<ObjectName> registered = new ArrayList<>();

    private JmxRegistration(MBeanServer server, String application) {
        this.server = server;
        this.application = application;
    }

    /**
     * Registers the view of {@code clients} (the connector's clients as they are at each call) under
     * {@code application}; never throws for a registration that fails.
     */
    public static JmxRegistration register(String application, ClientDirectory clients) {
        MBeanServer server;
        try {
            server = ManagementFactory.getPlatformMBeanServer();
        } catch (RuntimeException | Error unavailable) { // a SecurityException, or a broken MBean server builder
            LOG.log(Level.WARNING, "no JMX view of the WebSocket clients: the platform MBean server is "
                    + "unavailable ({0})", unavailable.toString());
            return new JmxRegistration(null, application);
        }
        Optional<String> free = registerConnector(server, application, clients);
        if (free.isEmpty()) {
            return new JmxRegistration(null, application);
        }
        JmxRegistration registration = new JmxRegistration(server, free.get());
        registration.registered.add(JmxNames.connector(free.get()));
        for (ManagedWebSocket client : clients.clients()) {
            String name = client.name();
            registration.add(JmxNames.client(free.get(), name), new ClientView(name, () -> clients.client(name)));
        }
        return registration;
    }

    /** The application name the view was registered under: {@code application}, or it with a suffix. */
    public String application() {
        return application;
    }

    /** Whether anything is registered (false when the view is off, failed, or was closed). */
    public synchronized boolean isRegistered() {
        return !registered.isEmpty();
    }

    /** Unregisters every name registered; idempotent. */
    @Override
    public synchronized void close() {
        for (ObjectName name : registered) {
            try {
                server.unregisterMBean(name);
            } catch (InstanceNotFoundException alreadyGone) {
                // someone unregistered it: nothing of ours is left under that name
            } catch (JMException | RuntimeException failed) {
                LOG.log(Level.WARNING, "{0} could not be unregistered: {1}", new Object[]{name, failed.toString()});
            }
        }
        registered.clear();
    }

    /** Registers the connector's view under the first free application name; empty when none could be. */
    private static Optional<String> registerConnector(MBeanServer server, String application,
                                                      ClientDirectory clients) {
        for (int suffix = 1; suffix <= MAX_SUFFIX; suffix++) {
            String candidate = suffix == 1 ? application : application + "-" + suffix;
            try {
                server.registerMBean(new ConnectorView(candidate, clients), JmxNames.connector(candidate));
                if (suffix > 1) {
                    LOG.log(Level.WARNING, "another connector is registered in JMX as application ''{0}'': this one "
                            + "is ''{1}''", new Object[]{application, candidate});
                }
                return Optional.of(candidate);
            } catch (InstanceAlreadyExistsException taken) {
                // try the next suffix
            } catch (JMException | RuntimeException failed) {
                LOG.log(Level.WARNING, "no JMX view of the WebSocket clients: {0}", failed.toString());
                return Optional.empty();
            }
        }
        LOG.log(Level.WARNING, "no JMX view of the WebSocket clients: {0} connectors are registered as application "
                + "''{1}'' already (are connectors left unclosed?)", new Object[]{MAX_SUFFIX, application});
        return Optional.empty();
    }

    private synchronized void add(ObjectName name, ClientView view) {
        try {
            server.registerMBean(view, name);
            registered.add(name);
        } catch (JMException | RuntimeException failed) {
            LOG.log(Level.WARNING, "[{0}] no JMX view of this client: {1}", new Object[]{view.getName(),
                    failed.toString()});
        }
    }
}
