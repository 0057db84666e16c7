package org.wsconnector.impl.config;

import org.wsconnector.config.Credentials;
import org.wsconnector.config.Secret;

import java.net.InetSocketAddress;
import java.net.Proxy;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Finds what the platform says about the route to one URI: the environment's {@code https_proxy}/{@code http_proxy}
 * and {@code no_proxy} (lower case first, then upper case, as curl reads them), or the JVM's {@code https.proxyHost}/
 * {@code http.proxyHost} with {@code http.nonProxyHosts}, else its {@link java.net.ProxySelector} when
 * {@code java.net.useSystemProxies=true} or the application installed one. Empty when the source says nothing;
 * a value that cannot be used goes to {@code problems} (its user info masked), never read as "direct".
 */
final class PlatformProxyLookup {
    /** The JDK's own default for {@code http.nonProxyHosts}. */
    static final String JDK_NON_PROXY_HOSTS = "localhost|127.*|[::1]|0.0.0.0|[::0]";

    /** What a source says: go through a proxy, or go direct because the host is exempt. */
    sealed interface Found permits Through, Direct {
        String origin();
    }

    /** @param tls whether the source names an https:// proxy */
    record Through(String host, int port, Optional<Credentials> credentials, boolean tls, String origin)
            implements Found {
    }

    record Direct(String origin) implements Found {
    }

    private final PlatformProxySettings platform;
    private final Consumer<String> problems;

    PlatformProxyLookup(PlatformProxySettings platform, Consumer<String> problems) {
        this.platform = platform;
        this.problems = problems;
    }

    Optional<Found> environment(URI uri, boolean secure) {
        String name = secure ? "https_proxy" : "http_proxy";
        Optional<Variable> proxy = variable(name);
        if (proxy.isEmpty()) {
            return Optional.empty();
        }
        Optional<Variable> noProxy = variable("no_proxy");
        if (noProxy.isPresent()) {
            NoProxyRules.Parsed parsed = NoProxyRules.parseList(noProxy.get().value());
            if (parsed.problem().isPresent()) {
                problems.accept(noProxy.get().name() + ": " + parsed.problem().get());
                return Optional.empty();
            }
            Optional<String> entry = parsed.rules().orElseThrow().match(uri.getHost());
            if (entry.isPresent()) {
                return Optional.of(new Direct(noProxy.get().name() + " entry '" + SafeText.quote(entry.get()) + "'"));
            }
        }
        return proxyUrl(proxy.get());
    }

    Optional<Found> jvm(URI uri, int port, boolean secure) {
        String prefix = secure ? "https" : "http";
        Optional<String> host = property(prefix + ".proxyHost");
        if (host.isPresent()) {
            String nonProxyHosts = property("http.nonProxyHosts").orElse(JDK_NON_PROXY_HOSTS);
            NoProxyRules.Parsed parsed = NoProxyRules.parseJvm(nonProxyHosts);
            if (parsed.problem().isPresent()) {
                problems.accept("http.nonProxyHosts: " + parsed.problem().get());
                return Optional.empty();
            }
            Optional<String> entry = parsed.rules().orElseThrow().match(uri.getHost());
            if (entry.isPresent()) {
                return Optional.of(new Direct("http.nonProxyHosts entry '" + SafeText.quote(entry.get()) + "'"));
            }
            return jvmProxy(prefix, host.get().trim(), secure ? 443 : 80);
        }
        boolean systemProxies = property("java.net.useSystemProxies").map("true"::equalsIgnoreCase).orElse(false);
        if (!systemProxies && platform.selectorIsTheJdks()) {
            return Optional.empty();
        }
        return selected(uri, port, secure);
    }

    private Optional<Found> jvmProxy(String prefix, String host, int defaultPort) {
        String portKey = prefix + ".proxyPort";
        Optional<String> portText = property(portKey);
        int port = defaultPort;
        if (portText.isPresent()) {
            String text = portText.get().trim();
            if (!text.matches("\\d{1,5}") || !Defaults.PORT_RANGE.contains(Integer.parseInt(text))) {
                problems.accept(portKey + " '" + SafeText.quote(text) + "' is not a port from 1 to 65535");
                return Optional.empty();
            }
            port = Integer.parseInt(text);
        }
        int chosen = port;
        return checkedHost(prefix + ".proxyHost", host)
                .map(h -> new Through(h, chosen, Optional.empty(), false, prefix + ".proxyHost"));
    }

