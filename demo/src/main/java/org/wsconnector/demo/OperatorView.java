package org.wsconnector.demo;

import javax.management.Attribute;
import javax.management.JMException;
import javax.management.MBeanAttributeInfo;
import javax.management.MBeanServer;
import javax.management.ObjectName;
import javax.management.openmbean.TabularData;
import java.lang.management.ManagementFactory;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Collectors;

/** Prints the connector's JMX view as jconsole or {@code jcmd} would find it: the platform MBean server. */
final class OperatorView {
    private OperatorView() {
    }

    static void print() throws JMException {
        MBeanServer server = ManagementFactory.getPlatformMBeanServer();
        List<ObjectName> clients = server.queryNames(new ObjectName("org.wsconnector:type=Client,*"), null).stream()
                .sorted(Comparator.comparing(ObjectName::getCanonicalName)).toList();
        Demo.say("JMX view (jconsole: MBeans tab, org.wsconnector), " + clients.size() + " clients:");
        for (ObjectName client : clients) {
            String[] names = Arrays.stream(server.getMBeanInfo(client).getAttributes())
                    .map(MBeanAttributeInfo::getName).sorted().toArray(String[]::new);
            Demo.say("  " + client + ": " + server.getAttributes(client, names).asList().stream()
                    .map(attribute -> attribute.getName() + "=" + shown(attribute)).collect(Collectors.joining(", ")));
        }
    }

    private static String shown(Attribute attribute) {
        Object value = attribute.getValue();
        return value instanceof TabularData table ? table.values().toString()
                : String.valueOf(value);
    }
}
