package dev.polyglot.hnsw;

import dev.polyglot.vector.Metric;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.zip.CRC32C;

/**
 * A collection's append-only log of writes since its last snapshot.
 *
 * <p>Layout: a 33-byte header (magic {@code PGHNSWLG}, format version, dimensions, metric code,
 * generation, CRC32C of the header), then records of {@code [int length][int CRC32C][payload]}.
 * Records are written with one {@code write} call each, straight to the file (no user-space
 * buffer), so a killed process loses nothing that was appended; {@link #sync} adds the fsync, and
 * concurrent callers share one (group commit).
 */
final class HnswLog implements AutoCloseable {
    static final byte[] MAGIC = "PGHNSWLG".getBytes(StandardCharsets.US_ASCII);
    static final int FORMAT_VERSION = 1;
    static final int HEADER_BYTES = 8 + 4 + 4 + 1 + 8 + 4;
    static final int RECORD_OVERHEAD = 8;

    private final Path file;
    private final FileChannel channel;
    private final long generation;
    private final Object syncLock = new Object();
    /** Bytes written; guarded by {@code this}. */
    private long written;
    /** Bytes known to be fsynced; written under {@link #syncLock}, read without. */
    private volatile long synced;

    private HnswLog(Path file, FileChannel channel, long generation, long size) {
        this.file = file;
        this.channel = channel;
        this.generation = generation;
        this.written = size;
        this.synced = size;
    }

