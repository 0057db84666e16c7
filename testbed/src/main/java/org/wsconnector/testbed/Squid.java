package org.wsconnector.testbed;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.GroupPrincipal;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.UserPrincipal;
import java.nio.file.attribute.UserPrincipalLookupService;
import java.nio.file.attribute.UserPrincipalNotFoundException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import java.util.stream.Stream;

/**
 * A real squid (5.x) forward proxy, started as a separate process on {@code 127.0.0.1} and a free port, for tests
 * that must prove a client's CONNECT tunnelling against a proxy nobody here wrote.
 *
 * <p>Its policy, whatever the variant: {@code CONNECT} only, and only to loopback addresses on ports 1024-65535.
 * So a low port or any other destination gets {@code 403}, a dead loopback port {@code 503}; with
 * {@link Builder#basicAuth(String, String)}, {@link Builder#digestAuth(String, String)},
 * {@link Builder#ntlmFakeAuth()} or {@link Builder#negotiateKerberos} (any of them at once: squid then offers each,
 * in that order) a missing or wrong credential gets {@code 407} first. Nothing is cached.
 *
 * <p>squid writes one access log line per transaction, a tunnel's when the tunnel closes; {@link #accessLog()}
 * parses it, so a test can prove that a connection went through the proxy, with which status and as which user.
 *
 * <p>squid runs in the foreground ({@code -N}) under a unique instance name ({@code -n}) and, when the test JVM is
 * root, as {@code nobody} (through {@code setpriv}) in its own directory. {@link #close()} kills it (SIGKILL: a
 * SIGTERM costs seconds), then removes its shared-memory segments and its directory. When squid or htpasswd is
 * not installed, {@link Builder#start()} throws an {@link IllegalStateException} that says how to install them:
 * a test that needs squid must fail, not skip, without it. Thread-safe.
 */
public final class Squid implements AutoCloseable {

    /** The script that installs the test dependencies; the failure message points to it. */
    public static final String INSTALL_HINT = "run .ci/install-test-deps.sh (apt-get install -y squid apache2-utils)";

    private static final List<Path> SEARCH_PATH = List.of(Path.of("/usr/sbin"), Path.of("/usr/bin"),
            Path.of("/usr/local/sbin"), Path.of("/usr/local/bin"), Path.of("/sbin"), Path.of("/bin"));
    private static final Path BASIC_AUTH_HELPER = Path.of("/usr/lib/squid/basic_ncsa_auth");
    private static final Path DIGEST_AUTH_HELPER = Path.of("/usr/lib/squid/digest_file_auth");
    private static final Path NTLM_AUTH_HELPER = Path.of("/usr/lib/squid/ntlm_fake_auth");
    private static final Path SHARED_MEMORY = Path.of("/dev/shm");
    private static final AtomicInteger INSTANCES = new AtomicInteger();
    private static final int START_ATTEMPTS = 3;

    private final String instance;
    private final Path directory;
    private final Process process;
    private final int port;
    private final Optional<String> user;
    /** The port of squid's TLS listener (https_port), or 0 without one. */
    private final int httpsPort;

    private Squid(String instance, Path directory, Process process, int port, Optional<String> user, int httpsPort) {
        this.instance = instance;
        this.directory = directory;
        this.process = process;
        this.port = port;
        this.user = user;
        this.httpsPort = httpsPort;
    }

    /** @return a builder for a squid without authentication */
    public static Builder builder() {
        return new Builder();
    }

    /** @return the squid executable, or empty when squid is not installed */
    public static Optional<Path> executable() {
        return find("squid");
    }

    /** @return the port squid listens on, on {@code 127.0.0.1} */
    public int port() {
        return port;
    }

    /** @return {@code 127.0.0.1:<port>}, the form of {@code proxy.host} */
    public String hostAndPort() {
        return "127.0.0.1:" + port;
    }

    /**
     * @return the port of squid's TLS listener ({@code https_port}: an HTTPS proxy, the CONNECT request inside TLS)
     * @throws IllegalStateException when squid was started without {@link Builder#https}
     */
    public int httpsPort() {
        if (httpsPort == 0) {
            throw new IllegalStateException("this squid has no TLS listener: start it with Builder.https(...)");
        }
        return httpsPort;
    }

