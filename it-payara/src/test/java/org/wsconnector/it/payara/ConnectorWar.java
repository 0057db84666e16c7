package org.wsconnector.it.payara;

import org.jboss.shrinkwrap.api.Archive;
import org.jboss.shrinkwrap.api.ShrinkWrap;
import org.jboss.shrinkwrap.api.asset.StringAsset;
import org.jboss.shrinkwrap.api.importer.ExplodedImporter;
import org.jboss.shrinkwrap.api.spec.JavaArchive;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.wsconnector.WebSocketClient;
import org.wsconnector.cdi.WebSocketConnectorExtension;
import org.wsconnector.impl.WebSocketConnector;

import java.io.File;
import java.net.URISyntaxException;

/**
 * A WAR packaged as the README says: the connector's three jars and Tyrus's standalone client in {@code WEB-INF/lib},
 * a {@code beans.xml} with annotated discovery, and the given configuration as the WAR's own
 * {@code microprofile-config.properties}. Each test adds its own classes.
 */
final class ConnectorWar {
    private ConnectorWar() {
    }

    static WebArchive of(String name, String configuration) {
        return ShrinkWrap.create(WebArchive.class, name + ".war")
                .addAsLibraries(libraryOf(WebSocketClient.class), libraryOf(WebSocketConnector.class),
                        libraryOf(WebSocketConnectorExtension.class),
                        libraryOf(org.glassfish.tyrus.container.jdk.client.JdkClientContainer.class))
                .addAsResource(new StringAsset(configuration), "META-INF/microprofile-config.properties")
                .addAsWebInfResource(new StringAsset("""
                        <beans xmlns="https://jakarta.ee/xml/ns/jakartaee" version="4.0"
                               bean-discovery-mode="annotated"/>
                        """), "beans.xml");
    }

    /**
     * The jar a class was loaded from, as the reactor built it: a packaged jar, or target/classes when only compiled
     * (then imported as a jar of that name). The project's own modules are never installed, so never resolved.
     */
    private static Archive<?> libraryOf(Class<?> type) {
        File location;
        try {
            location = new File(type.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
        if (location.isDirectory()) {
            return ShrinkWrap.create(ExplodedImporter.class, type.getSimpleName() + ".jar").importDirectory(location)
                    .as(JavaArchive.class);
        }
        return ShrinkWrap.createFromZipFile(JavaArchive.class, location);
    }
}