    /** Creates a new, empty log and makes the file and its directory entry durable. */
    static HnswLog create(Path file, int dimensions, Metric metric, long generation) throws IOException {
        FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
        try {
            ByteBuffer header = ByteBuffer.wrap(header(dimensions, metric, generation));
            while (header.hasRemaining()) {
                channel.write(header);
            }
            channel.force(true);
            HnswSnapshot.syncDirectory(file.getParent());
            return new HnswLog(file, channel, generation, HEADER_BYTES);
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
    }

    /** Reopens an existing log for appending after its last valid record, cutting off a torn tail. */
    static HnswLog reopen(Path file, long generation, long validLength) throws IOException {
        FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE);
        try {
            if (channel.size() > validLength) {
                channel.truncate(validLength);
                channel.force(true);
            }
            channel.position(validLength);
            return new HnswLog(file, channel, generation, validLength);
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
    }

    static byte[] header(int dimensions, Metric metric, long generation) {
        ByteBuffer b = ByteBuffer.allocate(HEADER_BYTES);
        b.put(MAGIC).putInt(FORMAT_VERSION).putInt(dimensions).put(HnswSnapshot.metricCode(metric)).putLong(generation);
        CRC32C crc = new CRC32C();
        crc.update(b.array(), 0, HEADER_BYTES - 4);
        b.putInt((int) crc.getValue());
        return b.array();
    }

    /**
     * Appends one record.
     *
     * @return the log position after the record, to pass to {@link #sync}
     */
    long append(HnswCodec.Writer payload) throws IOException {
        int length = payload.size();
        byte[] record = new byte[RECORD_OVERHEAD + length];
        ByteBuffer b = ByteBuffer.wrap(record);
        CRC32C crc = new CRC32C();
        crc.update(payload.array(), 0, length);
        b.putInt(length).putInt((int) crc.getValue()).put(payload.array(), 0, length);
        b.flip();
        synchronized (this) {
            while (b.hasRemaining()) {
                channel.write(b);
            }
            written += record.length;
            return written;
        }
    }

    /** Returns once everything up to {@code position} is fsynced, fsyncing it if no one else has. */
    void sync(long position) throws IOException {
        if (synced >= position) {
            return;
        }
        synchronized (syncLock) {
            if (synced >= position) {
                return;
            }
            long target;
            synchronized (this) {
                target = written;
            }
            channel.force(false);
            synced = target;
        }
    }

    /** Fsyncs whatever was appended since the last sync (the {@code BATCHED} timer calls this). */
    void syncAll() throws IOException {
        long target;
        synchronized (this) {
            target = written;
        }
        sync(target);
    }

    synchronized long size() {
        return written;
    }

    long generation() {
        return generation;
    }

    Path file() {
        return file;
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }

    /** The settings a log's header names. */
    record Header(int dimensions, Metric metric, long generation) {
    }

    /** Reads and checks a log's header. */
    static Header readHeader(Path file) throws IOException {
        byte[] bytes = new byte[HEADER_BYTES];
        int n = 0;
        try (java.io.InputStream in = Files.newInputStream(file)) {
            n = in.readNBytes(bytes, 0, HEADER_BYTES);
        }
        if (n < HEADER_BYTES || !Arrays.equals(Arrays.copyOf(bytes, 8), MAGIC)) {
            throw new HnswFileException(file, "is not a Polyglot HNSW log (no PGHNSWLG header)");
        }
        ByteBuffer b = ByteBuffer.wrap(bytes);
        b.position(8);
        int version = b.getInt();
        int dims = b.getInt();
        byte metricCode = b.get();
        long gen = b.getLong();
        int headerCrc = b.getInt();
        CRC32C crc = new CRC32C();
        crc.update(bytes, 0, HEADER_BYTES - 4);
        if ((int) crc.getValue() != headerCrc) {
            throw new HnswFileException(file, "has a damaged header (checksum mismatch)");
        }
        if (version != FORMAT_VERSION) {
            throw new HnswFileException(file, "has format version " + version + "; this version of polyglot-vector reads "
                    + FORMAT_VERSION);
        }
        if (dims < 1 || dims > dev.polyglot.vector.VectorStore.MAX_DIMENSIONS) {
            throw new HnswFileException(file, "has a damaged header (" + dims + " dimensions)");
        }
        return new Header(dims, HnswSnapshot.metricOf(file, metricCode), gen);
    }

    /** What reading a log found: its valid length and whether a torn last record was dropped. */
    record Replay(long validLength, boolean tornTail) {
    }

    /** Receives each valid record's payload during {@link #replay}. */
    interface PayloadConsumer {
        void accept(byte[] buffer, int offset, int length) throws HnswCodec.MalformedException;
    }

    /**
     * Reads a log, checks its header against the collection's settings and hands every valid
     * payload to {@code consumer}; a last record that is cut short or fails its checksum is a write
     * torn by a crash and is dropped, anything else that is wrong is an {@link IOException} naming
     * the file.
     *
     * @param dimensions the collection's dimensions, which the header must repeat
     */
    static Replay replay(Path file, long generation, int dimensions, Metric metric, PayloadConsumer consumer)
            throws IOException {
        Header header = readHeader(file);
        if (header.dimensions() != dimensions || header.metric() != metric || header.generation() != generation) {
            throw new HnswFileException(file, "belongs to another collection or generation (" + header.dimensions()
                    + " dimensions, " + header.metric() + ", generation " + header.generation() + "; expected "
                    + dimensions + ", " + metric + ", " + generation + ")");
        }
        byte[] bytes = Files.readAllBytes(file);
        CRC32C crc = new CRC32C();
        int pos = HEADER_BYTES;
        while (pos < bytes.length) {
            int remaining = bytes.length - pos;
            if (remaining < RECORD_OVERHEAD) {
                return new Replay(pos, true);
            }
            int length = ByteBuffer.wrap(bytes, pos, 4).getInt();
            int expected = ByteBuffer.wrap(bytes, pos + 4, 4).getInt();
            if (length < 0 || (long) length > remaining - RECORD_OVERHEAD) {
                // Longer than what is left: the crash cut the record short. (A damaged length in the
                // middle of the file also lands here, since it points past the end.)
                return new Replay(pos, true);
            }
            crc.reset();
            crc.update(bytes, pos + RECORD_OVERHEAD, length);
            int end = pos + RECORD_OVERHEAD + length;
            if ((int) crc.getValue() != expected) {
                if (end == bytes.length) {
                    return new Replay(pos, true);
                }
                throw new HnswFileException(file, "has a damaged record at byte " + pos
                        + " (checksum mismatch) followed by more records; refusing to drop acknowledged writes");
            }
            try {
                consumer.accept(bytes, pos + RECORD_OVERHEAD, length);
            } catch (HnswCodec.MalformedException e) {
                throw new HnswFileException(file, "has a record at byte " + pos + " that does not decode: " + e.getMessage());
            }
            pos = end;
        }
        return new Replay(pos, false);
    }
}
