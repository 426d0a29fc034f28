package dev.polyglot.redis;

import dev.polyglot.NonTransientStoreException;
import dev.polyglot.PolyglotException;
import dev.polyglot.StoreUnavailableException;
import dev.polyglot.TransientStoreException;
import io.lettuce.core.RedisCommandExecutionException;
import io.lettuce.core.RedisCommandInterruptedException;
import io.lettuce.core.RedisCommandTimeoutException;
import java.util.List;

/**
 * Turns Lettuce's exceptions into the port's, in one place: no connection is
 * {@link StoreUnavailableException}, a timeout or a server that is busy, loading, failing over or
 * resharding is {@link TransientStoreException}, any other server error is
 * {@link NonTransientStoreException}. The driver's exception is always the cause.
 */
final class RedisErrors {
    /** Error prefixes of replies that mean "try again shortly". */
    private static final List<String> TRANSIENT_REPLIES = List.of("LOADING", "BUSY", "TRYAGAIN", "CLUSTERDOWN",
            "MASTERDOWN", "READONLY", "MOVED", "ASK");

    private RedisErrors() {
    }

    static PolyglotException translate(RuntimeException e, String what, String target) {
        if (e instanceof PolyglotException pe) {
            return pe;
        }
        if (e instanceof RedisCommandTimeoutException) {
            return new TransientStoreException(what + " timed out on " + target + ": " + e.getMessage(), e);
        }
        if (e instanceof RedisCommandInterruptedException) {
            Thread.currentThread().interrupt();
            return new TransientStoreException(what + " on " + target + " was interrupted", e);
        }
        if (e instanceof RedisCommandExecutionException) {
            String reply = String.valueOf(e.getMessage());
            for (String prefix : TRANSIENT_REPLIES) {
                if (reply.startsWith(prefix)) {
                    return new TransientStoreException(what + " failed on " + target + ", retry later: " + reply, e);
                }
            }
            return new NonTransientStoreException(what + " failed on " + target + ": " + reply, e);
        }
        // RedisConnectionException, a cancelled command, and any other RedisException are about the
        // connection: refused, closed, not connected, reset.
        return new StoreUnavailableException(target + " is unreachable (" + what + "): " + rootMessage(e), e);
    }

    static String rootMessage(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root == e ? String.valueOf(e.getMessage()) : e.getMessage() + " (" + root + ")";
    }
}
