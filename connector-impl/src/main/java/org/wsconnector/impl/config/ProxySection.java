package org.wsconnector.impl.config;

import org.wsconnector.config.Credentials;
import org.wsconnector.config.ProxyAuthScheme;
import org.wsconnector.config.ProxyConfig;
import org.wsconnector.config.TlsConfig;

import java.net.URI;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

import static org.wsconnector.ConfigProblemCode.CONFLICTING_KEYS;
import static org.wsconnector.ConfigProblemCode.IGNORED_KEYS;
import static org.wsconnector.ConfigProblemCode.INVALID_LIST;
import static org.wsconnector.ConfigProblemCode.INVALID_NO_PROXY;
import static org.wsconnector.ConfigProblemCode.INVALID_PROXY_ADDRESS;
import static org.wsconnector.ConfigProblemCode.MISSING_COMPANION_KEY;
import static org.wsconnector.ConfigProblemCode.MISSING_LIBRARY;
import static org.wsconnector.ConfigProblemCode.NO_PLATFORM_PROXY;
import static org.wsconnector.ConfigProblemCode.OUT_OF_RANGE;
import static org.wsconnector.ConfigProblemCode.UNKNOWN_VALUE;
import static org.wsconnector.ConfigProblemCode.UNUSABLE_PLATFORM_PROXY;
import static org.wsconnector.impl.config.ClientKeys.PROXY_AUTH_PREEMPTIVE;
import static org.wsconnector.impl.config.ClientKeys.PROXY_AUTH_SCHEMES;
import static org.wsconnector.impl.config.ClientKeys.PROXY_HOST;
import static org.wsconnector.impl.config.ClientKeys.PROXY_NO_PROXY;
import static org.wsconnector.impl.config.ClientKeys.PROXY_PASSWORD;
import static org.wsconnector.impl.config.ClientKeys.PROXY_SOURCE;
import static org.wsconnector.impl.config.ClientKeys.PROXY_TLS;
import static org.wsconnector.impl.config.ClientKeys.PROXY_TLS_CA_FILE;
import static org.wsconnector.impl.config.ClientKeys.PROXY_TLS_TRUST_STORE;
import static org.wsconnector.impl.config.ClientKeys.PROXY_TLS_TRUST_STORE_PASSWORD;
import static org.wsconnector.impl.config.ClientKeys.PROXY_TLS_TRUST_STORE_TYPE;
import static org.wsconnector.impl.config.ClientKeys.PROXY_TLS_VERIFY_HOSTNAME;
import static org.wsconnector.impl.config.ClientKeys.PROXY_USERNAME;

/**
 * The route of a client: through a forward HTTP proxy or direct. The proxy comes from {@code proxy.host} (host:port,
 * port mandatory) or, when {@code proxy.source} says so, from the platform ({@link PlatformProxyLookup}); the hop to
 * it is TLS with {@code proxy.tls} (or an https:// proxy URL); {@code proxy.no-proxy} exempts hosts. The route is
 * decided once, at boot: the client's URI does not change. Whatever the proxy's origin, {@code proxy.auth-schemes}
 * limits the schemes that may answer its challenges and {@code proxy.auth-preemptive} says whether Basic goes first.
 */
final class ProxySection {
    private static final Pattern HOST_NAME = Pattern.compile("[A-Za-z0-9._-]+");
    private static final Pattern IPV6 = Pattern.compile("[0-9A-Fa-f:.]+(%[A-Za-z0-9._-]+)?");
    private static final Pattern PORT = Pattern.compile("\\d+");
    private static final String ALLOWED =
            "host:port of an HTTP proxy, e.g. proxy.corp.example:3128 or [::1]:3128, without scheme";
    private static final String SOURCES_ALLOWED = "config (the default: proxy.host, or direct without it), none "
            + "(direct), or jvm and/or environment in the order to try, optionally followed by none to allow a "
            + "direct connection when they define no proxy";

    /** Where a client takes its proxy from ({@code proxy.source}). */
    enum Source {
        CONFIG, JVM, ENVIRONMENT, NONE;

