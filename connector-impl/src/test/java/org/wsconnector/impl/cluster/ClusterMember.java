package org.wsconnector.impl.cluster;

import org.wsconnector.impl.ConnectorConfiguration;
import org.wsconnector.impl.WebSocketConnector;
import org.wsconnector.impl.config.ClusterSection;
import org.wsconnector.impl.config.ClusterSettings;
import org.wsconnector.impl.config.ConfigProblems;
import org.wsconnector.testbed.ChildJvm;

import java.util.Map;
import java.util.concurrent.ScheduledThreadPoolExecutor;

/**
 * One cluster member in a JVM of its own, run by {@link ClusterTakeoverTest} through
 * {@link org.wsconnector.testbed.ClusterMembers}: boots a plain {@link WebSocketConnector} from the {@code key=value}
 * arguments (full configuration keys), joins the cluster, prints {@code JOINED}, and closes the connector when its
 * standard input ends (the test's graceful stop); a {@code kill -9} ends it without any of that, which is the point.
 */
public final class ClusterMember {
    private ClusterMember() {
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> properties = ChildJvm.keyValues(args);
        ConfigProblems problems = new ConfigProblems();
        ConnectorConfiguration configuration = ConnectorConfiguration.read(properties, problems);
        ClusterSettings cluster = ClusterSection.read(properties, problems);
        problems.throwIfAny();
        ScheduledThreadPoolExecutor scheduler = new ScheduledThreadPoolExecutor(2);
        WebSocketConnector connector = new WebSocketConnector(configuration, scheduler, runnable -> {
            Thread thread = new Thread(runnable, "cluster-member-io");
            thread.setDaemon(true);
            return thread;
        });
        connector.joinCluster(cluster);
        connector.startPersistentClients();
        System.out.println("JOINED");
        System.out.flush();
        while (System.in.read() >= 0) {
            // Until the test closes our standard input.
        }
        connector.close();
        scheduler.shutdownNow();
        System.exit(0);
    }
}