    /** The JVM's selector: its first HTTP proxy; DIRECT (or nothing) says nothing, a SOCKS proxy is a problem. */
    private Optional<Found> selected(URI uri, int port, boolean secure) {
        List<Proxy> proxies;
        try {
            proxies = platform.selector().select(new URI(secure ? "https" : "http", null, uri.getHost(), port, "/",
                    null, null));
        } catch (URISyntaxException | RuntimeException e) {
            problems.accept("the JVM's ProxySelector failed: " + SafeText.quote(String.valueOf(e.getMessage())));
            return Optional.empty();
        }
        for (Proxy proxy : proxies == null ? List.<Proxy>of() : proxies) {
            if (proxy.type() == Proxy.Type.SOCKS) {
                problems.accept("the JVM's ProxySelector names a SOCKS proxy, which the connector does not support");
                return Optional.empty();
            }
            if (proxy.type() == Proxy.Type.HTTP && proxy.address() instanceof InetSocketAddress address) {
                return checkedHost("ProxySelector", address.getHostString()).map(h ->
                        new Through(h, address.getPort(), Optional.empty(), false, "the JVM's ProxySelector"));
            }
        }
        return Optional.empty();
    }

    /** {@code [http|https://][user:password@]host[:port][/]}; the password never shown. */
    private Optional<Found> proxyUrl(Variable variable) {
        String text = variable.value().trim();
        String withScheme = text.contains("://") ? text : "http://" + text;
        URI url;
        try {
            url = new URI(withScheme);
        } catch (URISyntaxException e) {
            return refuse(variable, "not a proxy URL");
        }
        String scheme = url.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https")) {
            return refuse(variable, "the scheme " + SafeText.quote(scheme) + " is not supported (http or https)");
        }
        if (url.getHost() == null) {
            return refuse(variable, "no host");
        }
        if (url.getRawPath() != null && !url.getRawPath().isEmpty() && !url.getRawPath().equals("/")
                || url.getRawQuery() != null || url.getRawFragment() != null) {
            return refuse(variable, "a proxy URL has no path, query or fragment");
        }
        boolean tls = scheme.equals("https");
        int port = url.getPort() < 0 ? (tls ? 443 : 80) : url.getPort();
        Optional<Credentials> credentials = Optional.empty();
        String userInfo = url.getRawUserInfo();
        if (userInfo != null) {
            int colon = userInfo.indexOf(':');
            String user;
            String password;
            try {
                user = decode(colon < 0 ? userInfo : userInfo.substring(0, colon));
                password = colon < 0 ? "" : decode(userInfo.substring(colon + 1));
            } catch (IllegalArgumentException badEscape) {
                return refuse(variable, "the user info has an invalid %-escape");
            }
            if (user.isEmpty() || user.indexOf(':') >= 0 || ClientValues.hasLineBreak(user + password)) {
                return refuse(variable, "the user info is not a usable user name and password");
            }
            credentials = Optional.of(new Credentials(user, Secret.of(password)));
        }
        Optional<Credentials> found = credentials;
        return checkedHost(variable.name(), url.getHost())
                .map(host -> new Through(host, port, found, tls, variable.name()));
    }

    private Optional<String> checkedHost(String origin, String rawHost) {
        String host = rawHost.startsWith("[") && rawHost.endsWith("]")
                ? rawHost.substring(1, rawHost.length() - 1) : rawHost;
        Optional<String> problem = ProxySection.hostProblem(host, host.indexOf(':') >= 0);
        if (problem.isPresent()) {
            problems.accept(origin + ": " + problem.get());
            return Optional.empty();
        }
        return Optional.of(host);
    }

    private Optional<Found> refuse(Variable variable, String reason) {
        problems.accept(variable.name() + " '" + SafeText.quote(masked(variable.value())) + "': " + reason);
        return Optional.empty();
    }

    /** The value with its user info replaced by the mask, for messages. */
    static String masked(String url) {
        int at = url.lastIndexOf('@');
        if (at < 0) {
            return url;
        }
        int start = url.indexOf("://");
        return (start < 0 || start > at ? "" : url.substring(0, start + 3)) + Secret.MASK + url.substring(at);
    }

    private static String decode(String part) {
        return URLDecoder.decode(part.replace("+", "%2B"), StandardCharsets.UTF_8);
    }

    private record Variable(String name, String value) {
    }

    /** Lower case first, then upper case; an empty value counts as not set. */
    private Optional<Variable> variable(String lowerCaseName) {
        for (String name : List.of(lowerCaseName, lowerCaseName.toUpperCase(Locale.ROOT))) {
            Optional<String> value = platform.environment(name).filter(v -> !v.isBlank());
            if (value.isPresent()) {
                return Optional.of(new Variable(name, value.get()));
            }
        }
        return Optional.empty();
    }

    private Optional<String> property(String name) {
        return platform.systemProperty(name).filter(v -> !v.isBlank());
    }
}
