package org.wsconnector.bench;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;

/**
 * Time to OPEN, in a JVM of its own, for one client kind: sequential opens over ws, wss, and wss through the CONNECT
 * proxy (TCP connect, proxy tunnel, TLS handshake, upgrade, until the client reports the session open). Each target
 * gets a fresh client; {@link #WARMUP} opens are discarded, then {@link #OPENS} are timed and left open until the
 * target is done (so no close overlaps an open).
 *
 * <p>Arguments: as {@link ClientArgs}, with the ws URI; the wss URI comes as a seventh argument.
 */
public final class ConnectClient {
    static final int WARMUP = 10;
    static final int OPENS = 30;

    private ConnectClient() {
    }

    public static void main(String[] args) throws Exception {
        ClientArgs ws = ClientArgs.parse(args);
        URI wss = URI.create(args[6]);
        Target direct = new Target(ws.target().uri(), null, null, null);
        ClientArgs wssArgs = ClientArgs.parse(new String[] {args[0], wss.toString(), args[2], args[3], args[4], "-"});
        Target tls = wssArgs.target();
        Target tunnelled = new Target(wss, tls.caPemFile(), tls.sslContext(), ws.target().proxy());
        ChildResult result = new ChildResult()
                .put("wsMs", p50OpenMillis(ws, direct))
                .put("wssMs", p50OpenMillis(ws, tls))
                .put("wssProxyMs", p50OpenMillis(ws, tunnelled));
        result.print();
        System.exit(0);
    }

    private static double p50OpenMillis(ClientArgs client, Target target) throws Exception {
        long[] times = new long[OPENS];
        List<Driver.Connection> open = new ArrayList<>();
        try (Driver driver = client.driver(target)) {
            for (int i = 0; i < WARMUP + OPENS; i++) {
                long start = System.nanoTime();
                Driver.Connection connection = driver.open(text -> { });
                long elapsed = System.nanoTime() - start;
                open.add(connection);
                if (i >= WARMUP) {
                    times[i - WARMUP] = elapsed;
                }
            }
            open.forEach(Driver.Connection::close);
        }
        return Stats.percentile(Stats.sorted(times, OPENS), 0.50) / 1e6;
    }
}
