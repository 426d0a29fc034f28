package dev.polyglot.document;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class CollectionOptionsTest {

    private static Upcaster put(int from, String key) {
        return Upcaster.of(from, d -> {
            d.put(key, from);
            return d;
        });
    }

    @Test
    @DisplayName("defaults are version 1 without upcasters")
    void defaults() {
        assertThat(CollectionOptions.defaults().schemaVersion()).isEqualTo(1);
        assertThat(CollectionOptions.defaults().upcasters()).isEmpty();
        assertThat(CollectionOptions.builder().build()).isEqualTo(CollectionOptions.defaults());
    }

    @Test
    @DisplayName("the chain is sorted by version and must cover 1 to current - 1 exactly once")
    void chain() {
        CollectionOptions options = CollectionOptions.builder().schemaVersion(3).upcaster(put(2, "b")).upcaster(put(1, "a")).build();
        assertThat(options.upcasters()).extracting(Upcaster::fromVersion).containsExactly(1, 2);
        assertThatThrownBy(() -> CollectionOptions.builder().schemaVersion(3).upcaster(put(1, "a")).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("no upcaster from schema version 2");
        assertThatThrownBy(() -> CollectionOptions.builder().schemaVersion(2).upcaster(put(1, "a")).upcaster(put(1, "b")).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("two upcasters");
        assertThatThrownBy(() -> CollectionOptions.builder().schemaVersion(2).upcaster(put(2, "a")).build())
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> CollectionOptions.builder().schemaVersion(0).build()).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new CollectionOptions(1, null)).isInstanceOf(IllegalArgumentException.class);
        List<Upcaster> withNull = new ArrayList<>();
        withNull.add(null);
        assertThatThrownBy(() -> new CollectionOptions(2, withNull)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    @DisplayName("upcast runs the steps from the stored version on, on a copy")
    void upcast() {
        CollectionOptions options = CollectionOptions.builder().schemaVersion(4)
                .upcaster(put(1, "a")).upcaster(put(2, "b")).upcaster(put(3, "c")).build();
        Map<String, @Nullable Object> stored = new LinkedHashMap<>(Map.of("x", 0));
        assertThat(options.upcast(stored, 1)).isEqualTo(Map.of("x", 0, "a", 1, "b", 2, "c", 3));
        assertThat(options.upcast(stored, 3)).isEqualTo(Map.of("x", 0, "c", 3));
        assertThat(options.upcast(stored, 4)).isEqualTo(Map.of("x", 0));
        assertThat(options.upcast(stored, 9)).isEqualTo(Map.of("x", 0));
        assertThat(stored).isEqualTo(Map.of("x", 0));
    }

    @Test
    @DisplayName("upcaster results are normalized into the model and checked")
    void upcastResultChecked() {
        CollectionOptions dates = CollectionOptions.builder().schemaVersion(2).upcaster(Upcaster.of(1, d -> {
            d.put("day", LocalDate.of(2026, 1, 2));
            return d;
        })).build();
        assertThat(dates.upcast(new HashMap<>(), 1)).containsEntry("day", "2026-01-02");
        CollectionOptions nulls = CollectionOptions.builder().schemaVersion(2).upcaster(Upcaster.of(1, d -> null)).build();
        assertThatThrownBy(() -> nulls.upcast(new HashMap<>(), 1)).isInstanceOf(IllegalArgumentException.class);
        CollectionOptions reserved = CollectionOptions.builder().schemaVersion(2).upcaster(Upcaster.of(1, d -> {
            d.put("_id", 1);
            return d;
        })).build();
        assertThatThrownBy(() -> reserved.upcast(new HashMap<>(), 1)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    @DisplayName("Upcaster.of validates and describes itself")
    void upcasterOf() {
        assertThat(put(3, "x").fromVersion()).isEqualTo(3);
        assertThat(put(3, "x")).hasToString("Upcaster[3 -> 4]");
        assertThatThrownBy(() -> Upcaster.of(0, d -> d)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Upcaster.of(1, null)).isInstanceOf(IllegalArgumentException.class);
    }
}