    /** @return {@code 127.0.0.1:<httpsPort>}, the form of {@code proxy.host} for an HTTPS proxy */
    public String httpsHostAndPort() {
        return "127.0.0.1:" + httpsPort();
    }

    /** @return {@code http://127.0.0.1:<port>} */
    public URI uri() {
        return URI.create("http://" + hostAndPort());
    }

    /** @return the user name squid accepts, when it requires Basic (or else Digest) authentication */
    public Optional<String> user() {
        return user;
    }

    /** @return the squid process id */
    public long pid() {
        return process.pid();
    }

    /** @return whether the squid process is running */
    public boolean isRunning() {
        return process.isAlive();
    }

    /** @return the squid instance name ({@code -n}), which also prefixes its files in {@code /dev/shm} */
    public String instanceName() {
        return instance;
    }

    /**
     * @return every transaction squid has logged so far, oldest first. A tunnel is logged when it closes, so an
     *         open connection is not in it yet
     */
    public List<AccessRecord> accessLog() {
        Path log = directory.resolve("access.log");
        if (!Files.exists(log)) {
            return List.of();
        }
        try {
            List<AccessRecord> records = new ArrayList<>();
            for (String line : Files.readAllLines(log, StandardCharsets.UTF_8)) {
                AccessRecord.parse(line).ifPresent(records::add);
            }
            return List.copyOf(records);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read squid access log " + log, e);
        }
    }

    /** @return the access records of CONNECT requests for {@code target} ({@code host:port}) */
    public List<AccessRecord> connectsTo(String target) {
        return accessLog().stream().filter(r -> r.isConnect() && r.target().equals(target)).toList();
    }

    /**
     * Polls the access log until the records matching {@code condition} number at least {@code count}.
     *
     * @return the matching records
     * @throws AwaitTimeoutException if they do not within {@code timeout}
     */
    public List<AccessRecord> awaitAccess(Predicate<AccessRecord> condition, int count, Duration timeout) {
        long end = System.nanoTime() + timeout.toNanos();
        while (true) {
            List<AccessRecord> matching = accessLog().stream().filter(condition).toList();
            if (matching.size() >= count) {
                return matching;
            }
            if (System.nanoTime() > end) {
                throw new AwaitTimeoutException("timed out after " + timeout + " waiting for " + count
                        + " matching squid access records; log: " + accessLog());
            }
            pause(); // squid is another process writing a file: nothing to wait on but the file itself
        }
    }

    /** @return squid's own log (cache.log), for diagnosing a failed start */
    public String cacheLog() {
        return readQuietly(directory.resolve("cache.log"));
    }

