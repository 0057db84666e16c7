package org.wsconnector.impl.config;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The optional libraries are found when present (this run has them all; the runs without them are
 * WithoutBouncyCastleTest and WithoutJGroupsTest), and the coordinates the boot errors tell users to add are those of
 * the jar the build tests with, so a version bump in the pom cannot leave the message behind.
 */
class OptionalLibraryTest {

    @ParameterizedTest
    @EnumSource(OptionalLibrary.class)
    void foundAndNamedAsTheJarTheBuildTestsWith(OptionalLibrary library) throws Exception {
        assertThat(library.present()).isTrue();

        String[] groupArtifactVersion = library.coordinates().split("[: ]");
        String jar = probeJar(library);
        assertThat(jar).as("the jar of %s", library).endsWith(groupArtifactVersion[1] + "-" + groupArtifactVersion[2]
                + ".jar");
    }

    private static String probeJar(OptionalLibrary library) throws Exception {
        Class<?> probe = switch (library) {
            case JGROUPS -> org.jgroups.JChannel.class;
            case BOUNCY_CASTLE -> org.bouncycastle.crypto.digests.MD4Digest.class;
        };
        return probe.getProtectionDomain().getCodeSource().getLocation().toURI().getPath();
    }
}
