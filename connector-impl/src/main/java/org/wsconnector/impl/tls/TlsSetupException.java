package org.wsconnector.impl.tls;

import org.wsconnector.ConfigProblemCode;

/** A TLS file or store that cannot be used; reported at boot as a configuration problem of {@link #key()}. */
public final class TlsSetupException extends Exception {
    private static final long serialVersionUID = 1L;
    private final ConfigProblemCode code;
    private final String key;
    private final String value;
    private final String allowed;

    TlsSetupException(ConfigProblemCode code, String key, String value, String reason, String allowed,
                      Throwable cause) {
        super(reason, cause);
        this.code = code;
        this.key = key;
        this.value = value;
        this.allowed = allowed;
    }

    /** The kind of problem, e.g. {@link ConfigProblemCode#WRONG_STORE_PASSWORD}. */
    public ConfigProblemCode code() {
        return code;
    }

    /** The configuration key (relative to the client prefix), e.g. {@code tls.trust-store}. */
    public String key() {
        return key;
    }

    public String value() {
        return value;
    }

    public String allowed() {
        return allowed;
    }
}
