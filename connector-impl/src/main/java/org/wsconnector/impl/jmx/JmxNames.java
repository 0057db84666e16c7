package org.wsconnector.impl.jmx;

import javax.management.MalformedObjectNameException;
import javax.management.ObjectName;
import java.util.regex.Pattern;

/**
 * The object names of the view, stable and documented in the README:
 * {@code org.wsconnector:type=Connector,application=<app>} and
 * {@code org.wsconnector:type=Client,application=<app>,name=<client>}. The {@code application} key keeps the
 * connectors of two deployments in one server (or two containers in one JVM) apart; its value is quoted
 * ({@link ObjectName#quote}) only when it holds a character an unquoted value may not.
 */
public final class JmxNames {
    public static final String DOMAIN = "org.wsconnector";
    /** What an unquoted value of an object name may not contain (and surrounding white space is kept when quoted). */
    private static final Pattern NEEDS_QUOTES = Pattern.compile("[,=:\"*?\\\\\\n]|^\\s|\\s$");

    private JmxNames() {
    }

    public static ObjectName connector(String application) {
        return name("type=Connector,application=" + value(application));
    }

    public static ObjectName client(String application, String client) {
        return name("type=Client,application=" + value(application) + ",name=" + value(client));
    }

    /** Every client of {@code application}: for queries. */
    public static ObjectName clientsOf(String application) {
        return name("type=Client,application=" + value(application) + ",*");
    }

    static String value(String text) {
        return text.isEmpty() || NEEDS_QUOTES.matcher(text).find() ? ObjectName.quote(text) : text;
    }

    private static ObjectName name(String properties) {
        try {
            return new ObjectName(DOMAIN + ":" + properties);
        } catch (MalformedObjectNameException impossible) {
            throw new IllegalArgumentException("invalid object name " + properties, impossible);
        }
    }
}
