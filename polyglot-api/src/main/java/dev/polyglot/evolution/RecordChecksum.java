package dev.polyglot.evolution;

import dev.polyglot.codec.DocumentValues;
import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * SHA-256 of a value of the {@linkplain DocumentValues document model}, the form every adapter
 * stores: equal for two values exactly when {@link DocumentValues#contentEquals} holds (keys in any
 * order, numbers by exact value across Java types), so a record copied between stores that reorder
 * keys (JSONB) or widen numbers (BSON) keeps its checksum.
 *
 * <p>This is not a second encoding of the data, only a digest of the model walked in a canonical
 * order: each value is fed with a one-byte family tag, documents with their keys sorted.
 */
final class RecordChecksum {

    private static final HexFormat HEX = HexFormat.of();

    private RecordChecksum() {
    }

    /** Returns the hex SHA-256 of a model value. */
    static String of(@Nullable Object model) {
        MessageDigest digest = sha256();
        feed(digest, model);
        return HEX.formatHex(digest.digest());
    }

    /** Returns the hex SHA-256 of a vector record's id, components and metadata. */
    static String ofVector(String id, float[] vector, Map<String, @Nullable Object> metadata) {
        MessageDigest digest = sha256();
        feed(digest, id);
        ByteBuffer components = ByteBuffer.allocate(4 * vector.length + 4);
        components.putInt(vector.length);
        for (float f : vector) {
            components.putInt(Float.floatToIntBits(f));
        }
        digest.update(components.array());
        feed(digest, metadata);
        return HEX.formatHex(digest.digest());
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            // Every Java platform must provide SHA-256.
            throw new IllegalStateException("SHA-256 is not available", e);
        }
    }

    private static void feed(MessageDigest digest, @Nullable Object value) {
        DocumentValues.Family family = DocumentValues.family(value);
        digest.update((byte) family.ordinal());
        switch (family) {
            case NULL -> {
            }
            case NUMBER -> {
                BigDecimal exact = DocumentValues.toBigDecimal((Number) value).stripTrailingZeros();
                text(digest, exact.signum() == 0 ? "0" : exact.toString());
            }
            case STRING -> text(digest, (String) value);
            case DOCUMENT -> {
                Map<?, ?> map = (Map<?, ?>) value;
                List<String> keys = new ArrayList<>(map.size());
                for (Object key : map.keySet()) {
                    keys.add((String) key);
                }
                keys.sort(null);
                digest.update(ByteBuffer.allocate(4).putInt(keys.size()).array());
                for (String key : keys) {
                    text(digest, key);
                    feed(digest, map.get(key));
                }
            }
            case ARRAY -> {
                List<?> list = (List<?>) value;
                digest.update(ByteBuffer.allocate(4).putInt(list.size()).array());
                for (Object element : list) {
                    feed(digest, element);
                }
            }
            case BINARY -> {
                byte[] bytes = (byte[]) value;
                digest.update(ByteBuffer.allocate(4).putInt(bytes.length).array());
                digest.update(bytes);
            }
            case UUID -> {
                UUID uuid = (UUID) value;
                digest.update(ByteBuffer.allocate(16).putLong(uuid.getMostSignificantBits())
                        .putLong(uuid.getLeastSignificantBits()).array());
            }
            case BOOLEAN -> digest.update((byte) (((Boolean) value) ? 1 : 0));
            case INSTANT -> {
                Instant instant = (Instant) value;
                digest.update(ByteBuffer.allocate(12).putLong(instant.getEpochSecond()).putInt(instant.getNano()).array());
            }
            default -> throw new AssertionError(family);
        }
    }

    /** Feeds a string as its length and UTF-16 code units, so unpaired surrogates stay distinct. */
    private static void text(MessageDigest digest, String text) {
        ByteBuffer buffer = ByteBuffer.allocate(4 + 2 * text.length());
        buffer.putInt(text.length());
        for (int i = 0; i < text.length(); i++) {
            buffer.putChar(text.charAt(i));
        }
        digest.update(buffer.array());
    }
}
