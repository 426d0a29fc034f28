package dev.polyglot.redis;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * How cache entries and rate-limiter records are named in Redis: {@code <prefix>:c:{<namespace>}:<key>}
 * and {@code <prefix>:r:{<limiter>}:<key>}.
 *
 * <p>The braces are a Redis Cluster hash tag, so every key of one namespace (or limiter) lives in
 * one slot and multi-key commands on it ({@code MGET}, scripts) run on one node. Namespace and
 * limiter names are {@code [A-Za-z0-9_]} only, so the first {@code {...}} of a key is always the
 * tag and nothing in the user's key can move it to another slot. With hash tags switched off the
 * braces are left out and a namespace's keys spread over the whole cluster.
 *
 * <p>The user's key follows as WTF-8: UTF-8, except that an unpaired surrogate is written as the
 * three bytes UTF-8 would use for that code point. A charset encoder would replace it with
 * {@code ?}, merging distinct keys; WTF-8 keeps every Java string its own byte sequence while
 * ordinary keys stay readable in {@code redis-cli}.
 */
final class RedisKeys {
    private final String prefix;
    private final boolean hashTags;

    RedisKeys(String prefix, boolean hashTags) {
        this.prefix = prefix;
        this.hashTags = hashTags;
    }

    /** The bytes every key of a cache namespace starts with. */
    byte[] cachePrefix(String namespace) {
        return group("c", namespace);
    }

    /** The bytes every record of a rate limiter starts with. */
    byte[] limiterPrefix(String name) {
        return group("r", name);
    }

    boolean hashTags() {
        return hashTags;
    }

    String prefix() {
        return prefix;
    }

    private byte[] group(String kind, String name) {
        String text = hashTags ? prefix + ':' + kind + ":{" + name + "}:" : prefix + ':' + kind + ':' + name + ':';
        return text.getBytes(StandardCharsets.US_ASCII);
    }

    /** The full Redis key: the group prefix followed by the key's WTF-8 bytes. */
    static byte[] join(byte[] groupPrefix, String key) {
        byte[] out = Arrays.copyOf(groupPrefix, groupPrefix.length + 3 * key.length());
        int n = groupPrefix.length;
        for (int i = 0; i < key.length(); i++) {
            char c = key.charAt(i);
            if (c < 0x80) {
                out[n++] = (byte) c;
            } else if (c < 0x800) {
                out[n++] = (byte) (0xC0 | (c >> 6));
                out[n++] = (byte) (0x80 | (c & 0x3F));
            } else if (Character.isHighSurrogate(c) && i + 1 < key.length()
                    && Character.isLowSurrogate(key.charAt(i + 1))) {
                int cp = Character.toCodePoint(c, key.charAt(++i));
                out[n++] = (byte) (0xF0 | (cp >> 18));
                out[n++] = (byte) (0x80 | ((cp >> 12) & 0x3F));
                out[n++] = (byte) (0x80 | ((cp >> 6) & 0x3F));
                out[n++] = (byte) (0x80 | (cp & 0x3F));
            } else {
                // Three bytes, also for an unpaired surrogate (the WTF-8 rule).
                out[n++] = (byte) (0xE0 | (c >> 12));
                out[n++] = (byte) (0x80 | ((c >> 6) & 0x3F));
                out[n++] = (byte) (0x80 | (c & 0x3F));
            }
        }
        return n == out.length ? out : Arrays.copyOf(out, n);
    }
}