        String configValue() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /**
     * @param proxy    the proxy to tunnel through; empty for a direct connection
     * @param decision how the route was chosen, for the one INFO line at boot (no secrets); empty for a client that
     *                 simply has no proxy settings
     */
    record Route(Optional<ProxyConfig> proxy, Optional<String> decision) {
        static Route direct() {
            return new Route(Optional.empty(), Optional.empty());
        }

        Route withAuthentication(Set<ProxyAuthScheme> schemes, boolean preemptive) {
            return new Route(proxy.map(p -> new ProxyConfig(p.host(), p.port(), p.credentials(), p.tls(), schemes,
                    preemptive)), decision);
        }
    }

    private ProxySection() {
    }

    static Route read(ClientValues values, Optional<URI> uri, PlatformProxySettings platform) {
        Set<ProxyAuthScheme> schemes = authSchemes(values);
        boolean preemptive = values.bool(PROXY_AUTH_PREEMPTIVE, schemes.contains(ProxyAuthScheme.BASIC));
        if (preemptive && !schemes.contains(ProxyAuthScheme.BASIC)) {
            values.invalid(CONFLICTING_KEYS, PROXY_AUTH_PREEMPTIVE, values.raw(PROXY_AUTH_PREEMPTIVE),
                    "preemptive credentials are Basic, which proxy.auth-schemes does not allow",
                    "false, or add basic to proxy.auth-schemes");
        }
        return route(values, uri, platform).withAuthentication(schemes, preemptive);
    }

    private static Route route(ClientValues values, Optional<URI> uri, PlatformProxySettings platform) {
        List<Source> sources = sources(values);
        Optional<Credentials> credentials = values.credentials(PROXY_USERNAME, PROXY_PASSWORD);
        boolean tlsWanted = values.bool(PROXY_TLS, false);
        Optional<TlsConfig> tls = proxyTls(values);
        NoProxyRules noProxy = noProxy(values);
        boolean fromConfig = sources.equals(List.of(Source.CONFIG));
        if (!fromConfig && values.has(PROXY_HOST)) {
            values.problem(CONFLICTING_KEYS, PROXY_SOURCE, "proxy.host is set, and an explicit proxy is never "
                    + "replaced by the platform's; allowed: proxy.source=config (or unset) with proxy.host, or no "
                    + "proxy.host");
            return Route.direct();
        }
        if (fromConfig) {
            return configured(values, uri, credentials, tlsWanted, tls, noProxy);
        }
        if (uri.isEmpty()) {
            return Route.direct(); // the URI's own problem is reported; no route to decide
        }
        return platform(values, uri.get(), sources, platform, credentials, tlsWanted, tls, noProxy);
    }

    private static Route configured(ClientValues values, Optional<URI> uri, Optional<Credentials> credentials,
                                    boolean tlsWanted, Optional<TlsConfig> tls, NoProxyRules noProxy) {
        String text = values.raw(PROXY_HOST);
        if (text == null) {
            // Set but unresolvable is reported as such; never read as "no proxy".
            if (credentials.isPresent() && !values.has(PROXY_HOST)) {
                values.problem(MISSING_COMPANION_KEY, PROXY_HOST,
                        "missing while proxy.username/proxy.password are set; allowed: host:port");
            } else if (!values.has(PROXY_HOST)
                    && (values.has(PROXY_AUTH_SCHEMES) || values.has(PROXY_AUTH_PREEMPTIVE))) {
                values.problem(MISSING_COMPANION_KEY, PROXY_HOST,
                        "missing while proxy.auth-schemes/proxy.auth-preemptive are set; allowed: host:port");
            }
            if (!values.has(PROXY_HOST) && (tlsWanted || anyProxyTlsKey(values) || values.has(PROXY_NO_PROXY))) {
                values.problem(IGNORED_KEYS, PROXY_HOST, "proxy.tls* or proxy.no-proxy are set without a proxy, "
                        + "so they would be ignored; allowed: proxy.host or proxy.source, or none of them");
            }
            return Route.direct();
        }
        Optional<ProxyConfig> proxy = address(values, text).map(address ->
                new ProxyConfig(address.host(), address.port(), credentials, tlsWanted ? tls : Optional.empty()));
        if (proxy.isEmpty() || uri.isEmpty()) {
            return new Route(proxy, Optional.empty());
        }
        warnIfTlsKeysIgnored(values, tlsWanted);
        Optional<String> exempt = noProxy.match(uri.get().getHost());
        if (exempt.isPresent()) {
            return new Route(Optional.empty(), Optional.of("direct: the host matches proxy.no-proxy entry '"
                    + SafeText.quote(exempt.get()) + "' (proxy.host " + proxy.get().address() + " not used)"));
        }
        return new Route(proxy, Optional.of("through " + proxy.get().displayUri() + " (proxy.host)"));
    }

