package org.wsconnector;

import java.util.List;

/**
 * What a live reload of the configuration did, client by client (names in name order). Clients whose configuration
 * did not change were not touched: their connection stays open and they see no state event.
 *
 * @param added       configured now and not before: a persistent one is opening, an on-demand one waits for its
 *                    first {@code open()}
 * @param removed     no longer configured: closed with 1000 (normal closure); a reference still held is CLOSED for
 *                    good ({@code open()} fails saying the client was removed, sends fail as when closed)
 * @param reconnected    configured differently in a key the connection depends on: the new configuration is in
 *                       use, and a connection that was open or being opened was closed with 1000 and opened again
 *                       with it (a client the application had closed stays closed and opens with it next time)
 * @param changedInPlace configured differently only in keys the connection never sees ({@code health.readiness},
 *                       {@code delivery.*}): the new values are in use, the connection was not touched
 * @param unchanged      configured exactly as before: untouched
 */
public record ReloadReport(List<String> added, List<String> removed, List<String> reconnected,
                           List<String> changedInPlace, List<String> unchanged) {

    public ReloadReport {
        added = List.copyOf(added);
        removed = List.copyOf(removed);
        reconnected = List.copyOf(reconnected);
        changedInPlace = List.copyOf(changedInPlace);
        unchanged = List.copyOf(unchanged);
    }

    /** Whether the reload changed anything at all. */
    public boolean changedAnything() {
        return !added.isEmpty() || !removed.isEmpty() || !reconnected.isEmpty() || !changedInPlace.isEmpty();
    }

    /**
     * One line for logs and operator views:
     * {@code added [b], removed [c], reconnected [a], changed in place [e], unchanged [d]}.
     */
    @Override
    public String toString() {
        return "added " + added + ", removed " + removed + ", reconnected " + reconnected + ", changed in place "
                + changedInPlace + ", unchanged " + unchanged;
    }
}
