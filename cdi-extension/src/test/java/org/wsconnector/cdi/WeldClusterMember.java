package org.wsconnector.cdi;

import org.wsconnector.testbed.ChildJvm;

/**
 * One cluster member in a JVM of its own, run by {@link WeldClusterTest} through
 * {@link org.wsconnector.testbed.ClusterMembers}: boots Weld SE with the connector's extension and MicroProfile
 * Config (SmallRye) holding the {@code key=value} arguments, so the connector joins the cluster when the application
 * scope starts; {@link StatePrinter} prints the state events. When its standard input ends it shuts the container
 * down (the connector closes its clients before the application's beans are destroyed) and prints {@link #ENDED}.
 */
public final class WeldClusterMember {
    static final String ENDED = "CONTAINER ENDED";

    private WeldClusterMember() {
    }

    public static void main(String[] args) throws Exception {
        try (WeldBoot boot = WeldBoot.start(ChildJvm.keyValues(args), StatePrinter.class)) {
            while (System.in.read() >= 0) {
                // Until the test closes our standard input.
            }
        }
        System.out.println(ENDED);
        System.out.flush();
        System.exit(0);
    }
}
