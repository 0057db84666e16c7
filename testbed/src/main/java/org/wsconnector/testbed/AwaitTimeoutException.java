package org.wsconnector.testbed;

/**
 * Thrown when a bounded wait on a test bed component ends without the awaited condition.
 *
 * <p>Unchecked so tests can call the {@code await...} methods without ceremony; the message names what
 * was awaited and what the component had recorded, which is usually the whole diagnosis.
 */
public class AwaitTimeoutException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public AwaitTimeoutException(String message) {
        super(message);
    }
}
