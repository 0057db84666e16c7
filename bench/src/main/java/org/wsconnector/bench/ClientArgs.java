package org.wsconnector.bench;

import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import javax.net.ssl.SSLContext;

import org.wsconnector.testbed.SslContexts;

/**
 * The command line of a client JVM, as {@link Bench} writes it: client kind, echo URI, CA PEM file, CA PKCS12 trust
 * store, its password, and the CONNECT proxy as {@code host:port} or {@code -} for none.
 */
record ClientArgs(String kind, Target target) {
    /** Enough named clients for the idle connections and the measurements that follow on one driver. */
    private static final int CONNECTOR_CLIENTS = MessagesClient.IDLE_CONNECTIONS + 50;

    static List<String> format(String kind, URI uri, Path caPem, Path trustStore, String password, String proxy) {
        List<String> args = new ArrayList<>();
        args.add(kind);
        args.add(uri.toString());
        args.add(caPem.toString());
        args.add(trustStore.toString());
        args.add(password);
        args.add(proxy == null ? "-" : proxy);
        return args;
    }

    static ClientArgs parse(String[] args) {
        URI uri = URI.create(args[1]);
        SSLContext sslContext = "wss".equals(uri.getScheme())
                ? SslContexts.trusting(Path.of(args[3]), args[4].toCharArray()) : null;
        InetSocketAddress proxy = null;
        if (!"-".equals(args[5])) {
            int colon = args[5].lastIndexOf(':');
            proxy = new InetSocketAddress(args[5].substring(0, colon), Integer.parseInt(args[5].substring(colon + 1)));
        }
        return new ClientArgs(args[0], new Target(uri, args[2], sslContext, proxy));
    }

    /** A fresh client of this kind for this target. */
    Driver driver() throws Exception {
        return driver(kind, target, CONNECTOR_CLIENTS);
    }

    Driver driver(Target other) throws Exception {
        return driver(kind, other, CONNECTOR_CLIENTS);
    }

    /**
     * A fresh client of {@code kind}; the connector gets {@code connectorClients} named clients, since it holds one
     * connection per name.
     */
    static Driver driver(String kind, Target target, int connectorClients) throws Exception {
        return switch (kind) {
            case "connector" -> new ConnectorDriver(target, connectorClients);
            case "tyrus-grizzly" -> new TyrusGrizzlyDriver(target, false);
            case "tyrus-grizzly-shared" -> new TyrusGrizzlyDriver(target, true);
            case "tyrus-jdk" -> new TyrusJdkDriver(target);
            case "jdk-http" -> new JdkHttpDriver(target);
            case "jetty" -> new JettyDriver(target);
            case "okhttp" -> new OkHttpDriver(target);
            case "socket" -> new PlainSocketDriver(target);
            default -> throw new IllegalArgumentException("unknown client kind " + kind);
        };
    }
}
