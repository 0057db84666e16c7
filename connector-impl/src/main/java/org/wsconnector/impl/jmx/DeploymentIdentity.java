package org.wsconnector.impl.jmx;

import javax.naming.InitialContext;
import javax.naming.NamingException;
import java.util.Optional;

/**
 * Which application a connector belongs to, for the {@code application} key of its object names: in a Jakarta EE
 * server the standard {@code java:app/AppName} — with {@code /java:module/ModuleName} appended when the module is
 * one of several in an EAR — looked up on the deploying thread; elsewhere {@value #OUTSIDE_A_SERVER}.
 */
public final class DeploymentIdentity {
    public static final String OUTSIDE_A_SERVER = "default";

    private DeploymentIdentity() {
    }

    /** The identity of the application whose naming context the calling thread has. */
    public static String current() {
        return fromNaming().orElse(OUTSIDE_A_SERVER);
    }

    private static Optional<String> fromNaming() {
        try {
            InitialContext naming = new InitialContext();
            try {
                String application = (String) naming.lookup("java:app/AppName");
                return Optional.of(moduleName(naming).filter(module -> !module.equals(application))
                        .map(module -> application + "/" + module).orElse(application));
            } finally {
                naming.close();
            }
        } catch (NamingException | RuntimeException | LinkageError noServer) {
            // SE: no initial context (or one without java:app); the default identity applies.
            return Optional.empty();
        }
    }

    /**
     * The module's name, where the thread can look it up. Payara starts a WAR's application scope on an admin thread
     * on which, from the connector's jar in {@code WEB-INF/lib}, {@code java:app} resolves and {@code java:module}
     * does not ("Could not resolve java:module/ModuleName"); the application's name alone then names the WAR, whose
     * module name is the same.
     */
    private static Optional<String> moduleName(InitialContext naming) {
        try {
            return Optional.of((String) naming.lookup("java:module/ModuleName"));
        } catch (NamingException | RuntimeException unresolved) {
            return Optional.empty();
        }
    }
}
