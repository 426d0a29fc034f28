package dev.polyglot;

import org.jspecify.annotations.Nullable;

/**
 * The store is misconfigured: a malformed URI, a missing adapter, a schema that does not match
 * its spec, a collection reopened with different settings.
 */
public class StoreConfigurationException extends NonTransientStoreException {
    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message what is wrong and, where possible, how to fix it
     * @param cause the underlying exception, if any
     */
    public StoreConfigurationException(String message, @Nullable Throwable cause) {
        super(message, cause);
    }
}
