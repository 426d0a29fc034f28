package dev.polyglot;

import org.jspecify.annotations.Nullable;

/**
 * Root of every exception a Polyglot port throws for a store-side problem; adapters keep the
 * driver's exception as the {@linkplain #getCause() cause}.
 *
 * <p>Bad arguments are reported with {@link IllegalArgumentException} instead, before anything is
 * written.
 */
public abstract class PolyglotException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /**
     * Creates an exception with a message and an optional cause.
     *
     * @param message what went wrong, naming the record, key or collection involved
     * @param cause the driver exception, if any
     */
    protected PolyglotException(String message, @Nullable Throwable cause) {
        super(message, cause);
    }
}
