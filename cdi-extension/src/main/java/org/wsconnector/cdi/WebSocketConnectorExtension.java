package org.wsconnector.cdi;

import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Instance;
import jakarta.enterprise.inject.spi.AfterBeanDiscovery;
import jakarta.enterprise.inject.spi.AfterDeploymentValidation;
import jakarta.enterprise.inject.spi.BeanManager;
import jakarta.enterprise.inject.spi.BeforeBeanDiscovery;
import jakarta.enterprise.inject.spi.BeforeShutdown;
import jakarta.enterprise.inject.spi.DeploymentException;
import jakarta.enterprise.inject.spi.Extension;
import jakarta.enterprise.inject.spi.InjectionPoint;
import jakarta.enterprise.inject.spi.ObserverMethod;
import jakarta.enterprise.inject.spi.ProcessInjectionPoint;
import jakarta.enterprise.inject.spi.ProcessObserverMethod;
import org.wsconnector.BinaryMessage;
import org.wsconnector.ConfigProblem;
import org.wsconnector.ConfigurationException;
import org.wsconnector.ConnectionStateChanged;
import org.wsconnector.ManagedWebSocket;
import org.wsconnector.TextMessage;
import org.wsconnector.UndecodableMessage;
import org.wsconnector.WebSocketClient;
import org.wsconnector.impl.ConnectorConfiguration;
import org.wsconnector.impl.config.ClientKeys;
import org.wsconnector.impl.config.ClusterSettings;
import org.wsconnector.impl.config.ConfigProblems;

import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.util.List;
import java.util.Comparator;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.logging.Level;
import java.util.logging.Logger;

import static org.wsconnector.ConfigProblemCode.UNCONFIGURED_CLIENT;
import static org.wsconnector.ConfigProblemCode.UNQUALIFIED_INJECTION_POINT;

/**
 * The portable extension: collects the {@link ManagedWebSocket} injection points, reads and validates every
 * {@code websocket.client.*} key from MicroProfile Config, registers one bean per client name, and reports every
 * problem of the boot at once as a deployment problem, and — where the MicroProfile Health API is present — one
 * readiness check per client that wants one ({@link ReadinessChecks}). It also finds, from the observer methods,
 * which types other than the connector's own events are observed per client, and obtains the JSON-B codec for
 * them (a deployment problem when no JSON-B provider is present). Running the connections is
 * {@link ConnectorLifecycle}'s job.
 */
public class WebSocketConnectorExtension implements Extension {
    /** Named, not referred to: this class must load where the Health API is absent. */
    static final String HEALTH_CHECK_API = "org.eclipse.microprofile.health.HealthCheck";
    /** Named, not referred to: this class must load where Micrometer is absent. */
    static final String MICROMETER_API = "io.micrometer.core.instrument.MeterRegistry";
    /** Named, not referred to: this class must load where the OpenTelemetry API is absent. */
    static final String OPEN_TELEMETRY_API = "io.opentelemetry.api.OpenTelemetry";
    private static final Logger LOG = Logger.getLogger(WebSocketConnectorExtension.class.getName());
    /** The connector's own events: an observer of one of these, or of a supertype (Object, Record), is not typed. */
    private static final List<Class<?>> CONNECTOR_EVENTS = List.of(TextMessage.class, BinaryMessage.class,
            ConnectionStateChanged.class, UndecodableMessage.class);

    private final Map<String, String> injectedAt = new TreeMap<>();
    private final Map<String, Set<Class<?>>> observedTypes = new TreeMap<>();
    private ConnectorConfiguration configuration;
    private ClusterSettings cluster = ClusterSettings.none();
    private volatile ConnectorLifecycle lifecycle;
    private ConfigProblems problems;
    private JsonMessageCodec codec;

