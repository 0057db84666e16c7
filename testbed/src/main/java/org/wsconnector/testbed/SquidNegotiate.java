package org.wsconnector.testbed;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * Squid's {@code Negotiate} authentication through its {@code negotiate_kerberos_auth} helper: the lines for
 * squid.conf, the service keytab copied into squid's directory (squid may run as {@code nobody}, who cannot read
 * the realm's), and the environment the helper needs (the realm's krb5.conf, no replay cache on disk).
 *
 * @param realm            the realm the service principal belongs to
 * @param serviceKeytab    the keytab holding the key of {@code servicePrincipal}
 * @param servicePrincipal e.g. {@code HTTP/localhost}, without the realm
 */
record SquidNegotiate(KerberosRealm realm, Path serviceKeytab, String servicePrincipal) {

    static final Path HELPER = Path.of("/usr/lib/squid/negotiate_kerberos_auth");
    private static final String KEYTAB_COPY = "squid-service.keytab";
    private static final String KRB5_CONF_COPY = "squid-krb5.conf";

    void requireHelper() {
        if (!Files.isExecutable(HELPER)) {
            throw new IllegalStateException("squid's " + HELPER + " is missing: " + Squid.INSTALL_HINT);
        }
    }

    /**
     * Copies the service keytab and the krb5.conf into squid's directory, before it is given to squid's user: the
     * realm's own directory is private to the test's user.
     */
    void prepare(Path squidDirectory) throws IOException {
        Files.copy(serviceKeytab, squidDirectory.resolve(KEYTAB_COPY));
        Files.copy(realm.krb5Conf(), squidDirectory.resolve(KRB5_CONF_COPY));
    }

    Map<String, String> environment(Path squidDirectory) {
        return Map.of("KRB5_CONFIG", squidDirectory.resolve(KRB5_CONF_COPY).toString(), "KRB5RCACHETYPE", "none");
    }

    String config(Path squidDirectory) {
        // -s names the one principal accepted; -t none: no replay cache file (squid's user may not write one).
        return "auth_param negotiate program " + HELPER + " -k " + squidDirectory.resolve(KEYTAB_COPY)
                + " -s " + realm.principal(servicePrincipal) + " -t none\n"
                + "auth_param negotiate children 2 startup=1 idle=1\n"
                + "auth_param negotiate keep_alive on\n";
    }
}
