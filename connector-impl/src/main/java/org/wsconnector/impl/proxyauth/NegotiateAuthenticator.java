package org.wsconnector.impl.proxyauth;

import org.ietf.jgss.GSSContext;
import org.ietf.jgss.GSSException;
import org.ietf.jgss.GSSManager;
import org.ietf.jgss.GSSName;
import org.ietf.jgss.Oid;
import org.wsconnector.config.KerberosLogin;
import org.wsconnector.config.ProxyAuthScheme;
import org.wsconnector.impl.engine.PeerText;

import javax.security.auth.Subject;
import java.security.PrivilegedActionException;
import java.security.PrivilegedExceptionAction;
import java.util.Base64;
import java.util.Optional;

/**
 * Negotiate (RFC 4559): a SPNEGO token carrying a Kerberos ticket for the service {@code HTTP@<proxy host>}, made by
 * the JDK's GSS-API with the JVM's Kerberos configuration ({@code java.security.krb5.conf}) inside
 * {@code Subject.doAs} of a Subject logged in for this attempt only ({@link KerberosSubject}), so two clients with
 * different principals never share credentials. The proxy authenticates the connection: the handshake stays on it.
 *
 * <p>SPNEGO rather than the bare Kerberos mechanism: RFC 4559 specifies it and Windows-based proxies expect it;
 * squid's {@code negotiate_kerberos_auth} accepts either (both were tried against it). Mutual authentication is not requested: the
 * tunnel's own TLS (wss) authenticates the server, and a proxy's final token would not change what is sent.
 *
 * <p>The tokens are credentials: they go into {@code Proxy-Authorization} only, never into a message or a log.
 */
final class NegotiateAuthenticator implements ProxyAuthenticator {
    private static final Oid SPNEGO = oid("1.3.6.1.5.5.2");

    private final KerberosLogin login;
    private final String service;
    private GSSContext gss;
    private boolean finished;

    /** Whether this scheme has what it needs for {@code context}: a Kerberos login configured for the proxy. */
    static boolean usable(ProxyAuthContext context) {
        return context.proxy().kerberos().isPresent();
    }

    NegotiateAuthenticator(ProxyAuthContext context) {
        this.login = context.proxy().kerberos().orElseThrow();
        this.service = "HTTP@" + context.proxy().host();
    }

    @Override
    public ProxyAuthScheme scheme() {
        return ProxyAuthScheme.NEGOTIATE;
    }

    @Override
    public Optional<String> respond(ProxyChallenge challenge) throws ProxyAuthFailure {
        if (finished) {
            return Optional.empty();
        }
        if (gss == null) {
            return Optional.of(header(firstToken()));
        }
        if (!gss.isEstablished() && challenge.token68().isPresent()) {
            return Optional.of(header(nextToken(challenge.token68().get())));
        }
        dispose(); // challenged again after the ticket: the proxy refused it
        return Optional.empty();
    }

    @Override
    public boolean connectionBound() {
        return true;
    }

    private byte[] firstToken() throws ProxyAuthFailure {
        try (KerberosSubject subject = KerberosSubject.login(login)) {
            return Subject.doAs(subject.subject(), (PrivilegedExceptionAction<byte[]>) () -> {
                GSSManager manager = GSSManager.getInstance();
                GSSName server = manager.createName(service, GSSName.NT_HOSTBASED_SERVICE);
                gss = manager.createContext(server, SPNEGO, null, GSSContext.DEFAULT_LIFETIME);
                gss.requestMutualAuth(false);
                gss.requestCredDeleg(false);
                return gss.initSecContext(new byte[0], 0, 0);
            });
        } catch (PrivilegedActionException e) {
            dispose();
            throw ticketFailure(e.getException());
        }
    }

    private byte[] nextToken(String token68) throws ProxyAuthFailure {
        byte[] input;
        try {
            input = Base64.getDecoder().decode(token68);
        } catch (IllegalArgumentException e) {
            dispose();
            throw new ProxyAuthFailure("Negotiate: the proxy's token is not base64");
        }
        try {
            byte[] token = gss.initSecContext(input, 0, input.length);
            if (token == null) {
                // The context is complete and has nothing to add, yet the proxy still challenges: refused.
                dispose();
                throw new ProxyAuthFailure("Negotiate: the proxy challenged again after a complete Kerberos exchange "
                        + "for " + service);
            }
            return token;
        } catch (GSSException e) {
            dispose();
            throw new ProxyAuthFailure("Negotiate: the proxy's answer to the Kerberos ticket for " + service + " as "
                    + login.describe() + " is a refusal or unreadable: "
                    + PeerText.quote(String.valueOf(e.getMessage())), e);
        }
    }

    private ProxyAuthFailure ticketFailure(Exception e) {
        return new ProxyAuthFailure("Negotiate: no Kerberos ticket for " + service + " as " + login.describe() + ": "
                + PeerText.quote(String.valueOf(e.getMessage())), e);
    }

    private static String header(byte[] token) {
        return ProxyAuthScheme.NEGOTIATE.token() + " " + Base64.getEncoder().encodeToString(token);
    }

    private void dispose() {
        finished = true;
        if (gss != null) {
            try {
                gss.dispose();
            } catch (GSSException e) {
                // nothing held outside this JVM: dropping the context is enough
            }
        }
    }

    private static Oid oid(String dotted) {
        try {
            return new Oid(dotted);
        } catch (GSSException e) {
            throw new ExceptionInInitializerError(e);
        }
    }
}
