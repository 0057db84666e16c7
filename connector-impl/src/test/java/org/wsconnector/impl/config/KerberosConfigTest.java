package org.wsconnector.impl.config;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.wsconnector.ConfigProblemCode;
import org.wsconnector.config.ClientConfig;
import org.wsconnector.config.KerberosLogin;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

/**
 * {@code proxy.kerberos.*} at boot: a keytab login is read with its principal and file, and each mistake is one
 * problem on the key to fix — missing companion, a keytab that does not exist, a JAAS entry the JVM does not have,
 * both ways at once, Kerberos without a proxy or with Negotiate not allowed. No KDC is asked at boot.
 */
class KerberosConfigTest {
    private final ConfigProblems problems = new ConfigProblems();
    @TempDir
    Path dir;

    @Test
    void aPrincipalWithAnExistingKeytabBecomesTheProxysKerberosLogin() throws IOException {
        Path keytab = Files.write(dir.resolve("svc.keytab"), new byte[] {5, 2});
        Map<String, ClientConfig> clients = read("proxy.host", "proxy.corp.example:3128",
                "proxy.kerberos.principal", " svc-billing@CORP.EXAMPLE ", "proxy.kerberos.keytab", keytab.toString());

        assertThat(problems.problems()).isEmpty();
        assertThat(clients.get("a").proxy().orElseThrow().kerberos())
                .contains(KerberosLogin.ofKeytab("svc-billing@CORP.EXAMPLE", keytab));
        assertThat(clients.get("a").proxy().orElseThrow().kerberos().orElseThrow().describe())
                .isEqualTo("svc-billing@CORP.EXAMPLE with keytab " + keytab);
    }

    @Test
    void withoutKerberosKeysTheProxyHasNoKerberosLogin() {
        assertThat(read("proxy.host", "proxy.corp.example:3128").get("a").proxy().orElseThrow().kerberos()).isEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', nullValues = "-", textBlock = """
            keytab that does not exist  | keytab     | FILE_NOT_FOUND        | svc@R        | /nonexistent | -  | -
            keytab without principal    | principal  | MISSING_COMPANION_KEY | -            | KEYTAB       | -  | -
            principal without keytab    | keytab     | MISSING_COMPANION_KEY | svc@R        | -            | -  | -
            principal with a space      | principal  | FORBIDDEN_CHARACTER   | 'svc bill@R' | KEYTAB       | -  | -
            principal with two realms   | principal  | FORBIDDEN_CHARACTER   | svc@R@S      | KEYTAB       | -  | -
            entry and principal         | jaas-entry | CONFLICTING_KEYS      | svc@R        | -            | e  | -
            entry the JVM does not have | jaas-entry | UNKNOWN_VALUE         | -            | -            | no | -
            negotiate not allowed       | principal  | CONFLICTING_KEYS      | svc@R        | KEYTAB       | -  | basic
            """)
    void eachMistakeIsOneProblemOnTheKeyToFix(String mistake, String key, ConfigProblemCode code, String principal,
                                              String keytab, String entry, String schemes) throws IOException {
        Path file = Files.write(dir.resolve("svc.keytab"), new byte[] {5, 2});
        Map<String, String> values = new HashMap<>();
        values.put("proxy.host", "proxy.corp.example:3128");
        putIfSet(values, "proxy.kerberos.principal", principal);
        putIfSet(values, "proxy.kerberos.keytab", keytab == null ? null : keytab.replace("KEYTAB", file.toString()));
        putIfSet(values, "proxy.kerberos.jaas-entry", entry);
        putIfSet(values, "proxy.auth-schemes", schemes);

        assertThat(read(values)).isEmpty();
        assertThat(problems.problems()).extracting(p -> tuple(p.key().orElse(null), p.code()))
                .containsExactly(tuple("websocket.client.a.proxy.kerberos." + key, code));
    }

    private static void putIfSet(Map<String, String> values, String key, String value) {
        if (value != null) {
            values.put(key, value);
        }
    }

    @Test
    void kerberosWithoutAProxyIsAProblemOnProxyHost() throws IOException {
        Path keytab = Files.write(dir.resolve("svc.keytab"), new byte[] {5, 2});
        Map<String, String> values = new HashMap<>();
        values.put("proxy.kerberos.principal", "svc@R");
        values.put("proxy.kerberos.keytab", keytab.toString());

        assertThat(read(values)).isEmpty();
        assertThat(problems.problems()).extracting(p -> tuple(p.key().orElse(null), p.code()))
                .containsExactly(tuple("websocket.client.a.proxy.host", ConfigProblemCode.MISSING_COMPANION_KEY));
        assertThat(problems.messages()).singleElement().asString().contains("proxy.kerberos.*");
    }

    private Map<String, ClientConfig> read(String... keyValues) {
        Map<String, String> values = new HashMap<>();
        for (int i = 0; i < keyValues.length; i += 2) {
            values.put(keyValues[i], keyValues[i + 1]);
        }
        return read(values);
    }

    private Map<String, ClientConfig> read(Map<String, String> values) {
        Map<String, String> properties = new HashMap<>();
        properties.put("websocket.client.a.uri", "wss://pbx.example.com:8089/ari");
        values.forEach((key, value) -> properties.put("websocket.client.a." + key, value));
        return ClientConfigReader.read(properties, problems);
    }
}
