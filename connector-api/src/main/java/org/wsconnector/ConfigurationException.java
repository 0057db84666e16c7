package org.wsconnector;

import java.util.List;
import java.util.stream.Collectors;

/**
 * The configuration of one or more clients is invalid. Lists every problem found, each naming the client, the key,
 * the value (secrets masked) and what is allowed.
 */
public class ConfigurationException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final List<String> problems;

    public ConfigurationException(List<String> problems) {
        super(problems.size() + " ws-connector configuration problem(s):\n  - "
                + problems.stream().collect(Collectors.joining("\n  - ")));
        this.problems = List.copyOf(problems);
    }

    public List<String> problems() {
        return problems;
    }
}
