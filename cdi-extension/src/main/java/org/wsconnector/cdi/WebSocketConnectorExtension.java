package org.wsconnector.cdi;

import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.spi.AfterBeanDiscovery;
import jakarta.enterprise.inject.spi.AfterDeploymentValidation;
import jakarta.enterprise.inject.spi.BeanManager;
import jakarta.enterprise.inject.spi.BeforeBeanDiscovery;
import jakarta.enterprise.inject.spi.Extension;
import jakarta.enterprise.inject.spi.InjectionPoint;
import jakarta.enterprise.inject.spi.ProcessInjectionPoint;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.ConfigProvider;
import org.wsconnector.ConfigProblem;
import org.wsconnector.ConfigurationException;
import org.wsconnector.ManagedWebSocket;
import org.wsconnector.WebSocketClient;
import org.wsconnector.impl.ConnectorConfiguration;
import org.wsconnector.impl.config.ClientKeys;
import org.wsconnector.impl.config.ConfigProblems;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

import static org.wsconnector.ConfigProblemCode.UNCONFIGURED_CLIENT;
import static org.wsconnector.ConfigProblemCode.UNQUALIFIED_INJECTION_POINT;
import static org.wsconnector.ConfigProblemCode.UNRESOLVABLE_VALUE;

/**
 * The portable extension: collects the {@link ManagedWebSocket} injection points, reads and validates every
 * {@code websocket.client.*} key from MicroProfile Config, registers one bean per client name, and reports every
 * problem of the boot at once as a deployment problem. Running the connections is {@link ConnectorLifecycle}'s job.
 */
public class WebSocketConnectorExtension implements Extension {
    private final Map<String, String> injectedAt = new TreeMap<>();
    private ConnectorConfiguration configuration;
    private ConfigProblems problems;

    void addLifecycleBean(@Observes BeforeBeanDiscovery event, BeanManager beanManager) {
        event.addAnnotatedType(ConnectorLifecycle.class, ConnectorLifecycle.class.getName());
    }

    void collectInjectionPoint(@Observes ProcessInjectionPoint<?, ManagedWebSocket> event) {
        InjectionPoint point = event.getInjectionPoint();
        WebSocketClient client = point.getQualifiers().stream()
                .filter(WebSocketClient.class::isInstance).map(WebSocketClient.class::cast).findFirst().orElse(null);
        if (client == null) {
            event.addDefinitionError(new ConfigurationException(List.of(new ConfigProblem(UNQUALIFIED_INJECTION_POINT,
                    Optional.empty(), Optional.empty(), "injection point " + describe(point)
                    + " needs @WebSocketClient(\"<name>\") to say which configured client it wants"))));
            return;
        }
        injectedAt.putIfAbsent(client.value(), describe(point));
    }

    void registerClients(@Observes AfterBeanDiscovery event) {
        problems = new ConfigProblems();
        configuration = ConnectorConfiguration.read(readProperties(problems), problems);
        // Register every configured name and every injected one: an unknown name then gets our clear message in
        // AfterDeploymentValidation instead of the container's generic "unsatisfied dependency".
        Set<String> names = new TreeSet<>(configuration.clients().keySet());
        names.addAll(injectedAt.keySet());
        for (String name : names) {
            event.addBean()
                    .beanClass(ManagedWebSocket.class)
                    .types(ManagedWebSocket.class, Object.class)
                    .qualifiers(WebSocketClient.Literal.of(name))
                    .produceWith(instances -> instances.select(ConnectorLifecycle.class).get().connection(name));
        }
    }

    void reportProblems(@Observes AfterDeploymentValidation event) {
        injectedAt.forEach((name, point) -> {
            // A client with problems of its own is not "unconfigured": those problems already say what to fix.
            if (!configuration.clients().containsKey(name) && !problems.concern(name)) {
                String uriKey = ClientKeys.fullKey(name, "uri");
                problems.add(new ConfigProblem(UNCONFIGURED_CLIENT, Optional.of(name), Optional.of(uriKey),
                        "client '" + name + "' is injected at " + point + " but not configured: no key " + uriKey
                                + "; configured clients: " + configuration.clients().keySet()));
            }
        });
        if (!problems.isEmpty()) {
            event.addDeploymentProblem(new ConfigurationException(problems.problems()));
        }
    }

    /** The validated configuration; available once beans are discovered. */
    ConnectorConfiguration configuration() {
        return configuration;
    }

    private static Map<String, String> readProperties(ConfigProblems problems) {
        Config config = ConfigProvider.getConfig(Thread.currentThread().getContextClassLoader());
        Map<String, String> properties = new TreeMap<>();
        for (String key : config.getPropertyNames()) {
            if (!key.startsWith(ClientKeys.PREFIX)) {
                continue;
            }
            try {
                config.getOptionalValue(key, String.class).ifPresent(value -> properties.put(key, value));
            } catch (RuntimeException unresolvable) {
                // e.g. ${PROXY_PASSWORD} with no such variable; the message names the expression, never a value
                problems.add(new ConfigProblem(UNRESOLVABLE_VALUE, ClientKeys.clientOf(key), Optional.of(key),
                        "key " + key + ": value cannot be resolved (" + unresolvable.getMessage()
                                + "); allowed: a literal or an expression that resolves, e.g. ${ENV_VAR}"));
            }
        }
        return properties;
    }

    private static String describe(InjectionPoint point) {
        return point.getMember() == null ? String.valueOf(point)
                : point.getMember().getDeclaringClass().getName() + "." + point.getMember().getName();
    }
}
