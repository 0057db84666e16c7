package org.wsconnector.bench;

import java.net.URI;

/**
 * Time to OPEN, in a JVM of its own, for one client kind: sequential opens over ws, wss, and wss through the CONNECT
 * proxy (TCP connect, proxy tunnel, TLS handshake, upgrade, until the client reports the session open). Each target
 * gets a fresh client that then opens again and again, each connection closed (and the close awaited, untimed)
 * before the next open: what a reconnect costs. For the connector that is one named client reopening, as it does
 * after a lost connection; every other client opens a new connection on the same client object. Either way the
 * client keeps one TLS context, so from the second open on it may resume the TLS session. {@link #WARMUP} opens are
 * discarded, then {@link #OPENS} are timed.
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
        try (Driver driver = client.driver(target)) {
            for (int i = 0; i < WARMUP + OPENS; i++) {
                long start = System.nanoTime();
                Driver.Connection connection = driver.open(text -> { });
                long elapsed = System.nanoTime() - start;
                connection.close();
                if (i >= WARMUP) {
                    times[i - WARMUP] = elapsed;
                }
            }
        }
        return Stats.percentile(Stats.sorted(times, OPENS), 0.50) / 1e6;
    }
}