    private static Route platform(ClientValues values, URI uri, List<Source> sources, PlatformProxySettings platform,
                                  Optional<Credentials> credentials, boolean tlsWanted, Optional<TlsConfig> tls,
                                  NoProxyRules noProxy) {
        String sourceText = values.raw(PROXY_SOURCE).trim();
        boolean secure = "wss".equalsIgnoreCase(uri.getScheme());
        int port = uri.getPort() >= 0 ? uri.getPort() : secure ? 443 : 80;
        List<String> problems = new ArrayList<>();
        PlatformProxyLookup lookup = new PlatformProxyLookup(platform, problems::add);
        for (Source source : sources) {
            if (source == Source.NONE) {
                return new Route(Optional.empty(), Optional.of("direct (proxy.source=" + sourceText + ")"));
            }
            Optional<PlatformProxyLookup.Found> found = source == Source.JVM ? lookup.jvm(uri, port, secure)
                    : lookup.environment(uri, secure);
            if (!problems.isEmpty()) {
                values.invalid(UNUSABLE_PLATFORM_PROXY, PROXY_SOURCE, sourceText, "the " + source.configValue()
                        + " proxy setting cannot be used: " + problems.get(0), "a proxy URL http(s)://[user:"
                        + "password@]host[:port], a host name or IP literal, a port from 1 to 65535");
                return Route.direct();
            }
            if (found.isPresent()) {
                return platformRoute(values, uri, source, sourceText, found.get(), credentials, tlsWanted, tls,
                        noProxy);
            }
        }
        values.invalid(NO_PLATFORM_PROXY, PROXY_SOURCE, sourceText, "none of these sources defines a proxy for "
                + (secure ? "wss" : "ws") + ":// (environment: " + (secure ? "https_proxy/HTTPS_PROXY" : "http_proxy/"
                + "HTTP_PROXY") + "; jvm: " + (secure ? "https" : "http") + ".proxyHost, java.net.useSystemProxies), "
                + "and a direct connection was not allowed", "set the proxy there, or end proxy.source with none "
                + "to allow a direct connection");
        return Route.direct();
    }

    private static Route platformRoute(ClientValues values, URI uri, Source source, String sourceText,
                                       PlatformProxyLookup.Found found, Optional<Credentials> credentials,
                                       boolean tlsWanted, Optional<TlsConfig> tls, NoProxyRules noProxy) {
        String origin = found.origin() + " (proxy.source=" + sourceText + ", " + source.configValue() + ")";
        if (found instanceof PlatformProxyLookup.Direct) {
            return new Route(Optional.empty(), Optional.of("direct: the host matches " + origin));
        }
        PlatformProxyLookup.Through through = (PlatformProxyLookup.Through) found;
        boolean secureHop = tlsWanted || through.tls();
        warnIfTlsKeysIgnored(values, secureHop);
        // Explicit proxy.username/proxy.password win over user info in a proxy URL.
        Optional<Credentials> chosen = credentials.isPresent() ? credentials : through.credentials();
        ProxyConfig proxy = new ProxyConfig(through.host(), through.port(), chosen,
                secureHop ? tls.or(() -> Optional.of(TlsConfig.defaults())) : Optional.empty());
        Optional<String> exempt = noProxy.match(uri.getHost());
        if (exempt.isPresent()) {
            return new Route(Optional.empty(), Optional.of("direct: the host matches proxy.no-proxy entry '"
                    + SafeText.quote(exempt.get()) + "' (" + proxy.displayUri() + " from " + origin + " not used)"));
        }
        return new Route(Optional.of(proxy), Optional.of("through " + proxy.displayUri() + " from " + origin
                + chosen.map(c -> ", as user " + SafeText.quote(c.username())).orElse("")));
    }

