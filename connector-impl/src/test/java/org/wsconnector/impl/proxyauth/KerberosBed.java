package org.wsconnector.impl.proxyauth;

import org.wsconnector.testbed.KerberosRealm;

import java.nio.file.Path;

/** The realm a Kerberos test class uses: its krb5.conf at the path this test JVM was started with. */
final class KerberosBed {
    private KerberosBed() {
    }

    /**
     * Starts a realm whose krb5.conf is written where {@code java.security.krb5.conf} points: the JDK reads that
     * file once, at the first Kerberos use, so the surefire execution "kerberos" names it at the JVM's start.
     */
    static KerberosRealm startRealm() {
        String krb5Conf = System.getProperty("java.security.krb5.conf");
        if (krb5Conf == null) {
            throw new IllegalStateException("java.security.krb5.conf is not set: Kerberos tests run in the surefire "
                    + "execution 'kerberos' of connector-impl (tag kerberos), which sets it");
        }
        return KerberosRealm.builder().krb5Conf(Path.of(krb5Conf)).start();
    }
}
