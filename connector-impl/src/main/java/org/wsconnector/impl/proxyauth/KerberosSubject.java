package org.wsconnector.impl.proxyauth;

import org.wsconnector.config.KerberosLogin;
import org.wsconnector.impl.engine.PeerText;

import javax.security.auth.Subject;
import javax.security.auth.callback.Callback;
import javax.security.auth.callback.UnsupportedCallbackException;
import javax.security.auth.login.Configuration;
import javax.security.auth.login.LoginContext;
import javax.security.auth.login.LoginException;
import java.net.ConnectException;
import java.net.SocketTimeoutException;

/**
 * A Subject logged in to Kerberos for one CONNECT attempt, with the client's own login (keytab or JAAS entry), and
 * logged out again (its tickets destroyed) by {@link #close()}. Logging in per attempt keeps no ticket between
 * attempts, so a rotated keytab or a changed password is used at the next attempt; it costs one exchange with the
 * KDC (two with the service ticket) per attempt, and a KDC outage fails new attempts while open connections stay.
 */
final class KerberosSubject implements AutoCloseable {
    private final LoginContext loginContext;

    private KerberosSubject(LoginContext loginContext) {
        this.loginContext = loginContext;
    }

    /**
     * Logs in as {@code login} says, without prompting anyone.
     *
     * @throws ProxyAuthFailure when the login fails: the KDC refused, did not answer, or the keytab or JAAS entry
     *                          does not work; the message says which, without any key
     */
    static KerberosSubject login(KerberosLogin login) throws ProxyAuthFailure {
        try {
            LoginContext context = login.jaasEntry().isPresent()
                    ? new LoginContext(login.jaasEntry().get(), new Subject(), KerberosSubject::refuseToPrompt,
                            Configuration.getConfiguration())
                    : new LoginContext(KeytabLoginConfiguration.ENTRY, new Subject(),
                            KerberosSubject::refuseToPrompt, new KeytabLoginConfiguration(
                                    login.principal().orElseThrow(), login.keytab().orElseThrow()));
            context.login();
            return new KerberosSubject(context);
        } catch (LoginException | SecurityException e) {
            throw new ProxyAuthFailure("Negotiate: the Kerberos login of " + login.describe() + " failed: "
                    + reason(e), e);
        }
    }

    Subject subject() {
        return loginContext.getSubject();
    }

    /** Logs out: the Subject's tickets are destroyed. */
    @Override
    public void close() {
        try {
            loginContext.logout();
        } catch (LoginException e) {
            // Nothing to do: the Subject is dropped with this attempt either way.
        }
    }

    /** A connection attempt has nobody to answer a prompt: a login that needs one fails instead of waiting. */
    private static void refuseToPrompt(Callback[] callbacks) throws UnsupportedCallbackException {
        throw new UnsupportedCallbackException(callbacks[0], "the connector does not prompt: give the Kerberos "
                + "login a keytab (or a ticket cache) in its JAAS entry");
    }

    private static String reason(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof SocketTimeoutException || cause instanceof ConnectException) {
                return "no answer from the KDC (" + PeerText.quote(String.valueOf(cause.getMessage()))
                        + "; kdc and kdc_timeout of the realm in the JVM's krb5.conf)";
            }
        }
        return PeerText.quote(String.valueOf(failure.getMessage()));
    }
}
