package org.wsconnector;

import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * The configuration of one or more clients is invalid: thrown once per boot (as a deployment problem under CDI) with
 * every problem found. {@link #problems()} gives each one structured — code, client, key — so code never has to
 * read the text; {@link #getMessage()} lists them all, one line each, e.g.
 * {@code WSCFG0101: client 'ari', key websocket.client.ari.connection-timeout, value '10': a bare number has no unit
 * …; allowed: …}. Secrets are never part of it.
 *
 * <p>{@link #client()} is the client when every problem concerns the same one, and "" otherwise; {@link #clients()}
 * lists all of them. Immutable, so safe to share between threads.
 */
public class ConfigurationException extends WebSocketConnectorException {
    private static final long serialVersionUID = 1L;
    private final List<ConfigProblem> problems;

    /** @param problems at least one, in the order they are to be reported */
    public ConfigurationException(List<ConfigProblem> problems) {
        super(onlyClient(problems), message(problems));
        this.problems = List.copyOf(problems);
    }

    /** Every problem, in the order reported; immutable. */
    public List<ConfigProblem> problems() {
        return problems;
    }

    /** Every client named by a problem, in name order. */
    public SortedSet<String> clients() {
        return Collections.unmodifiableSortedSet(problems.stream().flatMap(problem -> problem.client().stream())
                .collect(Collectors.toCollection(TreeSet::new)));
    }

    private static String message(List<ConfigProblem> problems) {
        if (problems.isEmpty()) {
            throw new IllegalArgumentException("a ConfigurationException needs at least one problem");
        }
        return problems.size() + " ws-connector configuration problem(s):\n  - "
                + problems.stream().map(ConfigProblem::line).collect(Collectors.joining("\n  - "));
    }

    private static Optional<String> onlyClient(List<ConfigProblem> problems) {
        List<Optional<String>> clients = problems.stream().map(ConfigProblem::client).distinct().toList();
        return clients.size() == 1 ? clients.get(0) : Optional.empty();
    }
}