    /** Kills squid (SIGKILL), waits for it to exit, removes its shared memory and its directory. Idempotent. */
    @Override
    public void close() {
        process.destroyForcibly();
        try {
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                throw new IllegalStateException("squid " + instance + " (pid " + process.pid() + ") did not die");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        removeSharedMemory(instance);
        deleteRecursively(directory);
    }

    @Override
    public String toString() {
        return "Squid[" + hostAndPort() + ", instance " + instance + ", pid " + process.pid()
                + user.map(u -> ", auth as " + u).orElse(", no auth")
                + (httpsPort == 0 ? "" : ", https_port " + httpsPort) + "]";
    }

    /**
     * One line of squid's native access log.
     *
     * @param time    when squid finished the transaction
     * @param elapsed how long the transaction lasted (for a tunnel: its whole life)
     * @param result  squid's result code, e.g. {@code TCP_TUNNEL}, {@code TCP_DENIED}, {@code NONE_NONE}
     * @param status  the HTTP status squid answered, e.g. 200, 403, 407, 503
     * @param bytes   bytes squid sent to the client
     * @param method  e.g. {@code CONNECT}
     * @param target  for CONNECT {@code host:port}
     * @param user    the authenticated (or claimed) user, empty when none
     * @param line    the raw line
     */
    public record AccessRecord(Instant time, Duration elapsed, String result, int status, long bytes, String method,
                               String target, Optional<String> user, String line) {

        /** @return whether this is a CONNECT that squid answered with 200 and relayed: a tunnel that existed */
        public boolean isTunnel() {
            return isConnect() && status == 200 && result.equals("TCP_TUNNEL");
        }

        public boolean isConnect() {
            return method.equals("CONNECT");
        }

        static Optional<AccessRecord> parse(String line) {
            // time elapsed client result/status bytes method url user hierarchy/from type
            String[] f = line.trim().split("\\s+");
            if (f.length < 8 || f[3].indexOf('/') < 0) {
                return Optional.empty();
            }
            try {
                String[] seconds = f[0].split("\\.");
                Instant time = Instant.ofEpochSecond(Long.parseLong(seconds[0]),
                        seconds.length > 1 ? Long.parseLong((seconds[1] + "000").substring(0, 3)) * 1_000_000L : 0);
                String[] resultStatus = f[3].split("/", 2);
                return Optional.of(new AccessRecord(time, Duration.ofMillis(Long.parseLong(f[1])), resultStatus[0],
                        Integer.parseInt(resultStatus[1]), Long.parseLong(f[4]), f[5], f[6],
                        f[7].equals("-") ? Optional.empty() : Optional.of(f[7]), line));
            } catch (NumberFormatException | ArrayIndexOutOfBoundsException e) {
                return Optional.empty();
            }
        }
    }

    /** Configures a {@link Squid}. Default: no authentication. Not thread-safe; use once. */
    public static final class Builder {
        private String user;
        private String password;
        private String digestUser;
        private String digestPassword;
        private boolean ntlm;
        private Duration startTimeout = Duration.ofSeconds(15);
        private IssuedCertificate tlsCertificate;
        private SquidNegotiate negotiate;

        private Builder() {
        }

        /**
         * Also listen for TLS ({@code https_port}, another free loopback port) with this certificate and key: an
         * HTTPS proxy, which takes the CONNECT request inside the TLS session. Same policy and access log as the
         * plain port. Debian's squid (GnuTLS) and squid-openssl both support it.
         */
        public Builder https(IssuedCertificate certificate) {
            this.tlsCertificate = Objects.requireNonNull(certificate, "certificate");
            return this;
        }

        /**
         * Require {@code Proxy-Authorization: Negotiate} with a Kerberos ticket for {@code servicePrincipal} (e.g.
         * {@code HTTP/localhost}) of {@code realm}, checked by squid's {@code negotiate_kerberos_auth} with the
         * service's keytab. The access log then names the client's principal ({@code alice@REALM}).
         */
        public Builder negotiateKerberos(KerberosRealm realm, Path serviceKeytab, String servicePrincipal) {
            this.negotiate = new SquidNegotiate(Objects.requireNonNull(realm, "realm"),
                    Objects.requireNonNull(serviceKeytab, "serviceKeytab"),
                    Objects.requireNonNull(servicePrincipal, "servicePrincipal"));
            return this;
        }

        /** Require {@code Proxy-Authorization: Basic} for this user and password (checked by squid's NCSA helper). */
        public Builder basicAuth(String user, String password) {
            this.user = Objects.requireNonNull(user, "user");
            this.password = Objects.requireNonNull(password, "password");
            if (user.contains(":") || user.isEmpty()) {
                throw new IllegalArgumentException("user must be non-empty without ':'");
            }
            return this;
        }

        /**
         * Offer Digest (MD5, qop=auth: squid 5.7 has no SHA-256 digest) for this user and password, checked by
         * squid's {@code digest_file_auth} against a plain-text password file.
         */
        public Builder digestAuth(String user, String password) {
            this.digestUser = Objects.requireNonNull(user, "user");
            this.digestPassword = Objects.requireNonNull(password, "password");
            if (user.contains(":") || user.isEmpty() || password.contains("\n")) {
                throw new IllegalArgumentException("user must be non-empty without ':', password on one line");
            }
            return this;
        }

        /**
         * Offer NTLM through squid's {@code ntlm_fake_auth}: a real NTLM handshake (negotiate, challenge,
         * authenticate) on one connection, where the helper accepts any user without checking the response.
         */
        public Builder ntlmFakeAuth() {
            this.ntlm = true;
            return this;
        }

        /** How long squid may take to accept connections; default 15 s (it takes ~150 ms). */
        public Builder startTimeout(Duration startTimeout) {
            this.startTimeout = Objects.requireNonNull(startTimeout, "startTimeout");
            return this;
        }

        /**
         * Starts squid and waits until it accepts connections.
         *
         * @throws IllegalStateException when squid (or, for authentication, htpasswd) is not installed, or squid
         *                               does not start; the message says why and includes squid's log
         */
        public Squid start() {
            Path squid = executable().orElseThrow(() -> new IllegalStateException(
                    "squid is not installed (looked on PATH and in " + SEARCH_PATH + "): " + INSTALL_HINT));
            if (user != null && find("htpasswd").isEmpty()) {
                throw new IllegalStateException("htpasswd is not installed (needed for squid Basic auth): "
                        + INSTALL_HINT);
            }
            for (Path helper : helpers()) {
                if (!Files.isExecutable(helper)) {
                    throw new IllegalStateException("squid's " + helper + " is missing: " + INSTALL_HINT);
                }
            }
            if (negotiate != null) {
                negotiate.requireHelper();
            }
            IllegalStateException last = null;
            // The free port is found by binding and releasing it; another process may take it in between.
            for (int attempt = 1; attempt <= START_ATTEMPTS; attempt++) {
                try {
                    return startOnce(squid);
                } catch (PortTakenException e) {
                    last = e;
                }
            }
            throw last;
        }

        private Squid startOnce(Path squid) {
            // squid accepts only an alphanumeric instance name; it prefixes the /dev/shm segments of the instance.
            String instance = "squidwsc" + ProcessHandle.current().pid() + "i" + INSTANCES.incrementAndGet();
            Path directory;
            try {
                directory = Files.createTempDirectory(instance + "-");
            } catch (IOException e) {
                throw new UncheckedIOException("cannot create a directory for squid", e);
            }
            Process process = null;
            try {
                int port = freePort();
                int httpsPort = tlsCertificate == null ? 0 : freePort();
                if (user != null) {
                    writePasswordFile(directory.resolve("htpasswd"));
                }
                if (tlsCertificate != null) {
                    // Copies inside squid's own directory, which is given to nobody below, so squid can read them.
                    Files.copy(tlsCertificate.chainPemFile(), directory.resolve("proxy-cert.pem"));
                    GnuTlsKeyFile.write(tlsCertificate, directory.resolve("proxy-key.pem"));
                }
                if (digestUser != null) {
                    // digest_file_auth reads "user:password" lines (plain text; -c would want user:realm:HA1).
                    Files.writeString(directory.resolve("digest-passwords"), digestUser + ":" + digestPassword + "\n");
                }
                if (negotiate != null) {
                    negotiate.prepare(directory);
                }
                Files.writeString(directory.resolve("squid.conf"), config(directory, port, httpsPort));
                boolean root = isRoot();
                if (root) {
                    giveToNobody(directory);
                }
                List<String> command = new ArrayList<>();
                if (root) {
                    // setpriv execs squid (same pid), unlike runuser: killing the process kills squid.
                    command.addAll(List.of(find("setpriv").map(Path::toString).orElse("setpriv"),
                            "--reuid=nobody", "--regid=" + nobodyGroup().getName(), "--clear-groups"));
                }
                command.addAll(List.of(squid.toString(), "-N", "-f", directory.resolve("squid.conf").toString(),
                        "-n", instance));
                ProcessBuilder builder = new ProcessBuilder(command).directory(directory.toFile())
                        .redirectErrorStream(true)
                        .redirectOutput(directory.resolve("squid.out").toFile());
                if (negotiate != null) {
                    builder.environment().putAll(negotiate.environment(directory));
                }
                process = builder.start();
                awaitAccepting(process, port, directory, startTimeout);
                if (httpsPort != 0) {
                    awaitAccepting(process, httpsPort, directory, startTimeout);
                }
                return new Squid(instance, directory, process, port,
                        Optional.ofNullable(user != null ? user : digestUser), httpsPort);
            } catch (IOException | RuntimeException e) {
                if (process != null) {
                    process.destroyForcibly();
                    try {
                        process.waitFor(5, TimeUnit.SECONDS);
                    } catch (InterruptedException interrupted) {
                        Thread.currentThread().interrupt();
                    }
                }
                String logs = readQuietly(directory.resolve("squid.out")) + readQuietly(directory.resolve("cache.log"));
                removeSharedMemory(instance);
                deleteRecursively(directory);
                if (logs.contains("Address already in use")) {
                    throw new PortTakenException(logs);
                }
                if (e instanceof IllegalStateException state) {
                    throw state;
                }
                throw new IllegalStateException("squid did not start: " + e + "\n" + logs, e);
            }
        }

        private String config(Path dir, int port, int httpsPort) {
            StringBuilder conf = new StringBuilder()
                    .append("http_port 127.0.0.1:").append(port).append('\n');
            if (httpsPort != 0) {
                conf.append("https_port 127.0.0.1:").append(httpsPort)
                        .append(" tls-cert=").append(dir.resolve("proxy-cert.pem"))
                        .append(" tls-key=").append(dir.resolve("proxy-key.pem")).append('\n');
            }
            conf
                    .append("pid_filename ").append(dir.resolve("squid.pid")).append('\n')
                    .append("cache_log ").append(dir.resolve("cache.log")).append('\n')
                    .append("access_log stdio:").append(dir.resolve("access.log")).append('\n')
                    .append("cache_store_log none\n")
                    .append("coredump_dir ").append(dir).append('\n')
                    .append("cache deny all\n")
                    .append("netdb_filename none\n")
                    // Never any DNS off this machine: targets are loopback literals anyway.
                    .append("dns_nameservers 127.0.0.1\n")
                    .append("shutdown_lifetime 0 seconds\n")
                    .append("pinger_enable off\n");
            if (user != null) {
                conf.append("auth_param basic program ").append(BASIC_AUTH_HELPER).append(' ')
                        .append(dir.resolve("htpasswd")).append('\n')
                        .append("auth_param basic children 2 startup=1 idle=1\n")
                        .append("auth_param basic realm ws-connector-test-squid\n");
            }
            if (digestUser != null) {
                conf.append("auth_param digest program ").append(DIGEST_AUTH_HELPER).append(' ')
                        .append(dir.resolve("digest-passwords")).append('\n')
                        .append("auth_param digest children 2 startup=1 idle=1\n")
                        .append("auth_param digest realm ws-connector-test-squid\n");
            }
            if (ntlm) {
                conf.append("auth_param ntlm program ").append(NTLM_AUTH_HELPER).append('\n')
                        .append("auth_param ntlm children 2 startup=1 idle=1\n");
            }
            if (negotiate != null) {
                conf.append(negotiate.config(dir));
            }
            if (requiresAuth()) {
                conf.append("acl authed proxy_auth REQUIRED\n");
            }
            conf.append("acl CONNECT method CONNECT\n")
                    .append("acl local_dst dst 127.0.0.1 ::1\n")
                    .append("acl high_ports port 1024-65535\n");
            if (requiresAuth()) {
                conf.append("http_access deny !authed\n");
            }
            conf.append("http_access allow CONNECT local_dst high_ports\n")
                    .append("http_access deny all\n");
            return conf.toString();
        }

        private boolean requiresAuth() {
            return user != null || digestUser != null || ntlm || negotiate != null;
        }

        private List<Path> helpers() {
            List<Path> helpers = new ArrayList<>();
            if (user != null) {
                helpers.add(BASIC_AUTH_HELPER);
            }
            if (digestUser != null) {
                helpers.add(DIGEST_AUTH_HELPER);
            }
            if (ntlm) {
                helpers.add(NTLM_AUTH_HELPER);
            }
            return helpers;
        }

        /** htpasswd reads the password from stdin ({@code -i}) so that it never shows in a process list. */
        private void writePasswordFile(Path file) throws IOException {
            Process htpasswd = new ProcessBuilder(find("htpasswd").orElseThrow().toString(), "-i", "-c",
                    file.toString(), user).redirectErrorStream(true).start();
            try (OutputStream in = htpasswd.getOutputStream()) {
                in.write((password + "\n").getBytes(StandardCharsets.UTF_8));
            }
            try {
                String output = new String(htpasswd.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                if (!htpasswd.waitFor(10, TimeUnit.SECONDS) || htpasswd.exitValue() != 0) {
                    throw new IllegalStateException("htpasswd failed: " + output);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while writing the squid password file", e);
            }
        }
    }

    private static final class PortTakenException extends IllegalStateException {
        private static final long serialVersionUID = 1L;

        PortTakenException(String logs) {
            super("squid could not bind its port (taken meanwhile):\n" + logs);
        }
    }

    private static void awaitAccepting(Process process, int port, Path directory, Duration timeout) {
        long end = System.nanoTime() + timeout.toNanos();
        InetSocketAddress address = new InetSocketAddress(InetAddress.getLoopbackAddress(), port);
        while (true) {
            if (!process.isAlive()) {
                throw new IllegalStateException("squid exited with status " + process.exitValue()
                        + " before accepting connections:\n" + readQuietly(directory.resolve("squid.out"))
                        + readQuietly(directory.resolve("cache.log")));
            }
            try (Socket probe = new Socket()) {
                probe.connect(address, 200);
                return;
            } catch (IOException notYet) {
                if (System.nanoTime() > end) {
                    throw new IllegalStateException("squid did not accept connections on 127.0.0.1:" + port
                            + " within " + timeout.toMillis() + " ms:\n" + readQuietly(directory.resolve("cache.log")));
                }
            }
            pause(); // a process start has no event to wait on: poll the port
        }
    }

    private static void pause() {
        try {
            Thread.sleep(20);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AwaitTimeoutException("interrupted while waiting for squid");
        }
    }

    static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    static Optional<Path> find(String program) {
        String path = System.getenv().getOrDefault("PATH", "");
        return Stream.concat(Stream.of(path.split(":")).filter(p -> !p.isEmpty()).map(Path::of), SEARCH_PATH.stream())
                .map(dir -> dir.resolve(program))
                .filter(file -> Files.isRegularFile(file) && Files.isExecutable(file))
                .findFirst();
    }

    private static boolean isRoot() {
        try {
            return ((Number) Files.getAttribute(Path.of("/proc/self"), "unix:uid")).intValue() == 0;
        } catch (IOException | UnsupportedOperationException e) {
            return "root".equals(System.getProperty("user.name"));
        }
    }

    private static GroupPrincipal nobodyGroup() throws IOException {
        UserPrincipalLookupService lookup = Path.of("/").getFileSystem().getUserPrincipalLookupService();
        try {
            return lookup.lookupPrincipalByGroupName("nogroup"); // Debian
        } catch (UserPrincipalNotFoundException e) {
            return lookup.lookupPrincipalByGroupName("nobody"); // Fedora and others
        }
    }

    /** squid running as nobody must read its config and write its logs in the directory. */
    private static void giveToNobody(Path directory) throws IOException {
        UserPrincipal nobody = directory.getFileSystem().getUserPrincipalLookupService()
                .lookupPrincipalByName("nobody");
        GroupPrincipal group = nobodyGroup();
        try (Stream<Path> paths = Files.walk(directory)) {
            for (Path path : paths.toList()) {
                PosixFileAttributeView view = Files.getFileAttributeView(path, PosixFileAttributeView.class);
                view.setOwner(nobody);
                view.setGroup(group);
            }
        }
    }

    /** SIGKILL leaves the instance's shared-memory segments behind; they are named after the instance. */
    private static void removeSharedMemory(String instance) {
        if (!Files.isDirectory(SHARED_MEMORY)) {
            return;
        }
        try (DirectoryStream<Path> segments = Files.newDirectoryStream(SHARED_MEMORY, instance + "-*")) {
            for (Path segment : segments) {
                Files.deleteIfExists(segment);
            }
        } catch (IOException e) {
            // best effort: a leftover segment only costs a little memory until reboot
        }
    }

    static void deleteRecursively(Path directory) {
        if (!Files.exists(directory)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(directory)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        } catch (IOException e) {
            // best effort: it is a temporary directory
        }
    }

    static String readQuietly(Path file) {
        try {
            return Files.exists(file) ? Files.readString(file, StandardCharsets.UTF_8) : "";
        } catch (IOException e) {
            return "(cannot read " + file + ": " + e + ")";
        }
    }
}
