package org.wsconnector.impl.config;

import org.wsconnector.config.KerberosLogin;
import org.wsconnector.config.ProxyAuthScheme;
import org.wsconnector.config.ProxyConfig;

import javax.security.auth.login.AppConfigurationEntry;
import javax.security.auth.login.Configuration;
import java.nio.file.Path;
import java.util.Optional;
import java.util.regex.Pattern;

import static org.wsconnector.ConfigProblemCode.CONFLICTING_KEYS;
import static org.wsconnector.ConfigProblemCode.FORBIDDEN_CHARACTER;
import static org.wsconnector.ConfigProblemCode.MISSING_COMPANION_KEY;
import static org.wsconnector.ConfigProblemCode.UNKNOWN_VALUE;
import static org.wsconnector.impl.config.ClientKeys.PROXY_HOST;
import static org.wsconnector.impl.config.ClientKeys.PROXY_KERBEROS_JAAS_ENTRY;
import static org.wsconnector.impl.config.ClientKeys.PROXY_KERBEROS_KEYTAB;
import static org.wsconnector.impl.config.ClientKeys.PROXY_KERBEROS_PRINCIPAL;
import static org.wsconnector.impl.config.ClientKeys.PROXY_SOURCE;

/**
 * The Kerberos login for a proxy's {@code Negotiate} challenge: {@code proxy.kerberos.principal} with
 * {@code proxy.kerberos.keytab} (an existing, readable file), or {@code proxy.kerberos.jaas-entry} (an entry the
 * JVM's JAAS configuration has at boot). Only the JAAS configuration is looked at here; the KDC is not asked until
 * the first connection, so a boot does not depend on the KDC being up.
 */
final class KerberosSection {
    /** {@code primary[/instance][@REALM]}: no space, control character or second '@'. */
    private static final Pattern PRINCIPAL = Pattern.compile("[^\\s@/\\p{Cntrl}]+(/[^\\s@/\\p{Cntrl}]+)?"
            + "(@[^\\s@\\p{Cntrl}]+)?");
    private static final Pattern ENTRY_NAME = Pattern.compile("[^\\s\\p{Cntrl}]+");

    private KerberosSection() {
    }

    /** The proxy with its Kerberos login, when one is configured; every mistake is reported to {@code values}. */
    static Optional<ProxyConfig> attach(ClientValues values, Optional<ProxyConfig> proxy) {
        boolean principalSet = values.has(PROXY_KERBEROS_PRINCIPAL);
        boolean keytabSet = values.has(PROXY_KERBEROS_KEYTAB);
        boolean entrySet = values.has(PROXY_KERBEROS_JAAS_ENTRY);
        if (!principalSet && !keytabSet && !entrySet) {
            return proxy;
        }
        if (!values.has(PROXY_HOST) && !values.has(PROXY_SOURCE)) {
            values.problem(MISSING_COMPANION_KEY, PROXY_HOST, "missing while proxy.kerberos.* is set; allowed: "
                    + "host:port of the proxy that asks for Negotiate (or proxy.source for the platform's proxy)");
            return proxy;
        }
        if (entrySet && (principalSet || keytabSet)) {
            values.problem(CONFLICTING_KEYS, PROXY_KERBEROS_JAAS_ENTRY, "set together with "
                    + (principalSet ? PROXY_KERBEROS_PRINCIPAL : PROXY_KERBEROS_KEYTAB) + "; allowed: either "
                    + "proxy.kerberos.principal with proxy.kerberos.keytab, or proxy.kerberos.jaas-entry alone");
            return proxy;
        }
        Optional<KerberosLogin> login = entrySet ? jaasEntry(values) : keytab(values, principalSet, keytabSet);
        if (login.isPresent() && proxy.isPresent() && !proxy.get().authSchemes().contains(ProxyAuthScheme.NEGOTIATE)) {
            values.problem(CONFLICTING_KEYS, entrySet ? PROXY_KERBEROS_JAAS_ENTRY : PROXY_KERBEROS_PRINCIPAL,
                    "set while proxy.auth-schemes does not allow negotiate; allowed: add negotiate to "
                    + "proxy.auth-schemes, or remove proxy.kerberos.*");
            return proxy;
        }
        return proxy.map(p -> p.withKerberos(login));
    }

    private static Optional<KerberosLogin> keytab(ClientValues values, boolean principalSet, boolean keytabSet) {
        if (!principalSet) {
            values.problem(MISSING_COMPANION_KEY, PROXY_KERBEROS_PRINCIPAL, "missing while proxy.kerberos.keytab "
                    + "is set; allowed: the principal whose keys the keytab holds, e.g. svc-billing@CORP.EXAMPLE");
            return Optional.empty();
        }
        if (!keytabSet) {
            values.problem(MISSING_COMPANION_KEY, PROXY_KERBEROS_KEYTAB, "missing while proxy.kerberos.principal "
                    + "is set; allowed: the keytab of that principal, or proxy.kerberos.jaas-entry instead (e.g. for "
                    + "a ticket cache)");
            return Optional.empty();
        }
        String principal = values.raw(PROXY_KERBEROS_PRINCIPAL);
        Optional<Path> keytab = values.existingFile(PROXY_KERBEROS_KEYTAB);
        if (principal == null || keytab.isEmpty()) {
            return Optional.empty(); // unresolvable or missing: reported already
        }
        if (!PRINCIPAL.matcher(principal.trim()).matches()) {
            values.invalid(FORBIDDEN_CHARACTER, PROXY_KERBEROS_PRINCIPAL, principal,
                    "not a Kerberos principal name (a space, a control character, or '@' or '/' misplaced)",
                    "primary[/instance][@REALM], e.g. svc-billing@CORP.EXAMPLE");
            return Optional.empty();
        }
        return Optional.of(KerberosLogin.ofKeytab(principal.trim(), keytab.get()));
    }

    private static Optional<KerberosLogin> jaasEntry(ClientValues values) {
        String entry = values.raw(PROXY_KERBEROS_JAAS_ENTRY);
        if (entry == null) {
            return Optional.empty(); // unresolvable: reported already
        }
        String name = entry.trim();
        if (!ENTRY_NAME.matcher(name).matches()) {
            values.invalid(FORBIDDEN_CHARACTER, PROXY_KERBEROS_JAAS_ENTRY, entry, "empty, or a space or control "
                    + "character", "the name of an entry of the JVM's JAAS login configuration");
            return Optional.empty();
        }
        Optional<String> missing = missingEntry(name);
        if (missing.isPresent()) {
            values.invalid(UNKNOWN_VALUE, PROXY_KERBEROS_JAAS_ENTRY, entry, missing.get(),
                    "the name of an entry of the JVM's JAAS login configuration (java.security.auth.login.config)");
            return Optional.empty();
        }
        return Optional.of(KerberosLogin.ofJaasEntry(name));
    }

    /** Why the JVM's JAAS configuration cannot log in with {@code name}; empty when it has the entry. */
    private static Optional<String> missingEntry(String name) {
        Configuration configuration;
        try {
            configuration = Configuration.getConfiguration();
        } catch (SecurityException noConfiguration) {
            // No java.security.auth.login.config (or an unreadable one): the JDK says which in the message.
            return Optional.of("the JVM has no usable JAAS login configuration ("
                    + SafeText.quote(String.valueOf(noConfiguration.getMessage())) + ")");
        }
        AppConfigurationEntry[] modules = configuration.getAppConfigurationEntry(name);
        if (modules == null || modules.length == 0) {
            return Optional.of("the JVM's JAAS login configuration has no such entry");
        }
        return Optional.empty();
    }
}
