package org.wsconnector.impl.config;

/**
 * The optional dependencies of connector-impl that a configuration may need. Each is looked up by one of its classes
 * without loading or initialising it, so an application that does not need a library runs without it, and one that
 * does gets a boot error naming the artifact rather than a {@link NoClassDefFoundError} at its first use.
 */
public enum OptionalLibrary {
    /** Cluster ownership ({@code cluster.ownership=one-member}). */
    JGROUPS("org.jgroups.JChannel", "org.jgroups:jgroups 5.4.8.Final"),
    /** MD4 for NTLM proxy authentication: the JDK has no public MD4. */
    BOUNCY_CASTLE("org.bouncycastle.crypto.digests.MD4Digest", "org.bouncycastle:bcprov-jdk18on 1.87");

    private final String probeClass;
    private final String coordinates;
    /** Looked up once: the class path of a running application does not change. */
    private volatile Boolean present;

    OptionalLibrary(String probeClass, String coordinates) {
        this.probeClass = probeClass;
        this.coordinates = coordinates;
    }

    /** Whether the library is visible to the connector's class loader. */
    public boolean present() {
        Boolean known = present;
        if (known == null) {
            known = lookUp();
            present = known;
        }
        return known;
    }

    /** What to add, as Maven coordinates and the version the connector is tested with. */
    public String coordinates() {
        return coordinates;
    }

    private boolean lookUp() {
        try {
            Class.forName(probeClass, false, OptionalLibrary.class.getClassLoader());
            return true;
        } catch (ClassNotFoundException | LinkageError absent) {
            return false;
        }
    }
}
