package dev.polyglot.redis;

import static org.assertj.core.api.Assertions.assertThat;

import dev.polyglot.NonTransientStoreException;
import dev.polyglot.PolyglotException;
import dev.polyglot.StoreUnavailableException;
import dev.polyglot.TransientStoreException;
import io.lettuce.core.RedisCommandExecutionException;
import io.lettuce.core.RedisCommandTimeoutException;
import io.lettuce.core.RedisConnectionException;
import io.lettuce.core.RedisException;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("Lettuce's exceptions become the port's")
class RedisErrorsTest {

    private static PolyglotException translate(RuntimeException e) {
        PolyglotException translated = RedisErrors.translate(e, "get of cache key \"k\"", "Redis at h:6379");
        assertThat(translated.getCause()).isSameAs(e);
        assertThat(translated.getMessage()).contains("Redis at h:6379");
        return translated;
    }

    @Test
    @DisplayName("no connection is StoreUnavailableException")
    void unavailable() {
        assertThat(translate(new RedisConnectionException("Unable to connect"))).isInstanceOf(StoreUnavailableException.class);
        assertThat(translate(new RedisException("Currently not connected. Commands are rejected.")))
                .isInstanceOf(StoreUnavailableException.class);
        assertThat(translate(new RedisException("Connection closed"))).isInstanceOf(StoreUnavailableException.class);
    }

    @Test
    @DisplayName("a timeout or a server that is loading, busy, failing over or resharding is transient")
    void transientFailures() {
        assertThat(translate(new RedisCommandTimeoutException("Command timed out after 2 second(s)")))
                .isExactlyInstanceOf(TransientStoreException.class);
        for (String reply : new String[] {"LOADING Redis is loading the dataset in memory", "BUSY Redis is busy running a script",
            "TRYAGAIN Multiple keys request during rehashing of slot", "CLUSTERDOWN The cluster is down",
            "MASTERDOWN Link with MASTER is down", "READONLY You can't write against a read only replica.",
            "MOVED 3999 127.0.0.1:6381", "ASK 3999 127.0.0.1:6381"}) {
            assertThat(translate(new RedisCommandExecutionException(reply))).as(reply)
                    .isExactlyInstanceOf(TransientStoreException.class);
        }
    }

    @Test
    @DisplayName("any other error reply is non-transient and keeps the reply in the message")
    void otherReplies() {
        PolyglotException e = translate(new RedisCommandExecutionException("OOM command not allowed when used memory > 'maxmemory'."));
        assertThat(e).isExactlyInstanceOf(NonTransientStoreException.class).hasMessageContaining("OOM");
        assertThat(translate(new RedisCommandExecutionException("WRONGTYPE Operation against a key holding the wrong kind of value")))
                .isExactlyInstanceOf(NonTransientStoreException.class);
    }
}
