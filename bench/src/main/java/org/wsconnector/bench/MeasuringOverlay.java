package org.wsconnector.bench;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * This build's measuring classes, copied into a directory that goes ahead of a compared build's classpath for its
 * messages rows. Both builds' rows are then measured by the same code and report the same figures (a build from
 * before a column existed gets it too), while the drivers, the connector and every library stay the compared
 * build's own. The measuring classes touch no connector class, so they do not care how the compared connector's API
 * looks; they need only the compared build's {@code ClientArgs.parse}/{@code driver()}, {@code Driver} and
 * {@code ScaleClient.settledThreads}/{@code usedHeapAfterGc}, unchanged since the bench began.
 */
final class MeasuringOverlay {
    /** With their nested classes. */
    private static final List<Class<?>> MEASURING = List.of(MessagesClient.class, ProcessCpu.class, Stats.class,
            ChildResult.class);

    private MeasuringOverlay() {
    }

    /** Writes the measuring classes under {@code directory}; returns it ahead of {@code comparedClasspath}. */
    static String ahead(Path directory, String comparedClasspath) throws IOException {
        for (Class<?> measuring : MEASURING) {
            for (Class<?> type : measuring.getNestMembers()) {
                String resource = type.getName().replace('.', '/') + ".class";
                Path target = directory.resolve(resource);
                Files.createDirectories(target.getParent());
                try (InputStream bytes = MeasuringOverlay.class.getClassLoader().getResourceAsStream(resource)) {
                    if (bytes == null) {
                        throw new IOException("class file " + resource + " not found on this build's classpath");
                    }
                    Files.copy(bytes, target);
                }
            }
        }
        return directory + File.pathSeparator + comparedClasspath;
    }
}