    /**
     * Reads the configuration before discovery, so that the readiness checks of its clients can be added as
     * annotated types (see {@link ReadinessChecks} for why not as synthetic beans).
     */
    void readConfiguration(@Observes BeforeBeanDiscovery event, BeanManager beanManager) {
        event.addAnnotatedType(ConnectorLifecycle.class, ConnectorLifecycle.class.getName());
        problems = new ConfigProblems();
        Map<String, String> unresolved = new TreeMap<>();
        Map<String, String> properties = MicroProfileConfiguration.readProperties(
                Thread.currentThread().getContextClassLoader(), unresolved);
        configuration = ConnectorConfiguration.read(properties, unresolved, problems);
        cluster = configuration.cluster(); // the cluster keys are read, and checked, with the rest
        if (healthApiPresent()) {
            ReadinessChecks.register(event, configuration.clients().values());
        }
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

    void collectObservedType(@Observes ProcessObserverMethod<?, ?> event) {
        ObserverMethod<?> observer = event.getObserverMethod();
        Optional<String> client = observer.getObservedQualifiers().stream().filter(WebSocketClient.class::isInstance)
                .map(qualifier -> ((WebSocketClient) qualifier).value()).findFirst();
        Class<?> type = rawClass(observer.getObservedType());
        if (client.isPresent() && type != null && CONNECTOR_EVENTS.stream().noneMatch(type::isAssignableFrom)) {
            observedTypes.computeIfAbsent(client.get(), name -> new TreeSet<>(
                    Comparator.comparing(Class::getName))).add(type);
        }
    }

    private static Class<?> rawClass(Type type) {
        if (type instanceof Class<?> plain) {
            return plain;
        }
        return type instanceof ParameterizedType parameterized && parameterized.getRawType() instanceof Class<?> raw
                ? raw : null;
    }

    void registerClients(@Observes AfterBeanDiscovery event) {
        // Register every configured name and every injected one: an unknown name then gets our clear message in
        // AfterDeploymentValidation instead of the container's generic "unsatisfied dependency".
        Set<String> names = new TreeSet<>(configuration.clients().keySet());
        names.addAll(injectedAt.keySet());
        for (String name : names) {
            event.addBean()
                    .beanClass(ManagedWebSocket.class)
                    .types(ManagedWebSocket.class, Object.class)
                    .qualifiers(WebSocketClient.Literal.of(name))
                    .produceWith(instances -> lifecycle(instances).connection(name));
        }
    }

    /**
     * Whether the MicroProfile Health API is visible to the connector (WildFly's MicroProfile configurations,
     * Payara). Only then is {@link ReadinessChecks} loaded: the API is an optional dependency, absent in plain SE.
     */
    static boolean healthApiPresent() {
        return visible(HEALTH_CHECK_API);
    }

    /**
     * Whether Micrometer is visible to the connector (WildFly with its micrometer subsystem, an SE application that
     * adds it). Only then is {@link MicrometerMetrics} loaded: the API is an optional dependency.
     */
    static boolean micrometerPresent() {
        return visible(MICROMETER_API);
    }

    /**
     * Whether the OpenTelemetry API is visible to the connector (WildFly's and Payara's MicroProfile Telemetry, an SE
     * application that adds it). Only then is {@link OpenTelemetryMetrics} loaded: the API is an optional dependency.
     */
    static boolean openTelemetryPresent() {
        return visible(OPEN_TELEMETRY_API);
    }

    private static boolean visible(String className) {
        try {
            Class.forName(className, false, WebSocketConnectorExtension.class.getClassLoader());
            return true;
        } catch (ClassNotFoundException | LinkageError absent) {
            return false;
        }
    }

    /**
     * The running lifecycle, as it announced itself when it started; looked up only when a client is injected before
     * that. Payara resolves a synthetic bean's {@code Instance} from a bean archive that cannot see the lifecycle
     * once this jar is a bean archive of its own (WELD-001334), which it must be for WildFly's Health to see the
     * readiness checks.
     */
    private ConnectorLifecycle lifecycle(Instance<Object> instances) {
        ConnectorLifecycle started = lifecycle;
        return started != null ? started : instances.select(ConnectorLifecycle.class).get();
    }

    /** Called by the lifecycle when it starts the connector, and with null when it stops it. */
    void lifecycle(ConnectorLifecycle running) {
        lifecycle = running;
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
        obtainCodec(event);
    }

    /** JSON-B is optional: only typed observers need it; without any, sendObject reports its absence when used. */
    private void obtainCodec(AfterDeploymentValidation event) {
        try {
            codec = JsonMessageCodec.create(observedTypes);
        } catch (RuntimeException | LinkageError noJsonb) { // no provider; NoClassDefFoundError without the API
            if (observedTypes.isEmpty()) {
                LOG.log(Level.FINE, "no JSON-B: sendObject will fail, no typed observers need it", noJsonb);
                return;
            }
            event.addDeploymentProblem(new DeploymentException("ws-connector: observers of " + observedTypes
                    + " (per client) receive text messages decoded with JSON-B, but no JSON-B provider was found ("
                    + (noJsonb.getCause() != null ? noJsonb.getCause() : noJsonb)
                    + "). A Jakarta EE server provides JSON-B; in Java SE add a provider to the runtime"
                    + " class path, e.g. org.eclipse:yasson 3.x (which also brings the jakarta.json.bind-api)",
                    noJsonb));
        }
    }

    void closeCodec(@Observes BeforeShutdown event) {
        if (codec != null) {
            try {
                codec.close();
            } catch (Exception closing) {
                LOG.log(Level.FINE, "closing the JSON-B instance failed", closing);
            }
            codec = null;
        }
    }

    /** The JSON-B codec for typed observers and sendObject; null when no JSON-B provider is present. */
    JsonMessageCodec codec() {
        return codec;
    }

    /** The cluster settings read at boot (README "Cluster"); without one-member clients, no cluster. */
    ClusterSettings cluster() {
        return cluster;
    }

    /** The validated configuration read at boot; available from the start of discovery. */
    ConnectorConfiguration configuration() {
        return configuration;
    }

    private static String describe(InjectionPoint point) {
        return point.getMember() == null ? String.valueOf(point)
                : point.getMember().getDeclaringClass().getName() + "." + point.getMember().getName();
    }
}
