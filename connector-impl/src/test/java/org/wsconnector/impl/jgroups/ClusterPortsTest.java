package org.wsconnector.impl.jgroups;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A member listens only on its bind address: the ports its JGroups stack opens (the transport's, and FD_SOCK2's
 * failure-detection port, which without its own bind address listened on every interface) are read from the
 * kernel's socket table ({@code ss}, iproute2, installed by .ci/install-test-deps.sh), not from JGroups.
 */
class ClusterPortsTest {

    @Test
    void everyPortOfAMemberListensOnItsBindAddressOnly() throws Exception {
        List<String> before = listeningSockets();
        List<String> opened;
        try (JGroupsOwnership member = JGroupsOwnership.join(SilentMemberQuorumTest.CLIENTS,
                SilentMemberQuorumTest.alone(1))) {
            opened = new ArrayList<>(listeningSockets());
            opened.removeAll(before);
        }

        assertThat(opened).as("the transport's port and FD_SOCK2's").hasSizeGreaterThanOrEqualTo(2)
                .allSatisfy(local -> assertThat(local).matches("(127\\.0\\.0\\.1|\\[::ffff:127\\.0\\.0\\.1]):\\d+"));
    }

    /** The local addresses of this process's listening TCP sockets. */
    private static List<String> listeningSockets() throws IOException, InterruptedException {
        Process ss = new ProcessBuilder("ss", "-ltnpH").redirectErrorStream(true).start();
        String table = new String(ss.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(ss.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(ss.exitValue()).as("ss (iproute2): %s", table).isZero();
        String mine = "pid=" + ProcessHandle.current().pid() + ",";
        return table.lines().filter(line -> line.contains(mine)).map(line -> line.trim().split("\\s+")[3]).toList();
    }
}
