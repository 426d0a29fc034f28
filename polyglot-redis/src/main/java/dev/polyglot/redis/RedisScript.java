package dev.polyglot.redis;

import io.lettuce.core.RedisCommandExecutionException;
import io.lettuce.core.RedisNoScriptException;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.cluster.api.sync.RedisClusterCommands;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * A Lua script run with {@code EVALSHA}, falling back to {@code EVAL} (which also loads it) when
 * the server answers {@code NOSCRIPT}: after a restart, a failover, or on a cluster node that has
 * not seen it yet. Scripts are constants of this module; keys and arguments are always passed as
 * {@code KEYS}/{@code ARGV}, never spliced into the source.
 */
final class RedisScript {

    /**
     * {@code increment}: INCRBY, and PEXPIRE only when the key did not exist. Returns the new value
     * with GET, as a string: Lua numbers are doubles, so returning INCRBY's integer through Lua
     * would round counters above 2^53. KEYS[1] = entry, ARGV[1] = delta, ARGV[2] = TTL in ms.
     */
    static final RedisScript INCREMENT = new RedisScript("increment", """
            local created = redis.call('EXISTS', KEYS[1]) == 0
            redis.call('INCRBY', KEYS[1], ARGV[1])
            if created then
              redis.call('PEXPIRE', KEYS[1], ARGV[2])
            end
            return redis.call('GET', KEYS[1])
            """);

    /**
     * {@code tryAcquire}: an exact sliding-window log in a sorted set, one member per granted permit,
     * scored by the grant's millisecond on the server's clock ({@code TIME}). Grants older than one
     * window are removed, the rest counted; a request is granted whole or not at all, and a denied
     * one writes nothing. The retry-after of a denial is when the grant that frees enough permits
     * leaves the window. The clock never runs backwards for a key: "now" is at least its newest
     * grant. The key expires one window after its newest grant.
     * KEYS[1] = record, ARGV[1] = limit, ARGV[2] = window in ms, ARGV[3] = permits.
     * Returns {allowed (1/0), remaining, retry-after in ms}.
     */
    static final RedisScript RATE_LIMIT = new RedisScript("rate limit", """
            local key = KEYS[1]
            local limit = tonumber(ARGV[1])
            local window = tonumber(ARGV[2])
            local permits = tonumber(ARGV[3])
            local time = redis.call('TIME')
            local clock = tonumber(time[1]) * 1000 + math.floor(tonumber(time[2]) / 1000)
            local now = clock
            local newest = redis.call('ZRANGE', key, -1, -1, 'WITHSCORES')
            if newest[2] ~= nil and tonumber(newest[2]) > now then
              now = tonumber(newest[2])
            end
            redis.call('ZREMRANGEBYSCORE', key, '-inf', now - window)
            local used = redis.call('ZCARD', key)
            if used + permits <= limit then
              local stamp = string.format('%.0f', now)
              for i = 1, permits do
                redis.call('ZADD', key, now, stamp .. ':' .. string.format('%.0f', used + i))
              end
              redis.call('PEXPIRE', key, string.format('%.0f', window + now - clock))
              return {1, limit - used - permits, 0}
            end
            local mustFree = used + permits - limit
            local freeing = redis.call('ZRANGE', key, mustFree - 1, mustFree - 1, 'WITHSCORES')
            local remaining = limit - used
            if remaining < 0 then
              remaining = 0
            end
            return {0, remaining, tonumber(freeing[2]) + window - now}
            """);

    private final String name;
    private final byte[] source;
    private final String sha;

    private RedisScript(String name, String source) {
        this.name = name;
        this.source = source.getBytes(StandardCharsets.UTF_8);
        this.sha = sha1(this.source);
    }

    /** Runs the script by its SHA-1, sending the source once if the server does not know it. */
    <T> T run(RedisClusterCommands<byte[], byte[]> commands, ScriptOutputType output, byte[][] keys, byte[]... args) {
        try {
            return commands.evalsha(sha, output, keys, args);
        } catch (RedisNoScriptException e) {
            return commands.eval(source, output, keys, args);
        } catch (RedisCommandExecutionException e) {
            if (String.valueOf(e.getMessage()).startsWith("NOSCRIPT")) {
                return commands.eval(source, output, keys, args);
            }
            throw e;
        }
    }

    @Override
    public String toString() {
        return "RedisScript[" + name + ", " + sha + "]";
    }

    private static String sha1(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-1").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-1", e);
        }
    }
}
