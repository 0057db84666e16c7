package org.wsconnector.impl.proxyauth;

/**
 * The user and domain NTLM authenticates as, from {@code proxy.username}: <code>DOMAIN&#92;user</code> splits into
 * both; a UPN {@code user@domain} (or a plain {@code user}) is sent whole with an empty domain, as MS-NLMP asks
 * for UPNs.
 */
record NtlmIdentity(String domain, String user) {
    static NtlmIdentity of(String username) {
        int backslash = username.indexOf('\\');
        if (backslash >= 0) {
            return new NtlmIdentity(username.substring(0, backslash), username.substring(backslash + 1));
        }
        return new NtlmIdentity("", username);
    }
}
