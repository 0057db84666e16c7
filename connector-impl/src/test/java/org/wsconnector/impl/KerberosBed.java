package org.wsconnector.impl;

import org.wsconnector.testbed.KerberosRealm;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The JVM-wide Kerberos settings of a Kerberos test class, and the realm behind them. The JDK reads
 * {@code java.security.krb5.conf} and {@code java.security.auth.login.config} once, at their first use, so the
 * surefire execution "kerberos" (tag {@code kerberos}, one JVM per class) names both files at the JVM's start and the
 * test writes them before anything Kerberos runs.
 */
public final class KerberosBed {
    private KerberosBed() {
    }

    /** Starts a realm whose krb5.conf is written where {@code java.security.krb5.conf} points. */
    public static KerberosRealm startRealm() {
        return KerberosRealm.builder().krb5Conf(Path.of(property("java.security.krb5.conf"))).start();
    }

    /**
     * Writes the JVM's JAAS login configuration with one entry {@code name}: {@code principal} logging in with
     * {@code keytab}, never prompting.
     */
    public static void writeJaasEntry(String name, String principal, Path keytab) {
        String entry = name + " {\n  com.sun.security.auth.module.Krb5LoginModule required\n"
                + "  useKeyTab=true\n  keyTab=\"" + keytab + "\"\n  principal=\"" + principal + "\"\n"
                + "  doNotPrompt=true\n  useTicketCache=false;\n};\n";
        try {
            Path file = Path.of(property("java.security.auth.login.config"));
            Files.createDirectories(file.toAbsolutePath().getParent());
            Files.writeString(file, entry);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String property(String name) {
        String value = System.getProperty(name);
        if (value == null) {
            throw new IllegalStateException(name + " is not set: Kerberos tests run in the surefire execution "
                    + "'kerberos' of connector-impl (tag kerberos), which sets it");
        }
        return value;
    }
}
