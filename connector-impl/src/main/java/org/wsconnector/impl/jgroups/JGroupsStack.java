package org.wsconnector.impl.jgroups;

import org.wsconnector.impl.config.ClusterSettings;

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
    static final String HEARTBEAT_TIMEOUT = "4s";
    static final String HEARTBEAT_INTERVAL = "1s";

    private JGroupsStack() {
    }

    static String xml(ClusterSettings settings) {
        String hosts = settings.initialHosts().stream().map(host -> host.host() + "[" + host.port() + "]")
                .collect(Collectors.joining(","));
        return """
                <config xmlns="urn:org:jgroups">
                  <TCP bind_addr="%s" bind_port="%d" port_range="0"/>
                  <TCPPING initial_hosts="%s" port_range="0" send_cache_on_join="true"/>
                  <MERGE3 min_interval="2s" max_interval="5s"/>
                  <FD_SOCK2/>
                  <FD_ALL3 timeout="%s" interval="%s"/>
                  <VERIFY_SUSPECT2 timeout="%s"/>
                  <pbcast.NAKACK2 use_mcast_xmit="false"/>
                  <UNICAST3/>
                  <pbcast.STABLE/>
                  <pbcast.GMS join_timeout="2s" print_local_addr="false"/>
                  <FRAG2/>
                </config>
                """.formatted(settings.bindAddress(), settings.bindPort(), hosts, HEARTBEAT_TIMEOUT,
                HEARTBEAT_INTERVAL, VERIFY_SUSPECT_TIMEOUT);
    }
}
