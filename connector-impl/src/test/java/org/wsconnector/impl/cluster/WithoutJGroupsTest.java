package org.wsconnector.impl.cluster;

import org.junit.jupiter.api.Test;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Paths;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * JGroups is optional: a member JVM whose class path lacks it, configured with a one-member client, fails to start
 * with WSCFG0220 naming the artifact to add, not with a NoClassDefFoundError.
 */
class WithoutJGroupsTest {

    @Test
    void aOneMemberClientWithoutJGroupsIsABootErrorThatSaysWhatToAdd() throws Exception {
        String classPath = Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator))
                .filter(entry -> !entry.contains("jgroups")).collect(Collectors.joining(File.pathSeparator));
        assertThat(classPath).isNotEqualTo(System.getProperty("java.class.path"));
        Process child = new ProcessBuilder(List.of(Paths.get(System.getProperty("java.home"), "bin", "java")
                .toString(), "-XX:TieredStopAtLevel=1", "-Xmx128m", "-cp", classPath, ClusterMember.class.getName(),
                "websocket.client.ari.uri=ws://127.0.0.1:9/", "websocket.client.ari.cluster.ownership=one-member"))
                .redirectErrorStream(true).start();
        child.getOutputStream().close();
        String output = new String(child.getInputStream().readAllBytes(), StandardCharsets.UTF_8);

        assertThat(child.waitFor(60, TimeUnit.SECONDS)).as("child exited").isTrue();
        assertThat(child.exitValue()).as(output).isNotZero();
        assertThat(output).contains("WSCFG0220").contains("org.jgroups:jgroups").doesNotContain("NoClassDefFound")
                .doesNotContain("JOINED");
    }
}
