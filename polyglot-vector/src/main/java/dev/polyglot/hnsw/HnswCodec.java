package dev.polyglot.hnsw;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * The binary encoding of records inside snapshots and logs: big-endian integers, raw IEEE-754
 * floats, strings as their UTF-16 code units in modified UTF-8 (so every Java string, lone
 * surrogates included, round-trips), and the document model's values behind one-byte tags. No
 * Java serialization: a file can only ever produce the values listed here.
 */
final class HnswCodec {
    private static final byte NULL = 0;
    private static final byte STRING = 1;
    private static final byte TRUE = 2;
    private static final byte FALSE = 3;
    private static final byte INT = 4;
    private static final byte LONG = 5;
    private static final byte DOUBLE = 6;
    private static final byte DECIMAL = 7;
    private static final byte INSTANT = 8;
    private static final byte UUID_TAG = 9;
    private static final byte BYTES = 10;
    private static final byte LIST = 11;
    private static final byte MAP = 12;

    private static final int MAX_DEPTH = 200;

    private HnswCodec() {
    }

    /** A growable big-endian byte buffer. */
    static final class Writer {
        private byte[] buf;
        private int size;

        Writer(int initial) {
            buf = new byte[Math.max(16, initial)];
        }

        private void ensure(int more) {
            if (size + more > buf.length) {
                buf = Arrays.copyOf(buf, Math.max(buf.length * 2, size + more));
            }
        }

        void writeByte(int b) {
            ensure(1);
            buf[size++] = (byte) b;
        }

        void writeInt(int v) {
            ensure(4);
            buf[size++] = (byte) (v >>> 24);
            buf[size++] = (byte) (v >>> 16);
            buf[size++] = (byte) (v >>> 8);
            buf[size++] = (byte) v;
        }

        void writeLong(long v) {
            writeInt((int) (v >>> 32));
            writeInt((int) v);
        }

        void writeFloats(float[] v) {
            ensure(4 * v.length);
            for (float f : v) {
                int bits = Float.floatToRawIntBits(f);
                buf[size++] = (byte) (bits >>> 24);
                buf[size++] = (byte) (bits >>> 16);
                buf[size++] = (byte) (bits >>> 8);
                buf[size++] = (byte) bits;
            }
        }

        void writeBytes(byte[] b) {
            writeInt(b.length);
            ensure(b.length);
            System.arraycopy(b, 0, buf, size, b.length);
            size += b.length;
        }

        void writeString(String s) {
            int n = s.length();
            writeInt(n);
            ensure(3 * n);
            for (int i = 0; i < n; i++) {
                char c = s.charAt(i);
                if (c != 0 && c < 0x80) {
                    buf[size++] = (byte) c;
                } else if (c < 0x800) {
                    buf[size++] = (byte) (0xC0 | (c >> 6));
                    buf[size++] = (byte) (0x80 | (c & 0x3F));
                } else {
                    buf[size++] = (byte) (0xE0 | (c >> 12));
                    buf[size++] = (byte) (0x80 | ((c >> 6) & 0x3F));
                    buf[size++] = (byte) (0x80 | (c & 0x3F));
                }
            }
        }

        void setInt(int offset, int v) {
            buf[offset] = (byte) (v >>> 24);
            buf[offset + 1] = (byte) (v >>> 16);
            buf[offset + 2] = (byte) (v >>> 8);
            buf[offset + 3] = (byte) v;
        }

        int size() {
            return size;
        }

        void reset() {
            size = 0;
        }

        byte[] array() {
            return buf;
        }
    }

    /** Thrown by {@link Reader} when bytes do not decode; the caller names the file. */
    static final class MalformedException extends Exception {
        private static final long serialVersionUID = 1L;

        MalformedException(String message) {
            super(message);
        }
    }

    /** Reads what {@link Writer} wrote, checking every length against the bytes that are there. */
    static final class Reader {
        private final byte[] buf;
        private int pos;
        private final int end;

        Reader(byte[] buf, int offset, int length) {
            this.buf = buf;
            this.pos = offset;
            this.end = offset + length;
        }

        private void need(long n) throws MalformedException {
            if (n < 0 || pos + n > end) {
                throw new MalformedException("truncated value at byte " + pos);
            }
        }

        int readByte() throws MalformedException {
            need(1);
            return buf[pos++];
        }

        int readInt() throws MalformedException {
            need(4);
            int v = ((buf[pos] & 0xFF) << 24) | ((buf[pos + 1] & 0xFF) << 16) | ((buf[pos + 2] & 0xFF) << 8)
                    | (buf[pos + 3] & 0xFF);
            pos += 4;
            return v;
        }

        long readLong() throws MalformedException {
            return ((long) readInt() << 32) | (readInt() & 0xFFFFFFFFL);
        }

        float[] readFloats(int n) throws MalformedException {
            need(4L * n);
            float[] v = new float[n];
            for (int i = 0; i < n; i++) {
                int bits = ((buf[pos] & 0xFF) << 24) | ((buf[pos + 1] & 0xFF) << 16) | ((buf[pos + 2] & 0xFF) << 8)
                        | (buf[pos + 3] & 0xFF);
                pos += 4;
                v[i] = Float.intBitsToFloat(bits);
            }
            return v;
        }

        byte[] readBytes() throws MalformedException {
            int n = readInt();
            need(n);
            byte[] b = Arrays.copyOfRange(buf, pos, pos + n);
            pos += n;
            return b;
        }

