package dev.polyglot.redis;

import static org.assertj.core.api.Assertions.assertThat;

import io.lettuce.core.cluster.SlotHash;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("Redis key naming")
class RedisKeysTest {
    private static final List<String> TRICKY = List.of("", "{", "}", "{}", "{x}", "a{b}c", "}{", "{{a}}", ":", "*",
            "\0", "\r\nFLUSHALL\r\n", "\uD800", "\uDC00", "😀", "ü");

    @Test
    @DisplayName("a key is the namespace prefix followed by its UTF-8 bytes, with the namespace as hash tag")
    void layout() {
        RedisKeys keys = new RedisKeys("polyglot", true);
        assertThat(new String(RedisKeys.join(keys.cachePrefix("sessions"), "s-42 ü😀"), StandardCharsets.UTF_8))
                .isEqualTo("polyglot:c:{sessions}:s-42 ü😀");
        assertThat(new String(keys.limiterPrefix("login"), StandardCharsets.US_ASCII)).isEqualTo("polyglot:r:{login}:");
        assertThat(new String(new RedisKeys("app", false).cachePrefix("sessions"), StandardCharsets.US_ASCII))
                .isEqualTo("app:c:sessions:");
    }

    @Test
    @DisplayName("unpaired surrogates get their own three bytes (WTF-8) instead of a replacement character")
    void surrogates() {
        byte[] prefix = new byte[0];
        assertThat(RedisKeys.join(prefix, "\uD800")).containsExactly(0xED, 0xA0, 0x80);
        assertThat(RedisKeys.join(prefix, "\uDFFF")).containsExactly(0xED, 0xBF, 0xBF);
        assertThat(RedisKeys.join(prefix, "\uD83D\uDE00")).isEqualTo("😀".getBytes(StandardCharsets.UTF_8));
        assertThat(RedisKeys.join(prefix, "?")).isNotEqualTo(RedisKeys.join(prefix, "\uD800"));
    }

    @Test
    @DisplayName("distinct strings always give distinct keys (200,000 random strings of any UTF-16 code units)")
    void injective() {
        Random random = new Random(42);
        Map<ByteBuffer, String> seen = new HashMap<>();
        byte[] prefix = "p:".getBytes(StandardCharsets.US_ASCII);
        char[] alphabet = {'a', '\0', '{', '}', ':', '\uD800', '\uDBFF', '\uDC00', '\uDFFF', '\u00e9', '\uFFFD', '?', '\u07FF',
            '\u0800', '\uFFFF', '\u007F', '\u0080'};
        for (int n = 0; n < 200_000; n++) {
            int length = random.nextInt(6);
            StringBuilder s = new StringBuilder();
            for (int i = 0; i < length; i++) {
                s.append(random.nextInt(4) == 0 ? (char) random.nextInt(0x10000) : alphabet[random.nextInt(alphabet.length)]);
            }
            String key = s.toString();
            String before = seen.putIfAbsent(ByteBuffer.wrap(RedisKeys.join(prefix, key)), key);
            if (before != null) {
                assertThat(before).as("two strings with the same key bytes").isEqualTo(key);
            }
        }
    }

    @Test
    @DisplayName("with hash tags, every key of a namespace is in the namespace's slot whatever braces the key holds")
    void oneSlotPerNamespace() {
        RedisKeys keys = new RedisKeys("polyglot", true);
        int slot = SlotHash.getSlot("sessions".getBytes(StandardCharsets.US_ASCII));
        for (String key : TRICKY) {
            assertThat(SlotHash.getSlot(RedisKeys.join(keys.cachePrefix("sessions"), key))).as(key).isEqualTo(slot);
        }
        assertThat(SlotHash.getSlot(RedisKeys.join(keys.limiterPrefix("sessions"), "x"))).isEqualTo(slot);
    }

    @Test
    @DisplayName("without hash tags, a namespace's keys spread over many slots")
    void spreadWithoutTags() {
        RedisKeys keys = new RedisKeys("polyglot", false);
        Set<Integer> slots = new HashSet<>();
        for (int i = 0; i < 100; i++) {
            slots.add(SlotHash.getSlot(RedisKeys.join(keys.cachePrefix("sessions"), "k" + i)));
        }
        assertThat(slots.size()).isGreaterThan(50);
    }
}
