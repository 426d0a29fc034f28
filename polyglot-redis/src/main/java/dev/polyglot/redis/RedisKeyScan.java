package dev.polyglot.redis;

import dev.polyglot.query.Page;
import dev.polyglot.query.PageRequest;
import dev.polyglot.spi.CacheKeyCursors;
import io.lettuce.core.KeyScanCursor;
import io.lettuce.core.ScanArgs;
import io.lettuce.core.ScanCursor;
import io.lettuce.core.api.sync.RedisKeyCommands;
import io.lettuce.core.cluster.api.StatefulRedisClusterConnection;
import io.lettuce.core.cluster.models.partitions.RedisClusterNode;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import org.jspecify.annotations.Nullable;

/**
 * Pages through the live keys of one namespace with {@code SCAN … MATCH <namespace prefix>*}, for
 * {@link dev.polyglot.cache.Cache#keys}.
 *
 * <p>The order is that of the scan itself: node by node (a cluster's masters ordered by node id,
 * so that the order does not depend on which node answers first), {@code SCAN} batch by batch,
 * and within a batch by {@link String#compareTo}, since Redis does not promise the order inside a
 * batch. Every batch asks for the same {@code COUNT}, so the batches — and the order — do not
 * depend on the page size. A cursor is the position after the last key returned: node, the
 * {@code SCAN} cursor of that key's batch, and the key; resuming scans that batch again and skips
 * the keys up to it. Redis's own guarantee carries over: a key live during the whole iteration is
 * returned, and a key may come twice if the server resizes its key table meanwhile.
 */
final class RedisKeyScan {
    /** Keys asked of each {@code SCAN} call; fixed, so that batches do not depend on the page size. */
    static final int BATCH = 1_000;

    private final byte[] prefix;
    private final ScanArgs args;

    RedisKeyScan(byte[] prefix) {
        this.prefix = prefix;
        this.args = ScanArgs.Builder.matches(globLiteral(prefix) + "*").limit(BATCH);
    }

    /** Returns one page of keys, reading through the link's node connections. */
    Page<String> page(RedisLink link, PageRequest page) {
        List<RedisKeyCommands<byte[], byte[]>> nodes = nodes(link);
        Position start = page.cursor() == null ? new Position(0, "0", null) : Position.parse(page.cursor());
        long skip = page.offset();
        List<String> items = new ArrayList<>(page.size());
        Position last = start;
        int node = start.node();
        String cursor = start.scanCursor();
        String after = start.lastKey();
        while (node < nodes.size()) {
            KeyScanCursor<byte[]> batch = nodes.get(node).scan(ScanCursor.of(cursor), args);
            TreeSet<String> sorted = new TreeSet<>();
            for (byte[] key : batch.getKeys()) {
                String decoded = decode(key);
                if (decoded != null && (after == null || decoded.compareTo(after) > 0)) {
                    sorted.add(decoded);
                }
            }
            for (String key : sorted) {
                if (skip > 0) {
                    skip--;
                } else if (items.size() == page.size()) {
                    // One key beyond the page: another page follows, starting after the last item.
                    PageRequest next = page.offsetPaging()
                            ? PageRequest.atOffset(page.offset() + page.size(), page.size())
                            : PageRequest.after(last.encode(), page.size());
                    return new Page<>(items, next);
                } else {
                    items.add(key);
                    last = new Position(node, cursor, key);
                }
            }
            after = null;
            if (batch.isFinished()) {
                node++;
                cursor = "0";
            } else {
                cursor = batch.getCursor();
            }
        }
        return new Page<>(items, null);
    }

    /** The connections to scan, in a fixed order: the one server, or each master of a cluster. */
    @SuppressWarnings("unchecked")
    private static List<RedisKeyCommands<byte[], byte[]>> nodes(RedisLink link) {
        if (!(link.connection() instanceof StatefulRedisClusterConnection<?, ?> cluster)) {
            return List.of(link.sync());
        }
        StatefulRedisClusterConnection<byte[], byte[]> typed = (StatefulRedisClusterConnection<byte[], byte[]>) cluster;
        List<RedisKeyCommands<byte[], byte[]>> nodes = new ArrayList<>();
        typed.getPartitions().stream()
                .filter(n -> n.is(RedisClusterNode.NodeFlag.UPSTREAM) && !n.getSlots().isEmpty())
                .map(RedisClusterNode::getNodeId)
                .sorted()
                .forEach(id -> nodes.add(typed.getConnection(id).sync()));
        return nodes;
    }

    /** The user's key of a Redis key under this prefix (WTF-8, see {@link RedisKeys}), or null if it is not one. */
    private @Nullable String decode(byte[] full) {
        if (full.length < prefix.length) {
            return null;
        }
        for (int i = 0; i < prefix.length; i++) {
            if (full[i] != prefix[i]) {
                return null;
            }
        }
        StringBuilder key = new StringBuilder(full.length - prefix.length);
        int i = prefix.length;
        while (i < full.length) {
            int b = full[i] & 0xFF;
            int length = b < 0x80 ? 1 : b >= 0xF0 ? 4 : b >= 0xE0 ? 3 : b >= 0xC0 ? 2 : 0;
            if (length == 0 || i + length > full.length) {
                return null;
            }
            int cp = length == 1 ? b : b & (0xFF >> (length + 1));
            for (int j = 1; j < length; j++) {
                cp = (cp << 6) | (full[i + j] & 0x3F);
            }
            key.appendCodePoint(cp);
            i += length;
        }
        return key.toString();
    }

    /** The prefix as a glob that matches only itself: {@code * ? [ ] \} escaped. */
    private static String globLiteral(byte[] prefix) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(prefix.length + 4);
        for (byte b : prefix) {
            if (b == '*' || b == '?' || b == '[' || b == ']' || b == '\\') {
                out.write('\\');
            }
            out.write(b);
        }
        // The prefix is ASCII: the configured prefix and namespace names are validated names.
        return out.toString(StandardCharsets.US_ASCII);
    }

    /** Where a page ended: node index, the {@code SCAN} cursor of the last key's batch, and that key. */
    private record Position(int node, String scanCursor, @Nullable String lastKey) {

        String encode() {
            return CacheKeyCursors.after(node + ":" + scanCursor + ":" + lastKey);
        }

        static Position parse(String cursor) {
            String state = CacheKeyCursors.lastKey(cursor);
            int first = state.indexOf(':');
            int second = first < 0 ? -1 : state.indexOf(':', first + 1);
            if (second < 0) {
                throw new IllegalArgumentException("the cursor was not issued by a Redis cache's keys()");
            }
            try {
                int node = Integer.parseInt(state.substring(0, first));
                String scan = state.substring(first + 1, second);
                Long.parseUnsignedLong(scan);
                if (node < 0) {
                    throw new NumberFormatException("negative node index");
                }
                return new Position(node, scan, state.substring(second + 1));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("the cursor was not issued by a Redis cache's keys()", e);
            }
        }
    }
}