        String readString() throws MalformedException {
            int n = readInt();
            need(n);
            char[] out = new char[n];
            for (int i = 0; i < n; i++) {
                int b = readByte() & 0xFF;
                if (b < 0x80) {
                    out[i] = (char) b;
                } else if ((b & 0xE0) == 0xC0) {
                    out[i] = (char) (((b & 0x1F) << 6) | (readByte() & 0x3F));
                } else if ((b & 0xF0) == 0xE0) {
                    int b2 = readByte() & 0x3F;
                    int b3 = readByte() & 0x3F;
                    out[i] = (char) (((b & 0x0F) << 12) | (b2 << 6) | b3);
                } else {
                    throw new MalformedException("bad string byte " + b + " at byte " + (pos - 1));
                }
            }
            return new String(out);
        }

        boolean atEnd() {
            return pos == end;
        }

        int position() {
            return pos;
        }
    }

    /** Writes a document-model value (validated by the API when the record was built). */
    static void writeValue(Writer w, @Nullable Object value) {
        if (value == null) {
            w.writeByte(NULL);
        } else if (value instanceof String s) {
            w.writeByte(STRING);
            w.writeString(s);
        } else if (value instanceof Boolean b) {
            w.writeByte(b ? TRUE : FALSE);
        } else if (value instanceof Integer i) {
            w.writeByte(INT);
            w.writeInt(i);
        } else if (value instanceof Long l) {
            w.writeByte(LONG);
            w.writeLong(l);
        } else if (value instanceof Double d) {
            w.writeByte(DOUBLE);
            w.writeLong(Double.doubleToRawLongBits(d));
        } else if (value instanceof BigDecimal d) {
            w.writeByte(DECIMAL);
            w.writeInt(d.scale());
            w.writeBytes(d.unscaledValue().toByteArray());
        } else if (value instanceof Instant t) {
            w.writeByte(INSTANT);
            w.writeLong(t.getEpochSecond());
            w.writeInt(t.getNano());
        } else if (value instanceof UUID u) {
            w.writeByte(UUID_TAG);
            w.writeLong(u.getMostSignificantBits());
            w.writeLong(u.getLeastSignificantBits());
        } else if (value instanceof byte[] b) {
            w.writeByte(BYTES);
            w.writeBytes(b);
        } else if (value instanceof List<?> list) {
            w.writeByte(LIST);
            w.writeInt(list.size());
            for (Object element : list) {
                writeValue(w, element);
            }
        } else if (value instanceof Map<?, ?> map) {
            w.writeByte(MAP);
            w.writeInt(map.size());
            for (Map.Entry<?, ?> e : map.entrySet()) {
                w.writeString((String) e.getKey());
                writeValue(w, e.getValue());
            }
        } else {
            // VectorRecord normalizes metadata into the model, so nothing else can reach here.
            throw new IllegalStateException("not a document-model value: " + value.getClass().getName());
        }
    }

    static @Nullable Object readValue(Reader r) throws MalformedException {
        return readValue(r, 0);
    }

    private static @Nullable Object readValue(Reader r, int depth) throws MalformedException {
        if (depth > MAX_DEPTH) {
            throw new MalformedException("values nested more than " + MAX_DEPTH + " levels deep");
        }
        int tag = r.readByte();
        switch (tag) {
            case NULL:
                return null;
            case STRING:
                return r.readString();
            case TRUE:
                return Boolean.TRUE;
            case FALSE:
                return Boolean.FALSE;
            case INT:
                return r.readInt();
            case LONG:
                return r.readLong();
            case DOUBLE:
                return Double.longBitsToDouble(r.readLong());
            case DECIMAL: {
                int scale = r.readInt();
                byte[] unscaled = r.readBytes();
                if (unscaled.length == 0) {
                    throw new MalformedException("empty decimal");
                }
                return new BigDecimal(new BigInteger(unscaled), scale);
            }
            case INSTANT: {
                long seconds = r.readLong();
                int nanos = r.readInt();
                try {
                    return Instant.ofEpochSecond(seconds, nanos);
                } catch (RuntimeException e) {
                    throw new MalformedException("bad instant " + seconds + "s " + nanos + "ns");
                }
            }
            case UUID_TAG:
                return new UUID(r.readLong(), r.readLong());
            case BYTES:
                return r.readBytes();
            case LIST: {
                int n = r.readInt();
                if (n < 0) {
                    throw new MalformedException("negative list size");
                }
                List<@Nullable Object> list = new ArrayList<>(Math.min(n, 1024));
                for (int i = 0; i < n; i++) {
                    list.add(readValue(r, depth + 1));
                }
                return Collections.unmodifiableList(list);
            }
            case MAP:
                return readMap(r, depth);
            default:
                throw new MalformedException("unknown value tag " + tag);
        }
    }

    static Map<String, @Nullable Object> readMap(Reader r, int depth) throws MalformedException {
        int n = r.readInt();
        if (n < 0) {
            throw new MalformedException("negative map size");
        }
        Map<String, @Nullable Object> map = new LinkedHashMap<>();
        for (int i = 0; i < n; i++) {
            String key = r.readString();
            map.put(key, readValue(r, depth + 1));
        }
        return Collections.unmodifiableMap(map);
    }

    /** Writes a record's id, version, components and metadata. */
    static void writeEntry(Writer w, HnswEntry e) {
        w.writeString(e.id());
        w.writeLong(e.version());
        w.writeFloats(e.components());
        writeValue(w, e.metadata());
    }

    /** The fields of a record as read back, before the collection turns them into an entry. */
    record Decoded(String id, long version, float[] vector, Map<String, @Nullable Object> metadata) {
    }

    static Decoded readEntry(Reader r, int dimensions) throws MalformedException {
        String id = r.readString();
        long version = r.readLong();
        float[] vector = r.readFloats(dimensions);
        if (r.readByte() != MAP) {
            throw new MalformedException("record metadata is not a map");
        }
        Map<String, @Nullable Object> metadata = readMap(r, 0);
        return new Decoded(id, version, vector, metadata);
    }
}
