package org.wsconnector.impl.jgroups;

import org.wsconnector.impl.config.ClusterSettings;

import java.time.Duration;
import java.util.stream.Collectors;

/**
 * The protocol stack: TCP with a static member list (TCPPING), no multicast, tuned to notice a dead member within
 * seconds (README "Cluster", failure detection). The values in it were validated by {@code ClusterSection} (names,
 * hosts and numbers only), so none can break out of its attribute.
 */
final class JGroupsStack {
    /** A killed member's sockets close: FD_SOCK2 suspects it at once, VERIFY_SUSPECT2 confirms within this. */
    static final String VERIFY_SUSPECT_TIMEOUT = "1s";
    /** A member that stops answering with its sockets open (SIGSTOP, a long GC pause) is suspected after this. */
    static final Duration HEARTBEAT_TIMEOUT = Duration.ofSeconds(4);
    static final String HEARTBEAT_INTERVAL = "1s";
    /**
     * A pause of this process longer than this may have made the others suspect it ({@code PauseGuard}). FD_ALL3
     * suspects a member after 4 s without its heartbeats, which it sends every 1 s: a pause shorter than 3 s cannot,
     * and 2 s leaves a second for the guard's own thread to be scheduled late. Below it, no clients move anyway.
     */
    static final Duration PAUSE_THRESHOLD = Duration.ofSeconds(2);
    /** How often the pause guard measures: a pause is noticed this long after the process resumes, at most. */
    static final Duration PAUSE_TICK = Duration.ofMillis(200);
    /**
     * After a pause, the same view for this long proves that nobody excluded this member: had the others installed
     * a view without it, this member would have installed a new view too within the suspicion time after resuming
     * (FD_ALL3 4 s + VERIFY_SUSPECT2 1 s: they no longer send it heartbeats), or a merge would have begun after
     * MERGE3's round of view announcements (every 2 to 5 s). 4 + 1 + 5 s, with a margin of 2 s.
     */
    static final Duration PAUSE_SETTLE = Duration.ofSeconds(12);

    private JGroupsStack() {
    }

    /**
     * FD_SOCK2 gets the member's bind address too: without one it listens on every interface (its log says
     * {@code server listening on *:port}), which would open a cluster port where the operator chose loopback or one
     * network.
     */
    static String xml(ClusterSettings settings) {
        String hosts = settings.initialHosts().stream().map(host -> host.host() + "[" + host.port() + "]")
                .collect(Collectors.joining(","));
        return """
                <config xmlns="urn:org:jgroups">
                  <TCP bind_addr="%s" bind_port="%d" port_range="0"/>
                  <TCPPING initial_hosts="%s" port_range="0" send_cache_on_join="true"/>
                  <MERGE3 min_interval="2s" max_interval="5s"/>
                  <FD_SOCK2 bind_addr="%s"/>
                  <FD_ALL3 timeout="%s" interval="%s"/>
                  <VERIFY_SUSPECT2 timeout="%s"/>
                  <pbcast.NAKACK2 use_mcast_xmit="false"/>
                  <UNICAST3/>
                  <pbcast.STABLE/>
                  <pbcast.GMS join_timeout="2s" print_local_addr="false"/>
                  <FRAG2/>
                </config>
                """.formatted(settings.bindAddress(), settings.bindPort(), hosts, settings.bindAddress(),
                HEARTBEAT_TIMEOUT.toMillis() + "ms", HEARTBEAT_INTERVAL, VERIFY_SUSPECT_TIMEOUT);
    }
}
