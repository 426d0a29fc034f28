package dev.polyglot.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import dev.polyglot.codec.Codec;
import dev.polyglot.codec.DocumentWriter;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The shape-recording codec passes the streamed document on untouched and counts its top-level keys. */
class ShapeRecordingCodecTest {

    record Item(String sku, int quantity) {
    }

    record Order(String customerId, @Nullable String note, List<Item> items, Map<String, Object> extra) {
    }

    /** Notes every event as text. */
    static final class EventLog implements DocumentWriter {
        final List<String> events = new ArrayList<>();

        @Override
        public void startDocument() {
            events.add("{");
        }

        @Override
        public void name(String name) {
            events.add("name " + name);
        }

        @Override
        public void endDocument() {
            events.add("}");
        }

        @Override
        public void startList() {
            events.add("[");
        }

        @Override
        public void endList() {
            events.add("]");
        }

        @Override
        public void nullValue() {
            events.add("null");
        }

        @Override
        public void stringValue(String value) {
            events.add("string " + value);
        }

        @Override
        public void intValue(int value) {
            events.add("int " + value);
        }

        @Override
        public void longValue(long value) {
            events.add("long " + value);
        }

        @Override
        public void doubleValue(double value) {
            events.add("double " + value);
        }

        @Override
        public void decimalValue(BigDecimal value) {
            events.add("decimal " + value);
        }

        @Override
        public void booleanValue(boolean value) {
            events.add("boolean " + value);
        }

        @Override
        public void instantValue(Instant value) {
            events.add("instant " + value);
        }

        @Override
        public void uuidValue(UUID value) {
            events.add("uuid " + value);
        }

        @Override
        public void binaryValue(byte[] value) {
            events.add("binary " + value.length);
        }
    }

    @Test
    @DisplayName("a streamed write reaches the writer unchanged and counts as a write of its top-level key set")
    void streamedWritesAreObserved() {
        Codec<Order> plain = Codec.of(Order.class);
        DocumentShapes shapes = new DocumentShapes("orders");
        Codec<Order> recording = new ShapeRecordingCodec<>(plain, shapes);
        Order order = new Order("c-1", null, List.of(new Item("a", 1)), Map.of("nested", Map.of("deep", 1)));

        EventLog direct = new EventLog();
        plain.writeDocument(order, direct);
        EventLog observed = new EventLog();
        recording.writeDocument(order, observed);
        assertThat(observed.events).isEqualTo(direct.events).contains("name sku", "name deep");

        recording.writeDocument(new Order("c-2", "n", List.of(), Map.of()), new EventLog());
        // The same key set written through toDocument is the same shape, not a new one.
        recording.toDocument(order);
        DocumentCollectionSnapshot snapshot = shapes.snapshot();
        assertThat(snapshot.writes()).isEqualTo(3);
        assertThat(snapshot.distinctKeySets()).isEqualTo(1);

        @SuppressWarnings({"unchecked", "rawtypes"}) // Map.class cannot carry its type arguments
        Codec<Map<String, Object>> maps = new ShapeRecordingCodec<>((Codec) Codec.of(Map.class), shapes);
        maps.writeDocument(Map.of("a", 1, "b", Map.of("c", 2)), new EventLog());
        maps.writeDocument(Map.of("b", 3, "a", 4), new EventLog());
        assertThat(shapes.snapshot().distinctKeySets()).as("{a, b} is a second shape, nested keys do not count").isEqualTo(2);
    }
}
