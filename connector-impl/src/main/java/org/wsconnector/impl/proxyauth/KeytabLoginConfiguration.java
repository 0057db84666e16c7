package org.wsconnector.impl.proxyauth;

import javax.security.auth.login.AppConfigurationEntry;
import javax.security.auth.login.Configuration;
import java.nio.file.Path;
import java.util.Map;

/**
 * A JAAS configuration of one entry: the JDK's {@code Krb5LoginModule} logging {@code principal} in with the keys of
 * {@code keytab}, never prompting and never reading a ticket cache. It is handed to one {@code LoginContext} and
 * never installed as the JVM's configuration, so clients with different principals do not see each other's.
 */
final class KeytabLoginConfiguration extends Configuration {
    static final String ENTRY = "ws-connector-proxy-negotiate";
    private static final String KRB5_LOGIN_MODULE = "com.sun.security.auth.module.Krb5LoginModule";

    private final AppConfigurationEntry entry;

    KeytabLoginConfiguration(String principal, Path keytab) {
        // refreshKrb5Config=false: the JVM's krb5.conf is global state, not this client's to reload.
        Map<String, String> options = Map.of("useKeyTab", "true", "keyTab", keytab.toString(),
                "principal", principal, "doNotPrompt", "true", "isInitiator", "true", "storeKey", "false",
                "useTicketCache", "false", "refreshKrb5Config", "false");
        this.entry = new AppConfigurationEntry(KRB5_LOGIN_MODULE,
                AppConfigurationEntry.LoginModuleControlFlag.REQUIRED, options);
    }

    @Override
    public AppConfigurationEntry[] getAppConfigurationEntry(String name) {
        return ENTRY.equals(name) ? new AppConfigurationEntry[] {entry} : null;
    }
}
