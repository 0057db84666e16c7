package org.wsconnector.impl.tyrus;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A server streaming one 256 MB message cannot make the client buffer it: in a JVM whose whole heap is half that,
 * the connection ends with 1009 and MessageTooLargeException, in one frame and in fragments alike, instead of an
 * OutOfMemoryError (Tyrus alone buffers fragments without limit).
 */
class HugeMessageTest {

    @Test
    void a256MegabyteMessageEndsTheConnectionWith1009InAJvmWith128MegabytesOfHeap() throws Exception {
        Path childErrors = Files.createTempFile("huge-message-child", ".log");
        Process child = new ProcessBuilder(List.of(Paths.get(System.getProperty("java.home"), "bin", "java").toString(),
                "-XX:TieredStopAtLevel=1", "-Xmx128m", "-cp", System.getProperty("java.class.path"),
                HugeMessageChild.class.getName()))
                .redirectError(childErrors.toFile())
                .start();
        try {
            assertThat(child.waitFor(TransportUnderTest.PATIENCE.toSeconds() * 3, TimeUnit.SECONDS))
                    .as("child JVM exits").isTrue();
            List<String> lines = new String(child.getInputStream().readAllBytes(), StandardCharsets.UTF_8).lines()
                    .toList();
            assertThat(lines).as("child said (errors in %s)", childErrors).containsExactly(
                    "CLOSED one-frame 1009 MessageTooLargeException",
                    "CLOSED fragmented 1009 MessageTooLargeException");
        } finally {
            if (child.isAlive()) {
                child.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        }
    }
}
