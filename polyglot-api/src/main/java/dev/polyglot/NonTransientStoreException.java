package dev.polyglot;

import org.jspecify.annotations.Nullable;

/** A failure that will happen again if the same operation is retried unchanged. */
public class NonTransientStoreException extends PolyglotException {
    private static final long serialVersionUID = 1L;

    /**
     * Creates a non-transient failure.
     *
     * @param message what went wrong
     * @param cause the driver exception, if any
     */
    public NonTransientStoreException(String message, @Nullable Throwable cause) {
        super(message, cause);
    }
}
