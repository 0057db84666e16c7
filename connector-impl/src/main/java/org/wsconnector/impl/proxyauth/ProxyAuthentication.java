package org.wsconnector.impl.proxyauth;

import org.wsconnector.config.ProxyAuthScheme;
import org.wsconnector.impl.config.OptionalLibrary;
import org.wsconnector.impl.engine.PeerText;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * The authentication of one CONNECT attempt: Basic preemptively when configured so, then, on each {@code 407}, the
 * answer to the proxy's challenges with the strongest scheme that is offered, allowed ({@code proxy.auth-schemes})
 * and usable. Once a scheme answered a challenge, the attempt stays with it: the proxy's next 407 is either the
 * next round of that scheme or a refusal. Not thread-safe: one attempt, one thread.
 */
public final class ProxyAuthentication {
    private final ProxyAuthContext context;
    private ProxyAuthenticator current;
    /** Whether {@link #current} answered a challenge (not only preemptively). */
    private boolean challenged;
    private boolean credentialsSent;

    public ProxyAuthentication(ProxyAuthContext context) {
        this.context = context;
    }

    /** The {@code Proxy-Authorization} value of the first CONNECT: Basic, when it is sent preemptively. */
    public Optional<String> preemptive() {
        if (!context.proxy().sendsBasicPreemptively()) {
            return Optional.empty();
        }
        current = ProxyAuthenticators.create(ProxyAuthScheme.BASIC, context).orElseThrow();
        Optional<String> value = current.preemptive();
        credentialsSent = value.isPresent();
        return value;
    }

    /**
     * The {@code Proxy-Authorization} value answering a {@code 407} with these challenges.
     *
     * @throws ProxyAuthFailure when there is no answer: the message says why (refused, nothing offered that may
     *                          and can be answered, a scheme's failure), without a secret, peer text escaped
     */
    public String answer(List<ProxyChallenge> challenges) throws ProxyAuthFailure {
        if (current == null || !challenged) {
            choose(challenges);
        }
        Optional<ProxyChallenge> mine = challenges.stream().filter(c -> c.isScheme(current.scheme().token()))
                .findFirst();
        if (mine.isEmpty()) {
            throw refused(" and it no longer offers " + current.scheme().token());
        }
        Optional<String> value = current.respond(mine.get());
        if (value.isEmpty()) {
            throw refused("");
        }
        challenged = true;
        credentialsSent = true;
        return value.get();
    }

    /** Whether any credential (or token made from one) went to the proxy in this attempt. */
    public boolean credentialsSent() {
        return credentialsSent;
    }

    /** The scheme answering the challenges, once there is one. */
    public Optional<ProxyAuthScheme> scheme() {
        return Optional.ofNullable(current).map(ProxyAuthenticator::scheme);
    }

    /** Whether the scheme in use needs every round on the same connection. */
    public boolean connectionBound() {
        return current != null && current.connectionBound();
    }

    private void choose(List<ProxyChallenge> challenges) throws ProxyAuthFailure {
        for (ProxyAuthScheme scheme : ProxyAuthScheme.values()) {
            boolean offered = challenges.stream().anyMatch(c -> c.isScheme(scheme.token()));
            if (!offered) {
                continue;
            }
            if (current != null && current.scheme() == scheme) {
                return; // Basic, sent preemptively: answering its challenge is the refusal
            }
            Optional<ProxyAuthenticator> authenticator = ProxyAuthenticators.create(scheme, context);
            if (authenticator.isPresent()) {
                current = authenticator.get();
                return;
            }
        }
        // Not even Basic is offered (a preemptive Basic went to a proxy that wants something else).
        throw new ProxyAuthFailure(nothingToAnswer(challenges));
    }

    private ProxyAuthFailure refused(String detail) {
        String sent = current.scheme() == ProxyAuthScheme.NEGOTIATE
                ? "a Kerberos ticket of " + context.proxy().kerberos().orElseThrow().describe() + " was"
                : "the configured proxy.username/proxy.password were";
        return new ProxyAuthFailure(sent + " sent and refused (" + current.scheme().token() + ")" + detail);
    }

    private String nothingToAnswer(List<ProxyChallenge> challenges) {
        Set<String> offered = new LinkedHashSet<>();
        challenges.forEach(c -> offered.add(PeerText.quote(c.scheme())));
        if (offered.isEmpty()) {
            return "it offers no scheme (no Proxy-Authenticate header)" + (context.proxy().credentials().isPresent()
                    ? "" : "; no credentials were sent: set proxy.username and proxy.password");
        }
        List<String> allowedOffered = new ArrayList<>();
        for (ProxyAuthScheme scheme : ProxyAuthScheme.values()) {
            if (context.proxy().authSchemes().contains(scheme)
                    && offered.stream().anyMatch(o -> o.equalsIgnoreCase(scheme.token()))) {
                allowedOffered.add(scheme.token());
            }
        }
        String offers = "it offers " + String.join(", ", offered);
        if (allowedOffered.isEmpty()) {
            return offers + ", none of which proxy.auth-schemes allows (" + allowed() + ")";
        }
        if (allowedOffered.equals(List.of(ProxyAuthScheme.NEGOTIATE.token()))) {
            return offers + "; no credentials were sent: Negotiate needs proxy.kerberos.principal and "
                    + "proxy.kerberos.keytab, or proxy.kerberos.jaas-entry";
        }
        if (context.proxy().credentials().isEmpty()) {
            return offers + "; no credentials were sent: set proxy.username and proxy.password";
        }
        String ntlmMissing = allowedOffered.contains(ProxyAuthScheme.NTLM.token())
                && !OptionalLibrary.BOUNCY_CASTLE.present()
                ? ": NTLM needs " + OptionalLibrary.BOUNCY_CASTLE.coordinates() + " on the class path" : "";
        return offers + "; this client cannot answer " + String.join(", ", allowedOffered) + ntlmMissing
                + " (Negotiate needs proxy.kerberos.*)";
    }

    private String allowed() {
        List<String> keys = new ArrayList<>();
        for (ProxyAuthScheme scheme : ProxyAuthScheme.values()) {
            if (context.proxy().authSchemes().contains(scheme)) {
                keys.add(scheme.key());
            }
        }
        return keys.isEmpty() ? "none" : String.join(", ", keys).toLowerCase(Locale.ROOT);
    }
}
