package org.wsconnector.impl;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The rooms of the implementation and who may enter which: a package imports only packages of lower layers (which
 * also rules out import circles), and the engine and the transport import nothing of Tyrus or of the WebSocket API,
 * so that the state machine and the connector's own socket code can be read, tested and replaced on their own. Only
 * {@code json} (typed messages) imports JSON-B, which is optional at run time.
 * Read from the sources, so a violation names the file and the import.
 */
class PackageLayeringTest {
    private static final Path SOURCES = Path.of("src/main/java/org/wsconnector/impl");
    private static final Pattern IMPORT = Pattern.compile("^import (?:static )?([\\w.]+)\\.[\\w*]+;", Pattern.MULTILINE);
    private static final List<String> LIBRARY_OF_THE_ADAPTER = List.of("org.glassfish.", "jakarta.websocket.");
    /** Optional at run time: only the typed-message package may touch it, so the rest runs without JSON-B. */
    private static final String JSON_B = "jakarta.json.bind";
    /** Optional at run time too (cluster.ownership=one-member): only its adapter may touch it. */
    private static final String JGROUPS = "org.jgroups";

    /** Lowest first. {@code config} and {@code tls} know nothing of each other; both are leaves. */
    enum Layer {
        CONFIG("config", 0, false),
        TLS("tls", 0, false),
        CLUSTER("cluster", 0, false),
        ENGINE("engine", 1, false),
        JSON("json", 1, false),
        PROXYAUTH("proxyauth", 2, false),
        TRANSPORT("transport", 3, false),
        TYRUS("tyrus", 4, true),
        JGROUPS("jgroups", 4, false),
        /** The JMX view reads and steers clients through the API only; JMX policy stays out of the engine. */
        JMX("jmx", 5, false),
        ASSEMBLY("", 6, true);

        final String directory;
        final int level;
        final boolean mayUseTyrus;

        Layer(String directory, int level, boolean mayUseTyrus) {
            this.directory = directory;
            this.level = level;
            this.mayUseTyrus = mayUseTyrus;
        }

        String packageName() {
            return directory.isEmpty() ? "org.wsconnector.impl" : "org.wsconnector.impl." + directory;
        }

        static Layer of(String packageName) {
            for (Layer layer : values()) {
                if (layer.packageName().equals(packageName)) {
                    return layer;
                }
            }
            return null;
        }
    }

    @ParameterizedTest
    @EnumSource(Layer.class)
    void importsOnlyLowerLayersAndTyrusOnlyInTheAdapter(Layer layer) {
        Map<String, List<String>> importsByFile = imports(SOURCES.resolve(layer.directory));
        assertThat(importsByFile).as("sources of %s", layer.packageName()).isNotEmpty();
        importsByFile.forEach((file, imported) -> {
            for (String name : imported) {
                Layer target = name.startsWith("org.wsconnector.impl") ? Layer.of(name) : null;
                if (target != null && target != layer) {
                    assertThat(target.level).as("%s imports %s: a layer may import only layers below it", file, name)
                            .isLessThan(layer.level);
                }
                if (layer != Layer.JSON) {
                    assertThat(name).as("%s imports %s: only the json package may use JSON-B", file, name)
                            .doesNotStartWith(JSON_B);
                }
                if (layer != Layer.JGROUPS) {
                    assertThat(name).as("%s imports %s: only the jgroups package may use JGroups", file, name)
                            .doesNotStartWith(JGROUPS);
                }
                if (!layer.mayUseTyrus) {
                    assertThat(LIBRARY_OF_THE_ADAPTER).as("%s imports %s: only the Tyrus adapter may", file, name)
                            .noneMatch(name::startsWith);
                }
            }
        });
    }

    @Test
    void everyPackageHasAPlaceInTheLayers() throws IOException {
        try (Stream<Path> directories = Files.list(SOURCES)) {
            assertThat(directories.filter(Files::isDirectory).map(directory -> directory.getFileName().toString()))
                    .as("a new package must be given a layer here")
                    .allSatisfy(name -> assertThat(Layer.of("org.wsconnector.impl." + name)).isNotNull());
        }
    }

    /** The packages each source file directly in {@code directory} imports from (classes and static members). */
    private static Map<String, List<String>> imports(Path directory) {
        Map<String, List<String>> result = new TreeMap<>();
        try (Stream<Path> files = Files.list(directory)) {
            files.filter(file -> file.toString().endsWith(".java")).forEach(file -> {
                List<String> packages = new ArrayList<>();
                Matcher matcher = IMPORT.matcher(read(file));
                while (matcher.find()) {
                    packages.add(packageOf(matcher.group(1)));
                }
                result.put(file.getFileName().toString(), packages);
            });
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return result;
    }

    /** {@code a.b.Outer} (a nested or static import's owner) becomes {@code a.b}; a package stays as it is. */
    private static String packageOf(String qualifier) {
        int lastDot = qualifier.lastIndexOf('.');
        boolean endsWithType = lastDot >= 0 && Character.isUpperCase(qualifier.charAt(lastDot + 1));
        return endsWithType ? packageOf(qualifier.substring(0, lastDot)) : qualifier;
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
