package org.wsconnector.impl.config;

import java.math.BigInteger;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Predicate;
import java.util.regex.Pattern;

/**
 * Hosts that are reached directly, not through the proxy: {@code proxy.no-proxy}, {@code NO_PROXY} and the JVM's
 * {@code http.nonProxyHosts}. Matched against the host of the client's URI as written: no DNS lookup, ever (a
 * lookup at boot would make the route depend on the resolver of the moment, and a CIDR entry never matches a name).
 */
final class NoProxyRules {
    private static final Pattern IPV4 = Pattern.compile("(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})");
    private static final Pattern IPV6 = Pattern.compile("[0-9A-Fa-f:.]*:[0-9A-Fa-f:.]*");
    private static final Pattern DOMAIN = Pattern.compile("[A-Za-z0-9_-]+(\\.[A-Za-z0-9_-]+)*");
    private static final Pattern GLOB = Pattern.compile("[A-Za-z0-9_.*:\\[\\]-]+");
    static final String ALLOWED = "a comma list of '*', host suffixes (example.com, .example.com), "
            + "IP literals (10.0.0.7, ::1) and CIDR blocks (10.0.0.0/8, fd00::/8), without ports";

    private record Rule(String entry, Predicate<String> matches) {
    }

    private final List<Rule> rules;

    private NoProxyRules(List<Rule> rules) {
        this.rules = List.copyOf(rules);
    }

    static NoProxyRules none() {
        return new NoProxyRules(List.of());
    }

    /** Parsed rules, or the reason of the first entry that is none of the allowed forms. */
    record Parsed(Optional<NoProxyRules> rules, Optional<String> problem) {
    }

    /** A comma (or space) separated list as in {@code proxy.no-proxy} and {@code NO_PROXY}. */
    static Parsed parseList(String text) {
        List<Rule> rules = new ArrayList<>();
        for (String raw : text.split("[,\\s]+")) {
            String entry = raw.trim();
            if (entry.isEmpty()) {
                continue;
            }
            Optional<Rule> rule = listEntry(entry);
            if (rule.isEmpty()) {
                return new Parsed(Optional.empty(), Optional.of("'" + SafeText.quote(entry) + "' is not a host "
                        + "suffix, IP literal, CIDR block or '*'"));
            }
            rules.add(rule.get());
        }
        return new Parsed(Optional.of(new NoProxyRules(rules)), Optional.empty());
    }

    /** The JVM's {@code http.nonProxyHosts}: '|' separated host patterns, '*' a wildcard (as the JDK reads it). */
    static Parsed parseJvm(String text) {
        List<Rule> rules = new ArrayList<>();
        for (String raw : text.split("\\|")) {
            String entry = raw.trim().toLowerCase(Locale.ROOT);
            if (entry.isEmpty()) {
                continue;
            }
            if (!GLOB.matcher(entry).matches()) {
                return new Parsed(Optional.empty(), Optional.of("'" + SafeText.quote(entry) + "' is not a host "
                        + "pattern"));
            }
            Pattern pattern = Pattern.compile(Pattern.quote(entry).replace("*", "\\E.*\\Q"));
            rules.add(new Rule(entry, host -> pattern.matcher(host).matches()
                    || pattern.matcher("[" + host + "]").matches()));
        }
        return new Parsed(Optional.of(new NoProxyRules(rules)), Optional.empty());
    }

    /** The entry that sends {@code uriHost} direct, if any. */
    Optional<String> match(String uriHost) {
        String host = unbracketed(uriHost).toLowerCase(Locale.ROOT);
        return rules.stream().filter(rule -> rule.matches().test(host)).map(Rule::entry).findFirst();
    }

    boolean isEmpty() {
        return rules.isEmpty();
    }

    private static Optional<Rule> listEntry(String entry) {
        if (entry.equals("*")) {
            return Optional.of(new Rule(entry, host -> true));
        }
        int slash = entry.indexOf('/');
        if (slash > 0) {
            return cidr(entry, entry.substring(0, slash), entry.substring(slash + 1));
        }
        Optional<byte[]> address = literal(unbracketed(entry));
        if (address.isPresent()) {
            byte[] bytes = address.get();
            return Optional.of(new Rule(entry, host -> literal(host).map(other -> same(bytes, other, bytes.length * 8))
                    .orElse(false)));
        }
        String suffix = (entry.startsWith("*.") ? entry.substring(2) : entry.startsWith(".") ? entry.substring(1)
                : entry).toLowerCase(Locale.ROOT);
        if (!DOMAIN.matcher(suffix).matches() || IPV4.matcher(suffix).matches()) {
            return Optional.empty();
        }
        return Optional.of(new Rule(entry, host -> host.equals(suffix) || host.endsWith("." + suffix)));
    }

    private static Optional<Rule> cidr(String entry, String network, String prefixText) {
        Optional<byte[]> address = literal(unbracketed(network));
        if (address.isEmpty() || !prefixText.matches("\\d{1,3}")) {
            return Optional.empty();
        }
        int prefix = Integer.parseInt(prefixText);
        byte[] bytes = address.get();
        if (prefix > bytes.length * 8) {
            return Optional.empty();
        }
        return Optional.of(new Rule(entry, host -> literal(host)
                .map(other -> other.length == bytes.length && same(bytes, other, prefix)).orElse(false)));
    }

    /** The bytes of an IP literal, parsed without any lookup; empty for a host name. */
    static Optional<byte[]> literal(String text) {
        boolean v4 = IPV4.matcher(text).matches();
        if (v4) {
            for (String octet : text.split("\\.")) {
                if (Integer.parseInt(octet) > 255) {
                    return Optional.empty(); // InetAddress would look such a "name" up in DNS
                }
            }
        } else if (!IPV6.matcher(text).matches()) {
            return Optional.empty();
        }
        try {
            // Only a literal gets here, and a literal is parsed, never looked up.
            return Optional.of(InetAddress.getByName(v4 ? text : "[" + text + "]").getAddress());
        } catch (UnknownHostException notALiteral) {
            return Optional.empty();
        }
    }

    private static boolean same(byte[] a, byte[] b, int prefixBits) {
        if (a.length != b.length) {
            return false;
        }
        int bits = a.length * 8;
        BigInteger mask = prefixBits == 0 ? BigInteger.ZERO
                : BigInteger.ONE.shiftLeft(prefixBits).subtract(BigInteger.ONE).shiftLeft(bits - prefixBits);
        return new BigInteger(1, a).and(mask).equals(new BigInteger(1, b).and(mask));
    }

    private static String unbracketed(String host) {
        return host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
    }
}
