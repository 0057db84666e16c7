package org.wsconnector.impl.jmx;

import javax.management.InstanceAlreadyExistsException;
import javax.management.InstanceNotFoundException;
import javax.management.JMException;
import javax.management.MBeanServer;
import javax.management.ObjectName;
import java.lang.management.ManagementFactory;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Registers a connector's view in the platform MBean server (in WildFly, the server's own, which its remote JMX
 * serves): one {@link WebSocketConnectorMXBean} from {@link #register} on, and one {@link WebSocketClientMXBean} per
 * client from {@link #clientAdded} to {@link #clientRemoved}; {@link #close()} unregisters all of it. A view that
 * cannot be registered never stops the application: one WARNING says why. When another live connector holds the
 * application's name (two containers in one JVM without a server), this one registers as {@code <application>-2}
 * (then -3, ...) and a WARNING says so. Thread safe.
 */
public final class JmxRegistration implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(JmxRegistration.class.getName());
    /** Bounds the search for a free application name: more live connectors than this is a leak, not a plan. */
    private static final int MAX_SUFFIX = 100;

    private final MBeanServer server; // null: nothing could be registered
    private final String application;
    private final ClientDirectory clients;
    private final ObjectName connector; // null: nothing could be registered
    /** The client views registered, by client name; guarded by this. */
    private final Map<String, ObjectName> registeredClients = new LinkedHashMap<>();
    private boolean closed; // guarded by this

    private JmxRegistration(MBeanServer server, String application, ClientDirectory clients, ObjectName connector) {
        this.server = server;
        this.application = application;
        this.clients = clients;
        this.connector = connector;
    }

    /**
     * Registers the connector's view of {@code clients} (the connector's clients as they are at each call) under
     * {@code application}; never throws for a registration that fails.
     *
     * @param reload the connector's reload, for the view's {@code reload} operation; null when it has none
     */
    public static JmxRegistration register(String application, ClientDirectory clients, ReloadAction reload) {
        MBeanServer server;
        try {
            server = ManagementFactory.getPlatformMBeanServer();
        } catch (RuntimeException | Error unavailable) { // a SecurityException, or a broken MBean server builder
            LOG.log(Level.WARNING, "no JMX view of the WebSocket clients: the platform MBean server is "
                    + "unavailable ({0})", unavailable.toString());
            return new JmxRegistration(null, application, clients, null);
        }
        for (int suffix = 1; suffix <= MAX_SUFFIX; suffix++) {
            String candidate = suffix == 1 ? application : application + "-" + suffix;
            ObjectName name = JmxNames.connector(candidate);
            try {
                server.registerMBean(new ConnectorView(candidate, clients, reload), name);
                if (suffix > 1) {
                    LOG.log(Level.WARNING, "another connector is registered in JMX as application ''{0}'': this one "
                            + "is ''{1}''", new Object[]{application, candidate});
                }
                return new JmxRegistration(server, candidate, clients, name);
            } catch (InstanceAlreadyExistsException taken) {
                // try the next suffix
            } catch (JMException | RuntimeException failed) {
                LOG.log(Level.WARNING, "no JMX view of the WebSocket clients: {0}", failed.toString());
                return new JmxRegistration(null, application, clients, null);
            }
        }
        LOG.log(Level.WARNING, "no JMX view of the WebSocket clients: {0} connectors are registered as application "
                + "''{1}'' already (are connectors left unclosed?)", new Object[]{MAX_SUFFIX, application});
        return new JmxRegistration(null, application, clients, null);
    }

    /** The application name the view was registered under: {@code application}, or it with a suffix. */
    public String application() {
        return application;
    }

    /** Registers the view of the client {@code name}, which the directory now holds. */
    public synchronized void clientAdded(String name) {
        if (server == null || closed || registeredClients.containsKey(name)) {
            return;
        }
        ObjectName objectName = JmxNames.client(application, name);
        try {
            server.registerMBean(new ClientView(name, () -> clients.client(name)), objectName);
            registeredClients.put(name, objectName);
        } catch (JMException | RuntimeException failed) {
            LOG.log(Level.WARNING, "[{0}] no JMX view of this client: {1}", new Object[]{name, failed.toString()});
        }
    }

    /** Unregisters the view of the client {@code name}: it is no longer configured. */
    public synchronized void clientRemoved(String name) {
        ObjectName objectName = registeredClients.remove(name);
        if (objectName != null) {
            unregister(objectName);
        }
    }

    /** Unregisters every name registered; idempotent. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        registeredClients.values().forEach(this::unregister);
        registeredClients.clear();
        Optional.ofNullable(connector).ifPresent(this::unregister);
    }

    private void unregister(ObjectName name) {
        try {
            server.unregisterMBean(name);
        } catch (InstanceNotFoundException alreadyGone) {
            // someone unregistered it: nothing of ours is left under that name
        } catch (JMException | RuntimeException failed) {
            LOG.log(Level.WARNING, "{0} could not be unregistered: {1}", new Object[]{name, failed.toString()});
        }
    }
}
