package org.wsconnector.testbed;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Pattern;

/**
 * A real MIT Kerberos realm on loopback: its database, principals and keytabs made with {@code kdb5_util} and
 * {@code kadmin.local}, and a {@code krb5kdc} process answering on {@code 127.0.0.1} and a free TCP port (no UDP:
 * the {@code krb5.conf} it writes says {@code udp_preference_limit = 1}, so clients speak TCP only).
 *
 * <p>Everything lives in one temporary directory: {@code kdc.conf}, the database, the keytabs and the client-side
 * {@code krb5.conf} ({@link #krb5Conf()}), which names the realm, its KDC, {@code kdc_timeout} and
 * {@code max_retries} (see {@link Builder#kdcTimeout(Duration)}), and turns off DNS canonicalisation so that
 * {@code HTTP@localhost} stays {@code HTTP/localhost}. A JVM uses it through {@code java.security.krb5.conf}, a
 * native program through {@code KRB5_CONFIG} ({@link #environment()}).
 *
 * <p>{@link #stopKdc()} kills the KDC by its PID and leaves the realm's files, so a test can take the KDC away
 * from clients configured for it; {@link #close()} does that and removes the directory. When the MIT KDC is not
 * installed, {@link Builder#start()} throws an {@link IllegalStateException} saying how to install it. Not
 * thread-safe: set the realm up from one thread.
 */
public final class KerberosRealm implements AutoCloseable {

    /** What installs the KDC and its tools; the failure message points to it. */
    public static final String INSTALL_HINT = "run .ci/install-test-deps.sh (apt-get install -y krb5-kdc "
            + "krb5-admin-server krb5-user)";

    private static final Pattern PRINCIPAL_NAME = Pattern.compile("[A-Za-z0-9._-]+(/[A-Za-z0-9._-]+)?");
    private static final AtomicInteger INSTANCES = new AtomicInteger();
    private static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(30);
    private static final int START_ATTEMPTS = 3;

    private final String realm;
    private final Path directory;
    private final Path krb5Conf;
    private final int kdcPort;
    private Process kdc;

    private KerberosRealm(String realm, Path directory, Path krb5Conf, int kdcPort, Process kdc) {
        this.realm = realm;
        this.directory = directory;
        this.krb5Conf = krb5Conf;
        this.kdcPort = kdcPort;
        this.kdc = kdc;
    }

    /** @return a builder for realm {@code WSCONNECTOR.TEST} */
    public static Builder builder() {
        return new Builder();
    }

    /** @return the realm name, e.g. {@code WSCONNECTOR.TEST} */
    public String realm() {
        return realm;
    }

    /** @return the client-side krb5.conf naming this realm and its KDC */
    public Path krb5Conf() {
        return krb5Conf;
    }

    /** @return the TCP port the KDC listens on, on {@code 127.0.0.1} */
    public int kdcPort() {
        return kdcPort;
    }

    /** @return {@code KRB5_CONFIG} for a native Kerberos program (squid's helper) using this realm */
    public Map<String, String> environment() {
        return Map.of("KRB5_CONFIG", krb5Conf.toString());
    }

    /** @return {@code name@REALM} */
    public String principal(String name) {
        return name + "@" + realm;
    }

    /** @return whether the KDC process is running */
    public boolean isKdcRunning() {
        return kdc != null && kdc.isAlive();
    }

    /**
     * Creates {@code name@REALM} with a random key and exports that key to a new keytab.
     *
     * @param name e.g. {@code alice} or {@code HTTP/localhost}
     * @return the keytab, in the realm's directory
     */
    public Path addPrincipalWithKeytab(String name) {
        requireName(name);
        Path keytab = directory.resolve(name.replace('/', '_') + ".keytab");
        kadmin("addprinc -randkey " + principal(name));
        kadmin("ktadd -k " + keytab + " " + principal(name));
        return keytab;
    }

    /**
     * Gives {@code name@REALM} a new random key (its key version goes up) without exporting it: keytabs exported
     * before no longer hold its current key, as after a key rotation someone forgot to deploy.
     */
    public void rekey(String name) {
        requireName(name);
        kadmin("cpw -randkey " + principal(name));
    }

    /**
     * Exports a keytab for a principal that exists nowhere, from a throw-away realm database, so that a client
     * holds a well-formed keytab that this realm's KDC does not know.
     *
     * @return the keytab
     */
    public Path keytabOfUnknownPrincipal(String name) {
        requireName(name);
        Path keytab = directory.resolve("unknown-" + name.replace('/', '_') + ".keytab");
        // ktutil writes a key derived from a password without asking any KDC.
        String script = "addent -password -p " + principal(name) + " -k 1 -e aes256-cts-hmac-sha1-96\n"
                + "not-a-real-password\nwkt " + keytab + "\nquit\n";
        run(List.of(Squid.find("ktutil").orElseThrow(() -> missing("ktutil")).toString()), script);
        return keytab;
    }

