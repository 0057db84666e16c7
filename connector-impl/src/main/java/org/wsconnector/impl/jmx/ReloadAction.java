package org.wsconnector.impl.jmx;

/** The connector's live reload, as the view's {@code reload} operation runs it. */
@FunctionalInterface
public interface ReloadAction {
    /**
     * Reads the configuration again and applies it.
     *
     * @return what changed, in one line
     * @throws org.wsconnector.ConfigurationException when the configuration read is invalid: nothing changed
     */
    String reload();
}