    /** Default: every scheme; the strongest the proxy offers wins, so allowing more never weakens a choice. */
    private static Set<ProxyAuthScheme> authSchemes(ClientValues values) {
        String text = values.raw(PROXY_AUTH_SCHEMES);
        if (text == null) {
            return EnumSet.allOf(ProxyAuthScheme.class);
        }
        String allowed = "a comma list of negotiate, ntlm, digest, basic";
        Set<ProxyAuthScheme> schemes = EnumSet.noneOf(ProxyAuthScheme.class);
        for (String name : ClientValues.splitList(text)) {
            Optional<ProxyAuthScheme> scheme = ProxyAuthScheme.of(name);
            if (scheme.isEmpty()) {
                values.invalid(UNKNOWN_VALUE, PROXY_AUTH_SCHEMES, text,
                        "unknown scheme '" + SafeText.quote(name) + "'", allowed);
            }
            if (scheme.isPresent() && !schemes.add(scheme.get())) {
                values.invalid(INVALID_LIST, PROXY_AUTH_SCHEMES, text,
                        "'" + SafeText.quote(name) + "' is named twice", allowed);
            }
        }
        if (ClientValues.splitList(text).isEmpty()) {
            values.invalid(INVALID_LIST, PROXY_AUTH_SCHEMES, text, "empty", allowed);
        }
        // Named on purpose, so it must work; the default list merely skips NTLM without the library (at connect).
        if (schemes.contains(ProxyAuthScheme.NTLM) && !OptionalLibrary.BOUNCY_CASTLE.present()) {
            values.invalid(MISSING_LIBRARY, PROXY_AUTH_SCHEMES, text, "NTLM needs Bouncy Castle's MD4, which is not "
                    + "on the class path", "add " + OptionalLibrary.BOUNCY_CASTLE.coordinates()
                    + " to the application, or leave ntlm out");
        }
        return schemes;
    }

    /** {@code proxy.source}: config alone, none alone, or platform sources optionally ending with none. */
    private static List<Source> sources(ClientValues values) {
        String text = values.raw(PROXY_SOURCE);
        if (text == null) {
            return List.of(Source.CONFIG);
        }
        List<Source> sources = new ArrayList<>();
        for (String item : ClientValues.splitList(text)) {
            Optional<Source> source = java.util.Arrays.stream(Source.values())
                    .filter(s -> s.configValue().equals(item.toLowerCase(Locale.ROOT))).findFirst();
            if (source.isEmpty()) {
                values.invalid(UNKNOWN_VALUE, PROXY_SOURCE, text, "unknown source '" + SafeText.quote(item) + "'",
                        SOURCES_ALLOWED);
                return List.of(Source.CONFIG);
            }
            if (sources.contains(source.get())) {
                values.invalid(UNKNOWN_VALUE, PROXY_SOURCE, text, "'" + item + "' is listed twice", SOURCES_ALLOWED);
                return List.of(Source.CONFIG);
            }
            sources.add(source.get());
        }
        // Alone, any source; in a list, platform sources, with none only as the last resort.
        int none = sources.indexOf(Source.NONE);
        boolean valid = sources.size() == 1 || (sources.size() > 1 && !sources.contains(Source.CONFIG)
                && (none < 0 || none == sources.size() - 1));
        if (!valid) {
            values.invalid(UNKNOWN_VALUE, PROXY_SOURCE, text, "not a valid combination of sources", SOURCES_ALLOWED);
            return List.of(Source.CONFIG);
        }
        return sources;
    }

    /** The trust settings of the TLS hop to the proxy, as given by proxy.tls.* (defaults: the JVM's trust). */
    private static Optional<TlsConfig> proxyTls(ClientValues values) {
        TlsSection.Trust trust = TlsSection.trust(values, PROXY_TLS_TRUST_STORE, PROXY_TLS_TRUST_STORE_PASSWORD,
                PROXY_TLS_TRUST_STORE_TYPE, PROXY_TLS_CA_FILE);
        boolean verifyHostname = values.bool(PROXY_TLS_VERIFY_HOSTNAME, Defaults.PROXY_TLS_VERIFY_HOSTNAME);
        return Optional.of(new TlsConfig(trust.store(), trust.caFile(), Optional.empty(), Optional.empty(),
                Optional.empty(), true, verifyHostname, Defaults.TLS_PROTOCOLS));
    }

