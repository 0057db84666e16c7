package org.wsconnector.cdi;

import org.wsconnector.ConnectionState;
import org.wsconnector.ConnectionStateChanged;

import java.util.List;
import java.util.Optional;

/**
 * One line that {@link StatePrinter} prints in a {@link WeldClusterMember} per state event, and how
 * {@link WeldClusterTest} reads it back from the member's output:
 * {@code STATE <qualifier> <client> <state>[ heldBy=<member>]}.
 *
 * @param qualifier the value of the event's {@code @WebSocketClient} qualifier, {@code -} when it had none
 * @param heldBy    the event's {@link ConnectionStateChanged#heldBy()}
 */
record StateLine(String qualifier, String client, ConnectionState state, Optional<String> heldBy) {
    private static final String PREFIX = "STATE ";
    private static final String HELD_BY = "heldBy=";

    static String format(String qualifier, ConnectionStateChanged change) {
        return PREFIX + qualifier + " " + change.client() + " " + change.current()
                + change.heldBy().map(member -> " " + HELD_BY + member).orElse("");
    }

    /** The state lines in a member's output, in order; its other lines (the log) are skipped. */
    static List<StateLine> in(String output) {
        return output.lines().filter(line -> line.startsWith(PREFIX)).map(StateLine::parse).toList();
    }

    private static StateLine parse(String line) {
        // The held-by text may have spaces ("(none: below the quorum)"): it is the rest of the line.
        String[] words = line.substring(PREFIX.length()).split(" ", 4);
        Optional<String> heldBy = words.length == 4 && words[3].startsWith(HELD_BY)
                ? Optional.of(words[3].substring(HELD_BY.length())) : Optional.empty();
        return new StateLine(words[0], words[1], ConnectionState.valueOf(words[2]), heldBy);
    }
}
