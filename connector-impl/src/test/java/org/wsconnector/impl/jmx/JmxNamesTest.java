package org.wsconnector.impl.jmx;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import javax.management.ObjectName;
import javax.naming.Context;
import javax.naming.NameNotFoundException;
import javax.naming.spi.InitialContextFactory;
import java.lang.reflect.Proxy;
import java.util.Hashtable;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The documented object names, quoted only when needed, and the application identity taken from the deployment's
 * standard {@code java:app} and {@code java:module} names (served here by a naming context of the test's own: no
 * Jakarta EE server runs in a unit test).
 */
class JmxNamesTest {
    /** The names the test's naming context serves; empty: no java:app at all, as in SE. */
    static volatile Map<String, String> names = Map.of();

    /** Named by {@link Context#INITIAL_CONTEXT_FACTORY} in the tests that want a server's naming. */
    public static final class ServerNaming implements InitialContextFactory {
        @Override
        public Context getInitialContext(Hashtable<?, ?> environment) {
            return (Context) Proxy.newProxyInstance(Context.class.getClassLoader(), new Class<?>[]{Context.class},
                    (proxy, method, arguments) -> switch (method.getName()) {
                        case "lookup" -> {
                            String value = names.get(String.valueOf(arguments[0]));
                            if (value == null) {
                                throw new NameNotFoundException(String.valueOf(arguments[0]));
                            }
                            yield value;
                        }
                        case "close" -> null;
                        default -> throw new UnsupportedOperationException(method.getName());
                    });
        }
    }

    @AfterEach
    void noServerNaming() {
        System.clearProperty(Context.INITIAL_CONTEXT_FACTORY);
        names = Map.of();
    }

    @Test
    void theDocumentedNamesWithValuesQuotedOnlyWhenTheyMustBe() throws Exception {
        assertThat(JmxNames.client("billing", "ari"))
                .isEqualTo(new ObjectName("org.wsconnector:type=Client,application=billing,name=ari"));
        assertThat(JmxNames.connector("shop/shop-web").getKeyPropertyListString())
                .isEqualTo("type=Connector,application=shop/shop-web");
        ObjectName odd = JmxNames.connector("a,b=c:\"d\"*?");
        assertThat(ObjectName.unquote(odd.getKeyProperty("application"))).isEqualTo("a,b=c:\"d\"*?");
        assertThat(ObjectName.unquote(JmxNames.connector(" padded").getKeyProperty("application")))
                .isEqualTo(" padded");
        assertThat(JmxNames.clientsOf("billing").apply(JmxNames.client("billing", "ari"))).isTrue();
        assertThat(JmxNames.clientsOf("billing").apply(JmxNames.client("billing-2", "ari"))).isFalse();
    }

    @Test
    void outsideAServerTheApplicationIsDefault() {
        assertThat(DeploymentIdentity.current()).isEqualTo(DeploymentIdentity.OUTSIDE_A_SERVER);
        System.setProperty(Context.INITIAL_CONTEXT_FACTORY, ServerNaming.class.getName());
        assertThat(DeploymentIdentity.current()).as("a naming context without java:app").isEqualTo("default");
    }

    @Test
    void inAServerTheApplicationIsTheDeploymentsAppNameAndModuleNameWhenTheyDiffer() {
        System.setProperty(Context.INITIAL_CONTEXT_FACTORY, ServerNaming.class.getName());
        names = Map.of("java:app/AppName", "billing", "java:module/ModuleName", "billing");
        assertThat(DeploymentIdentity.current()).isEqualTo("billing");
        names = Map.of("java:app/AppName", "shop", "java:module/ModuleName", "shop-web");
        assertThat(DeploymentIdentity.current()).isEqualTo("shop/shop-web");
    }

    @Test
    void whereOnlyJavaAppResolvesAsOnPayarasAdminThreadTheApplicationNameAloneIsTheIdentity() {
        System.setProperty(Context.INITIAL_CONTEXT_FACTORY, ServerNaming.class.getName());
        names = Map.of("java:app/AppName", "operated");
        assertThat(DeploymentIdentity.current()).isEqualTo("operated");
    }
}
