package org.wsconnector.config;

import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;

/**
 * How a client logs in to Kerberos to answer a proxy's {@code Negotiate} challenge: with a principal and its keytab
 * ({@code proxy.kerberos.principal}, {@code proxy.kerberos.keytab}), or with an entry of the JVM's JAAS login
 * configuration ({@code proxy.kerberos.jaas-entry}), never both. Holds no secret: the keys stay in the keytab file
 * (or wherever the JAAS entry takes them from), read at each login. Immutable.
 *
 * @param principal the client principal, e.g. {@code svc-billing@CORP.EXAMPLE}; present with a keytab
 * @param keytab    the keytab holding the principal's keys; present with a principal
 * @param jaasEntry the name of the JAAS login entry; present without principal and keytab
 */
public record KerberosLogin(Optional<String> principal, Optional<Path> keytab, Optional<String> jaasEntry) {
    public KerberosLogin {
        Objects.requireNonNull(principal, "principal");
        Objects.requireNonNull(keytab, "keytab");
        Objects.requireNonNull(jaasEntry, "jaasEntry");
        if (jaasEntry.isPresent() == (principal.isPresent() || keytab.isPresent())
                || principal.isPresent() != keytab.isPresent()) {
            throw new IllegalArgumentException("either a principal with its keytab, or a JAAS entry");
        }
    }

    /** A login of {@code principal} with the keys in {@code keytab}. */
    public static KerberosLogin ofKeytab(String principal, Path keytab) {
        return new KerberosLogin(Optional.of(principal), Optional.of(keytab), Optional.empty());
    }

    /** A login through the entry {@code name} of the JVM's JAAS configuration. */
    public static KerberosLogin ofJaasEntry(String name) {
        return new KerberosLogin(Optional.empty(), Optional.empty(), Optional.of(name));
    }

    /** For messages: {@code alice@REALM with keytab /etc/x.keytab} or {@code JAAS entry proxy-login}. */
    public String describe() {
        return jaasEntry.map(entry -> "JAAS entry " + entry)
                .orElseGet(() -> principal.orElseThrow() + " with keytab " + keytab.orElseThrow());
    }
}
