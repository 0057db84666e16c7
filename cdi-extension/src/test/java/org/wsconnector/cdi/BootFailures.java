package org.wsconnector.cdi;

import org.wsconnector.ConfigurationException;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

/** What a failed boot leaves: the one {@link ConfigurationException} it carries, and the connector's threads. */
final class BootFailures {
    private BootFailures() {
    }

    /**
     * The one {@link ConfigurationException} a failed boot carries, as a cause or — for a list of definition
     * errors — as a suppressed exception of what the container throws.
     */
    static ConfigurationException configurationFailure(Map<String, String> properties, Class<?>... beans) {
        Throwable failure = catchThrowable(() -> WeldBoot.start(properties, beans).close());
        List<ConfigurationException> found = new ArrayList<>();
        collect(failure, found);
        assertThat(found).as("ConfigurationExceptions in %s", failure).hasSize(1);
        return found.get(0);
    }

    private static void collect(Throwable failure, List<ConfigurationException> found) {
        if (failure instanceof ConfigurationException configuration) {
            found.add(configuration);
        } else if (failure != null) {
            collect(failure.getCause(), found);
            for (Throwable suppressed : failure.getSuppressed()) {
                collect(suppressed, found);
            }
        }
    }

    /** The names of the live threads the connector or Tyrus started. */
    static Set<String> connectorThreads() {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(Thread::isAlive)
                .map(Thread::getName)
                .filter(name -> name.startsWith("ws-connector") || name.trim().startsWith("tyrus"))
                .collect(Collectors.toSet());
    }
}
