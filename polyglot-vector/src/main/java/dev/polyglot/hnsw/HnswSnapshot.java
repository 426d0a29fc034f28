package dev.polyglot.hnsw;

import dev.polyglot.vector.Metric;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.List;
import java.util.zip.CRC32C;
import java.util.zip.CheckedInputStream;
import java.util.zip.CheckedOutputStream;

/**
 * A collection's snapshot: every live record at the moment its generation's log was started.
 *
 * <p>Layout: magic {@code PGHNSWSN}, format version, dimensions, metric code, generation, the
 * highest write sequence number, the record count, then each record as {@code [int length][payload]}
 * ({@link HnswCodec#writeEntry}), and last the CRC32C of everything before it. It is written to a
 * temporary file, fsynced, renamed over its final name atomically and the directory fsynced, so a
 * snapshot file either is complete or does not exist. The HNSW graph itself is not stored: it is
 * rebuilt from the records on open, which keeps the format independent of the graph's layout.
 */
final class HnswSnapshot {
    static final byte[] MAGIC = "PGHNSWSN".getBytes(StandardCharsets.US_ASCII);
    static final int FORMAT_VERSION = 1;

    private HnswSnapshot() {
    }

    static byte metricCode(Metric metric) {
        return switch (metric) {
            case COSINE -> 1;
            case DOT -> 2;
            case EUCLIDEAN -> 3;
        };
    }

    static Metric metricOf(Path file, byte code) throws HnswFileException {
        return switch (code) {
            case 1 -> Metric.COSINE;
            case 2 -> Metric.DOT;
            case 3 -> Metric.EUCLIDEAN;
            default -> throw new HnswFileException(file, "names an unknown metric code " + code);
        };
    }

    /** What a snapshot holds besides its records. */
    record Header(int dimensions, Metric metric, long generation, long maxSequence, long count) {
    }

    /** Receives each record of a snapshot being read. */
    interface EntryConsumer {
        void accept(HnswCodec.Decoded record) throws HnswCodec.MalformedException;
    }

    /** Writes a complete snapshot atomically: temp file, fsync, rename, directory fsync. */
    static void write(Path file, int dimensions, Metric metric, long generation, long maxSequence,
            List<HnswEntry> entries) throws IOException {
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        Files.deleteIfExists(tmp);
        try (FileChannel channel = FileChannel.open(tmp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            CRC32C crc = new CRC32C();
            OutputStream raw = Channels.newOutputStream(channel);
            BufferedOutputStream buffered = new BufferedOutputStream(raw, 1 << 16);
            DataOutputStream out = new DataOutputStream(new CheckedOutputStream(buffered, crc));
            out.write(MAGIC);
            out.writeInt(FORMAT_VERSION);
            out.writeInt(dimensions);
            out.writeByte(metricCode(metric));
            out.writeLong(generation);
            out.writeLong(maxSequence);
            out.writeLong(entries.size());
            HnswCodec.Writer w = new HnswCodec.Writer(4 * dimensions + 256);
            for (HnswEntry e : entries) {
                w.reset();
                HnswCodec.writeEntry(w, e);
                out.writeInt(w.size());
                out.write(w.array(), 0, w.size());
            }
            out.flush();
            int checksum = (int) crc.getValue();
            // The checksum itself is outside the checked range.
            buffered.write(new byte[] {(byte) (checksum >>> 24), (byte) (checksum >>> 16), (byte) (checksum >>> 8),
                    (byte) checksum});
            buffered.flush();
            channel.force(true);
        }
        Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        syncDirectory(file.getParent());
    }

    /**
     * Reads a snapshot, handing each record to {@code consumer}; any damage is an
     * {@link HnswFileException} naming the file. The checksum is verified at the end, so the caller
     * must not publish what it collected before this method returns.
     */
    static Header read(Path file, EntryConsumer consumer) throws IOException {
        CRC32C crc = new CRC32C();
        try (InputStream raw = new BufferedInputStream(Files.newInputStream(file), 1 << 16)) {
            DataInputStream in = new DataInputStream(new CheckedInputStream(raw, crc));
            byte[] magic = new byte[8];
            try {
                in.readFully(magic);
            } catch (EOFException e) {
                throw new HnswFileException(file, "is not a Polyglot HNSW snapshot (too short)");
            }
            if (!Arrays.equals(magic, MAGIC)) {
                throw new HnswFileException(file, "is not a Polyglot HNSW snapshot (no PGHNSWSN header)");
            }
            try {
                int version = in.readInt();
                if (version != FORMAT_VERSION) {
                    throw new HnswFileException(file, "has format version " + version
                            + "; this version of polyglot-vector reads " + FORMAT_VERSION);
                }
                int dimensions = in.readInt();
                Metric metric = metricOf(file, in.readByte());
                long generation = in.readLong();
                long maxSequence = in.readLong();
                long count = in.readLong();
                if (dimensions < 1 || dimensions > dev.polyglot.vector.VectorStore.MAX_DIMENSIONS || count < 0) {
                    throw new HnswFileException(file, "has a damaged header (" + dimensions + " dimensions, " + count
                            + " records)");
                }
                int maxRecord = 4 * dimensions + (64 << 20);
                for (long i = 0; i < count; i++) {
                    int length = in.readInt();
                    if (length < 0 || length > maxRecord) {
                        throw new HnswFileException(file, "has a damaged record length " + length + " at record " + i);
                    }
                    byte[] payload = new byte[length];
                    in.readFully(payload);
                    HnswCodec.Reader r = new HnswCodec.Reader(payload, 0, length);
                    try {
                        consumer.accept(HnswCodec.readEntry(r, dimensions));
                        if (!r.atEnd()) {
                            throw new HnswCodec.MalformedException("trailing bytes");
                        }
                    } catch (HnswCodec.MalformedException e) {
                        throw new HnswFileException(file, "has record " + i + " that does not decode: " + e.getMessage());
                    }
                }
                int computed = (int) crc.getValue();
                int stored = new DataInputStream(raw).readInt();
                if (stored != computed) {
                    throw new HnswFileException(file, "is damaged (checksum mismatch)");
                }
                if (raw.read() != -1) {
                    throw new HnswFileException(file, "has bytes after its checksum");
                }
                return new Header(dimensions, metric, generation, maxSequence, count);
            } catch (EOFException e) {
                throw new HnswFileException(file, "is cut short (truncated)");
            }
        }
    }

    /** Makes a directory's entries (created, renamed, deleted files) durable. */
    static void syncDirectory(Path directory) throws IOException {
        try (FileChannel dir = FileChannel.open(directory, StandardOpenOption.READ)) {
            dir.force(true);
        } catch (IOException e) {
            // Some platforms (Windows) cannot open a directory; their rename is durable without it.
            if (!System.getProperty("os.name", "").toLowerCase(java.util.Locale.ROOT).startsWith("windows")) {
                throw e;
            }
        }
    }
}
