package dev.polyglot.redis;

import dev.polyglot.StoreConfigurationException;
import dev.polyglot.spi.Ids;
import dev.polyglot.spi.StoreUri;
import io.lettuce.core.RedisURI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.StringJoiner;

/**
 * A parsed Redis store URI: where to connect (one node, a Sentinel group or a cluster's seed
 * nodes), the command timeout, and how keys are named.
 *
 * <p>{@code redis://}, {@code rediss://}, {@code redis-sentinel://} and {@code rediss-sentinel://}
 * are Lettuce's own URI formats and go to {@link RedisURI#create(String)} unchanged, apart from
 * this adapter's parameters; {@code redis-cluster://h1:p1,h2:p2} (and {@code rediss-cluster://})
 * lists seed nodes, each given the URI's user info and parameters.
 *
 * @param cluster whether to use {@code RedisClusterClient}
 * @param uris the one node or Sentinel URI, or the cluster's seed nodes
 * @param target a description for messages, without password
 * @param timeout the command and connect timeout
 * @param keys how keys are named
 */
record RedisSettings(boolean cluster, List<RedisURI> uris, String target, Duration timeout, RedisKeys keys) {
    /** The command timeout when the URI does not give {@code timeout}. */
    static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(2);
    static final String PREFIX = "prefix";
    static final String HASH_TAGS = "hashTags";
    static final Set<String> SINGLE_SCHEMES = Set.of("redis", "rediss", "redis-sentinel", "rediss-sentinel");
    static final Set<String> CLUSTER_SCHEMES = Set.of("redis-cluster", "rediss-cluster");

    static RedisSettings parse(StoreUri uri) {
        String scheme = uri.scheme();
        boolean cluster = CLUSTER_SCHEMES.contains(scheme);
        if (!cluster && !SINGLE_SCHEMES.contains(scheme)) {
            throw new IllegalArgumentException("not a Redis URI: " + uri
                    + "; use redis://, rediss://, redis-sentinel:// or redis-cluster://");
        }
        String prefix = uri.parameter(PREFIX).orElse("polyglot");
        try {
            Ids.requireName(prefix, "Redis key prefix (URI parameter " + PREFIX + ")");
        } catch (IllegalArgumentException e) {
            throw new StoreConfigurationException(e.getMessage() + " in " + uri, e);
        }
        String tags = uri.parameter(HASH_TAGS).orElse("true").toLowerCase(Locale.ROOT);
        if (!tags.equals("true") && !tags.equals("false")) {
            throw new StoreConfigurationException("Redis URI parameter " + HASH_TAGS + " must be true or false, got \""
                    + tags + "\" in " + uri, null);
        }
        RedisKeys keys = new RedisKeys(prefix, tags.equals("true"));
        String lettuceText = withoutOwnParameters(uri.text());
        boolean explicitTimeout = uri.parameter("timeout").isPresent();
        List<RedisURI> uris = new ArrayList<>();
        try {
            if (cluster) {
                for (String seed : clusterSeeds(lettuceText, scheme.equals("rediss-cluster"))) {
                    uris.add(RedisURI.create(seed));
                }
            } else {
                uris.add(RedisURI.create(lettuceText));
            }
        } catch (IllegalArgumentException e) {
            throw new StoreConfigurationException("Redis URI " + uri + " is not valid: " + e.getMessage(), e);
        }
        Duration timeout = explicitTimeout ? uris.get(0).getTimeout() : DEFAULT_TIMEOUT;
        if (timeout.isZero() || timeout.isNegative()) {
            throw new StoreConfigurationException("Redis URI " + uri + " must give a positive timeout", null);
        }
        for (RedisURI u : uris) {
            u.setTimeout(timeout);
        }
        return new RedisSettings(cluster, List.copyOf(uris), describe(scheme, uris), timeout, keys);
    }

    /** Drops this adapter's parameters, so Lettuce sees only its own. */
    private static String withoutOwnParameters(String text) {
        int hash = text.indexOf('#');
        String fragment = hash < 0 ? "" : text.substring(hash);
        String rest = hash < 0 ? text : text.substring(0, hash);
        int question = rest.indexOf('?');
        if (question < 0) {
            return text;
        }
        StringJoiner kept = new StringJoiner("&");
        for (String pair : rest.substring(question + 1).split("&")) {
            int eq = pair.indexOf('=');
            String name = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
            if (!pair.isEmpty() && !name.equals(PREFIX) && !name.equals(HASH_TAGS)) {
                kept.add(pair);
            }
        }
        String base = rest.substring(0, question);
        return (kept.length() == 0 ? base : base + '?' + kept) + fragment;
    }

    /** Splits {@code redis-cluster://user:pw@h1:p1,h2:p2/?timeout=1s} into one {@code redis://} URI per seed. */
    private static List<String> clusterSeeds(String text, boolean tls) {
        String afterScheme = text.substring(text.indexOf("://") + 3);
        int end = afterScheme.length();
        for (char c : new char[] {'/', '?', '#'}) {
            int at = afterScheme.indexOf(c);
            if (at >= 0 && at < end) {
                end = at;
            }
        }
        String authority = afterScheme.substring(0, end);
        String tail = afterScheme.substring(end);
        int at = authority.lastIndexOf('@');
        String userInfo = at < 0 ? "" : authority.substring(0, at + 1);
        String hosts = authority.substring(at + 1);
        List<String> seeds = new ArrayList<>();
        for (String host : hosts.split(",")) {
            if (!host.isBlank()) {
                seeds.add((tls ? "rediss://" : "redis://") + userInfo + host.trim() + tail);
            }
        }
        if (seeds.isEmpty()) {
            throw new IllegalArgumentException("a redis-cluster:// URI lists at least one host:port");
        }
        return seeds;
    }

    private static String describe(String scheme, List<RedisURI> uris) {
        RedisURI first = uris.get(0);
        if (!first.getSentinels().isEmpty()) {
            StringJoiner sentinels = new StringJoiner(",");
            first.getSentinels().forEach(s -> sentinels.add(s.getHost() + ":" + s.getPort()));
            return "Redis master \"" + first.getSentinelMasterId() + "\" via Sentinel " + sentinels;
        }
        StringJoiner nodes = new StringJoiner(",");
        uris.forEach(u -> nodes.add(u.getSocket() != null ? u.getSocket() : u.getHost() + ":" + u.getPort()));
        return (CLUSTER_SCHEMES.contains(scheme) ? "Redis Cluster at " : "Redis at ") + nodes;
    }
}