    private static void warnIfTlsKeysIgnored(ClientValues values, boolean secureHop) {
        if (!secureHop && anyProxyTlsKey(values)) {
            values.problem(IGNORED_KEYS, PROXY_TLS, "proxy.tls.* keys are set but the hop to the proxy is plain "
                    + "HTTP, so they would be ignored; allowed: proxy.tls=true (or an https:// proxy), or no "
                    + "proxy.tls.* keys");
        }
    }

    private static boolean anyProxyTlsKey(ClientValues values) {
        return values.keys().stream().anyMatch(key -> key.startsWith(PROXY_TLS + "."));
    }

    private static NoProxyRules noProxy(ClientValues values) {
        String text = values.raw(PROXY_NO_PROXY);
        if (text == null) {
            return NoProxyRules.none();
        }
        NoProxyRules.Parsed parsed = NoProxyRules.parseList(text);
        if (parsed.problem().isPresent()) {
            values.invalid(INVALID_NO_PROXY, PROXY_NO_PROXY, text, parsed.problem().get(), NoProxyRules.ALLOWED);
            return NoProxyRules.none();
        }
        return parsed.rules().orElseThrow();
    }

    record Address(String host, int port) {
    }

    private static Optional<Address> address(ClientValues values, String text) {
        String value = text.trim();
        if (value.contains("://")) {
            return refuse(values, text, "give host:port without a scheme (the tunnel is always HTTP CONNECT; "
                    + "for TLS to the proxy set proxy.tls=true)");
        }
        int colon = value.lastIndexOf(':');
        boolean bracketed = value.startsWith("[");
        if (colon < 0 || (bracketed && colon < value.indexOf(']'))) {
            return refuse(values, text, "the port is missing");
        }
        String host = value.substring(0, colon);
        if (bracketed) {
            if (!host.endsWith("]")) {
                return refuse(values, text, "unbalanced brackets around an IPv6 address");
            }
            host = host.substring(1, host.length() - 1);
        }
        Optional<String> problem = hostProblem(host, bracketed);
        if (problem.isPresent()) {
            return refuse(values, text, problem.get());
        }
        String portText = value.substring(colon + 1);
        if (!PORT.matcher(portText).matches()) {
            return refuse(values, text, "the port is not a number");
        }
        int port = portText.length() > 5 ? Integer.MAX_VALUE : Integer.parseInt(portText);
        if (!Defaults.PORT_RANGE.contains(port)) {
            values.invalid(OUT_OF_RANGE, PROXY_HOST, text, "the port " + Defaults.PORT_RANGE.mustBe(),
                    "a port from 1 to 65535");
            return Optional.empty();
        }
        return Optional.of(new Address(host, port));
    }

    /** Why {@code host} (without brackets; {@code ipv6}: it was bracketed) cannot be a proxy host; empty if it can. */
    static Optional<String> hostProblem(String host, boolean ipv6) {
        if (ipv6) {
            return IPV6.matcher(host).matches() ? Optional.empty()
                    : Optional.of("not an IPv6 address between the brackets");
        }
        if (host.indexOf(':') >= 0) {
            return Optional.of("an IPv6 address needs brackets");
        }
        if (!host.isEmpty() && !HOST_NAME.matcher(host).matches()) {
            // A space, CR/LF or any other such character would end up in the CONNECT request line.
            return Optional.of("the host may hold only letters, digits, '.', '-' and '_'");
        }
        return host.isEmpty() ? Optional.of("the host is missing") : Optional.empty();
    }

    private static Optional<Address> refuse(ClientValues values, String text, String reason) {
        values.invalid(INVALID_PROXY_ADDRESS, PROXY_HOST, text, reason, ALLOWED);
        return Optional.empty();
    }
}
