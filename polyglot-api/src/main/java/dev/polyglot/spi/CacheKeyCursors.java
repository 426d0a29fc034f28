package dev.polyglot.spi;

import dev.polyglot.query.Sort;
import java.util.HexFormat;
import java.util.List;

/**
 * Encodes the cursors of {@link dev.polyglot.cache.Cache#keys} for adapters that page keys by the
 * last key returned, in the one {@link KeysetCursors} format.
 *
 * <p>The key travels as the hex of its UTF-16 code units, so every Java string (NUL, unpaired
 * surrogates) survives the cursor exactly. A cursor is bound to a pseudo-sort of its own, so a
 * document or table cursor is rejected as "issued for another sort".
 */
public final class CacheKeyCursors {

    private static final Sort KEYS = Sort.asc("cacheKeys");
    private static final HexFormat HEX = HexFormat.of();

    private CacheKeyCursors() {
    }

    /**
     * Returns the cursor of the page that follows a key.
     *
     * @param lastKey the last key of the page, or an adapter's own position text that contains it
     *     (so of any length)
     * @return the opaque cursor
     * @throws IllegalArgumentException if {@code lastKey} is null
     */
    public static String after(String lastKey) {
        if (lastKey == null) {
            throw new IllegalArgumentException("the last key of a page must not be null");
        }
        byte[] units = new byte[lastKey.length() * 2];
        for (int i = 0; i < lastKey.length(); i++) {
            char c = lastKey.charAt(i);
            units[2 * i] = (byte) (c >>> 8);
            units[2 * i + 1] = (byte) c;
        }
        // A leading "k" keeps the id non-empty for the empty key.
        String text = "k" + HEX.formatHex(units);
        return KeysetCursors.encode(KEYS, List.of(text), text);
    }

    /**
     * Returns the key a cursor points after.
     *
     * @param cursor a cursor made by {@link #after(String)}
     * @return the last key of the previous page
     * @throws IllegalArgumentException if the cursor is malformed or is not a keys cursor
     */
    public static String lastKey(String cursor) {
        Object id = KeysetCursors.decode(KEYS, cursor).sortValues().get(0);
        if (!(id instanceof String text) || !text.startsWith("k") || text.length() % 4 != 1) {
            throw new IllegalArgumentException("malformed cache keys cursor");
        }
        byte[] units;
        try {
            units = HEX.parseHex(text, 1, text.length());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("malformed cache keys cursor", e);
        }
        char[] chars = new char[units.length / 2];
        for (int i = 0; i < chars.length; i++) {
            chars[i] = (char) (((units[2 * i] & 0xff) << 8) | (units[2 * i + 1] & 0xff));
        }
        return new String(chars);
    }
}