    /** Kills the KDC (SIGKILL, by its PID) and waits for it to exit; the realm's files stay. Idempotent. */
    public void stopKdc() {
        if (kdc == null) {
            return;
        }
        kdc.destroyForcibly();
        try {
            if (!kdc.waitFor(5, TimeUnit.SECONDS)) {
                throw new IllegalStateException("krb5kdc (pid " + kdc.pid() + ") did not die");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        kdc = null;
    }

    /** Stops the KDC and removes the realm's directory. Idempotent. */
    @Override
    public void close() {
        stopKdc();
        Squid.deleteRecursively(directory);
    }

    @Override
    public String toString() {
        return "KerberosRealm[" + realm + ", KDC 127.0.0.1:" + kdcPort + (isKdcRunning() ? "" : " (stopped)") + "]";
    }

    private void kadmin(String query) {
        run(List.of(Squid.find("kadmin.local").orElseThrow(() -> missing("kadmin.local")).toString(),
                "-r", realm, "-q", query), "");
    }

    private void run(List<String> command, String input) {
        Builder.runIn(directory, command, input, environmentFor(directory));
    }

    private static Map<String, String> environmentFor(Path directory) {
        return Map.of("KRB5_CONFIG", directory.resolve("krb5.conf").toString(),
                "KRB5_KDC_PROFILE", directory.resolve("kdc.conf").toString());
    }

    private static void requireName(String name) {
        if (!PRINCIPAL_NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("principal name must be name or service/host: " + name);
        }
    }

    /** Configures a {@link KerberosRealm}. Not thread-safe; use once. */
    public static final class Builder {
        private String realm = "WSCONNECTOR.TEST";
        private Path krb5Conf;
        private Duration kdcTimeout = Duration.ofSeconds(1);
        private int maxRetries = 1;
        private Duration startTimeout = Duration.ofSeconds(15);

        private Builder() {
        }

        /** The realm name; default {@code WSCONNECTOR.TEST}. */
        public Builder realm(String realm) {
            if (!realm.matches("[A-Z0-9.-]+")) {
                throw new IllegalArgumentException("realm must be upper-case letters, digits, '.', '-': " + realm);
            }
            this.realm = realm;
            return this;
        }

        /**
         * Where to write the client-side krb5.conf; default: the realm's directory. A JVM reads
         * {@code java.security.krb5.conf} once, so a test JVM started with that property names the file first.
         */
        public Builder krb5Conf(Path krb5Conf) {
            this.krb5Conf = Objects.requireNonNull(krb5Conf, "krb5Conf");
            return this;
        }

        /** {@code kdc_timeout} in krb5.conf: how long a client waits for the KDC per try; default 1 s. */
        public Builder kdcTimeout(Duration kdcTimeout) {
            this.kdcTimeout = Objects.requireNonNull(kdcTimeout, "kdcTimeout");
            return this;
        }

        /** {@code max_retries} in krb5.conf: tries per KDC; default 1. */
        public Builder maxRetries(int maxRetries) {
            this.maxRetries = maxRetries;
            return this;
        }

        /** How long the KDC may take to accept connections; default 15 s. */
        public Builder startTimeout(Duration startTimeout) {
            this.startTimeout = Objects.requireNonNull(startTimeout, "startTimeout");
            return this;
        }

        /**
         * Creates the realm and starts its KDC.
         *
         * @throws IllegalStateException when the MIT KDC is not installed or does not start; the message says why
         */
        public KerberosRealm start() {
            for (String program : List.of("krb5kdc", "kdb5_util", "kadmin.local")) {
                Squid.find(program).orElseThrow(() -> missing(program));
            }
            Path directory;
            try {
                directory = Files.createTempDirectory("krb5wsc" + ProcessHandle.current().pid() + "i"
                        + INSTANCES.incrementAndGet() + "-");
            } catch (IOException e) {
                throw new UncheckedIOException("cannot create a directory for the Kerberos realm", e);
            }
            try {
                Path clientConf = krb5Conf != null ? krb5Conf : directory.resolve("krb5.conf");
                Files.createDirectories(clientConf.toAbsolutePath().getParent());
                writeConfigs(directory, clientConf, Squid.freePort());
                // The master password protects only this throw-away database.
                runIn(directory, List.of(Squid.find("kdb5_util").orElseThrow().toString(), "create", "-s",
                        "-r", realm, "-P", "wsconnector-test-master"), "", environmentFor(directory));
                // The free port is found by binding and releasing it; another process may take it in between.
                for (int attempt = 1; ; attempt++) {
                    int port = Squid.freePort();
                    writeConfigs(directory, clientConf, port);
                    try {
                        return new KerberosRealm(realm, directory, clientConf, port, startKdc(directory, port));
                    } catch (IllegalStateException e) {
                        String logs = Squid.readQuietly(directory.resolve("kdc.log"));
                        if (attempt == START_ATTEMPTS || !logs.contains("Address already in use")) {
                            throw e;
                        }
                    }
                }
            } catch (IOException | RuntimeException e) {
                String logs = Squid.readQuietly(directory.resolve("krb5kdc.out"))
                        + Squid.readQuietly(directory.resolve("kdc.log"));
                Squid.deleteRecursively(directory);
                throw new IllegalStateException("the Kerberos KDC did not start: " + e + "\n" + logs, e);
            }
        }

        private void writeConfigs(Path directory, Path clientConf, int port) throws IOException {
            Files.writeString(directory.resolve("kdc.conf"), kdcConf(directory, port));
            Files.writeString(clientConf, krb5Conf(port));
            // The realm's own tools read the copy in its directory (KRB5_CONFIG), whichever file the client's is.
            Files.writeString(directory.resolve("krb5.conf"), krb5Conf(port));
        }

        private Process startKdc(Path directory, int port) throws IOException {
            ProcessBuilder builder = new ProcessBuilder(Squid.find("krb5kdc").orElseThrow().toString(), "-n",
                    "-r", realm).directory(directory.toFile()).redirectErrorStream(true)
                    .redirectOutput(directory.resolve("krb5kdc.out").toFile());
            builder.environment().putAll(environmentFor(directory));
            Process process = builder.start();
            try {
                LocalProcessPort.awaitAccepting("krb5kdc", process, port, startTimeout);
                return process;
            } catch (RuntimeException e) {
                process.destroyForcibly();
                try {
                    process.waitFor(5, TimeUnit.SECONDS);
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                }
                throw e;
            }
        }

        private String kdcConf(Path dir, int port) {
            return "[kdcdefaults]\n"
                    + " kdc_listen = \"\"\n" // no UDP
                    + " kdc_tcp_listen = 127.0.0.1:" + port + "\n"
                    + "[realms]\n"
                    + " " + realm + " = {\n"
                    + "  database_name = " + dir.resolve("principal") + "\n"
                    + "  key_stash_file = " + dir.resolve("stash") + "\n"
                    + "  acl_file = " + dir.resolve("kadm5.acl") + "\n"
                    + "  max_life = 1h\n"
                    + "  supported_enctypes = aes256-cts-hmac-sha1-96:normal aes128-cts-hmac-sha1-96:normal\n"
                    + " }\n"
                    + "[logging]\n"
                    + " kdc = FILE:" + dir.resolve("kdc.log") + "\n";
        }

        private String krb5Conf(int port) {
            return "[libdefaults]\n"
                    + " default_realm = " + realm + "\n"
                    + " dns_lookup_kdc = false\n"
                    + " dns_lookup_realm = false\n"
                    + " dns_canonicalize_hostname = false\n"
                    + " rdns = false\n"
                    + " udp_preference_limit = 1\n"
                    + " kdc_timeout = " + kdcTimeout.toMillis() + "\n"
                    + " max_retries = " + maxRetries + "\n"
                    + "[realms]\n"
                    + " " + realm + " = {\n"
                    + "  kdc = 127.0.0.1:" + port + "\n"
                    + " }\n"
                    + "[domain_realm]\n"
                    + " localhost = " + realm + "\n"
                    + " 127.0.0.1 = " + realm + "\n";
        }

        static void runIn(Path directory, List<String> command, String input, Map<String, String> environment) {
            try {
                ProcessBuilder builder = new ProcessBuilder(command).directory(directory.toFile())
                        .redirectErrorStream(true);
                builder.environment().putAll(environment);
                Process process = builder.start();
                try (var in = process.getOutputStream()) {
                    in.write(input.getBytes(StandardCharsets.UTF_8));
                }
                String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                if (!process.waitFor(COMMAND_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                    throw new IllegalStateException(command.get(0) + " did not finish within " + COMMAND_TIMEOUT);
                }
                // kadmin.local reports a failed query on its output but still exits 0.
                if (process.exitValue() != 0 || output.contains("while ") || output.contains("Unknown request")) {
                    // The command line is left out: kdb5_util's carries the (test) master password.
                    throw new IllegalStateException(command.get(0) + " failed: " + output);
                }
            } catch (IOException e) {
                throw new UncheckedIOException("cannot run " + command.get(0), e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while running " + command.get(0), e);
            }
        }
    }

    private static IllegalStateException missing(String program) {
        return new IllegalStateException(program + " (MIT Kerberos) is not installed (looked on PATH and in /usr/sbin, "
                + "/usr/bin): " + INSTALL_HINT);
    }
}
