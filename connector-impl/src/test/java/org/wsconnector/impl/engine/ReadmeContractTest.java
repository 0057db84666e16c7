package org.wsconnector.impl.engine;

import org.junit.jupiter.api.Test;
import org.wsconnector.ManagedWebSocket;
import org.wsconnector.WebSocketConnectorException;

import java.io.IOException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.net.URI;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

/**
 * The README's account of the API matches the API: every method of {@link ManagedWebSocket} is named in it, every
 * exception of the API has its row in the errors table, and the close codes it says may be sent are exactly those
 * {@link CloseFrameRules} lets through.
 */
class ReadmeContractTest {
    private static final Pattern RANGE = Pattern.compile("(\\d{4})(?:–(\\d{4}))?");

    @Test
    void everyMethodOfManagedWebSocketIsNamedInTheReadme() throws IOException {
        String readme = readme();
        Set<String> missing = Arrays.stream(ManagedWebSocket.class.getMethods()).map(Method::getName)
                .filter(name -> !readme.contains("`" + name + "("))
                .collect(Collectors.toCollection(TreeSet::new));
        assertThat(missing).as("methods the README never names as `name(`").isEmpty();
    }

    @Test
    void everyExceptionOfTheApiHasItsRowInTheErrorsTable() throws Exception {
        String readme = readme();
        String table = readme.substring(readme.indexOf("| exception | when |"));
        table = table.substring(0, table.indexOf("\n\n"));
        List<String> exceptions = apiExceptions();
        assertThat(exceptions).as("the API's exceptions, found").contains("NotConnectedException");
        for (String exception : exceptions) {
            assertThat(table).as("errors table row of " + exception).contains("| `" + exception + "`");
        }
    }

    @Test
    void theCloseCodesTheReadmeAllowsAreExactlyThoseTheRulesLetThrough() throws IOException {
        String readme = readme();
        int end = readme.indexOf(" may be sent.");
        String allowedText = readme.substring(readme.lastIndexOf("registry):", end), end);
        Set<Integer> documented = new TreeSet<>();
        Matcher range = RANGE.matcher(allowedText);
        while (range.find()) {
            int from = Integer.parseInt(range.group(1));
            int to = range.group(2) == null ? from : Integer.parseInt(range.group(2));
            IntStream.rangeClosed(from, to).forEach(documented::add);
        }
        assertThat(documented).as("parsed from: " + allowedText).hasSize(4 + 8 + 2000);
        for (int code = -1; code <= 70_000; code++) {
            int current = code;
            if (documented.contains(code)) {
                assertThatCode(() -> CloseFrameRules.check(current, "")).as("code " + code)
                        .doesNotThrowAnyException();
            } else {
                assertThat(refuses(current)).as("code " + code + " refused").isTrue();
            }
        }
    }

    private static boolean refuses(int code) {
        try {
            CloseFrameRules.check(code, "");
            return false;
        } catch (IllegalArgumentException expected) {
            return true;
        }
    }

    private static String readme() throws IOException {
        return Files.readString(Path.of("..", "README.md"));
    }

    /** The simple names of the API's exception classes, read from where the API's classes are. */
    private static List<String> apiExceptions() throws Exception {
        URI location = WebSocketConnectorException.class.getProtectionDomain().getCodeSource().getLocation().toURI();
        Path root = Path.of(location);
        if (Files.isDirectory(root)) {
            return exceptionsUnder(root.resolve("org/wsconnector"));
        }
        try (FileSystem jar = FileSystems.newFileSystem(root, Map.of())) {
            return exceptionsUnder(jar.getPath("org/wsconnector"));
        }
    }

    private static List<String> exceptionsUnder(Path packageDirectory) throws IOException {
        try (Stream<Path> files = Files.list(packageDirectory)) {
            return files.map(file -> file.getFileName().toString()).filter(name -> name.endsWith("Exception.class"))
                    .map(name -> name.substring(0, name.length() - ".class".length()))
                    .filter(ReadmeContractTest::isPublicConnectorException).sorted().toList();
        }
    }

    private static boolean isPublicConnectorException(String simpleName) {
        try {
            Class<?> type = Class.forName("org.wsconnector." + simpleName);
            return Modifier.isPublic(type.getModifiers()) && WebSocketConnectorException.class.isAssignableFrom(type);
        } catch (ClassNotFoundException e) {
            return false;
        }
    }
}
