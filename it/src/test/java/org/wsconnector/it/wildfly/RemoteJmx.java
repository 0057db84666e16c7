package org.wsconnector.it.wildfly;

import javax.management.MBeanServerConnection;
import javax.management.remote.JMXConnector;
import javax.management.remote.JMXConnectorFactory;
import javax.management.remote.JMXServiceURL;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * WildFly's JMX as an operator reaches it with jconsole: {@code service:jmx:remote+http://127.0.0.1:<management
 * port>} through the server's own {@code bin/client/jboss-cli-client.jar} (what {@code bin/jconsole.sh} puts on
 * jconsole's class path), loaded apart from the test's class path, which holds other JBoss client versions. No
 * credentials: a client on the server's host authenticates as the local user (JBOSS-LOCAL-USER), as jconsole does.
 */
final class RemoteJmx implements AutoCloseable {
    static final String URL = "service:jmx:remote+http://127.0.0.1:"
            + Integer.getInteger("wildfly.management.port", 10090);

    private final URLClassLoader clientJar;
    private final JMXConnector connector;

    private RemoteJmx(URLClassLoader clientJar, JMXConnector connector) {
        this.clientJar = clientJar;
        this.connector = connector;
    }

    static RemoteJmx connect() throws IOException {
        Path jar = WildFlyFixture.JBOSS_HOME.resolve("bin/client/jboss-cli-client.jar");
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException("no " + jar + ": the build unpacks WildFly into target/ (mvn -pl it)");
        }
        URLClassLoader loader = new URLClassLoader(new URL[]{url(jar)}, ClassLoader.getPlatformClassLoader());
        Thread thread = Thread.currentThread();
        ClassLoader previous = thread.getContextClassLoader();
        thread.setContextClassLoader(loader);
        try {
            JMXConnector connector = JMXConnectorFactory.connect(new JMXServiceURL(URL),
                    Map.of(JMXConnectorFactory.PROTOCOL_PROVIDER_CLASS_LOADER, loader));
            return new RemoteJmx(loader, connector);
        } catch (IOException | RuntimeException failed) {
            loader.close();
            throw failed;
        } finally {
            thread.setContextClassLoader(previous);
        }
    }

    MBeanServerConnection server() {
        try {
            return connector.getMBeanServerConnection();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() throws IOException {
        try {
            connector.close();
        } finally {
            clientJar.close();
        }
    }

    private static URL url(Path jar) {
        try {
            return jar.toUri().toURL();
        } catch (MalformedURLException e) {
            throw new IllegalArgumentException(e);
        }
    }
}
