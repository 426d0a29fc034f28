package dev.polyglot.spi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("Shared validation of TTLs")
class TtlsTest {

    @Test
    @DisplayName("TTLs are positive, in milliseconds, rounded up and saturated")
    void ttls() {
        assertThat(Ttls.toMillis(Duration.ofSeconds(2), "ttl")).isEqualTo(2000);
        assertThat(Ttls.toMillis(Duration.ofNanos(1), "ttl")).isEqualTo(1);
        assertThat(Ttls.toMillis(Duration.ofMillis(5).plusNanos(1), "ttl")).isEqualTo(6);
        assertThat(Ttls.toMillis(Duration.ofSeconds(Long.MAX_VALUE), "ttl")).isEqualTo(Long.MAX_VALUE);
        assertThatThrownBy(() -> Ttls.toMillis(Duration.ZERO, "ttl")).hasMessageContaining("positive");
        assertThatThrownBy(() -> Ttls.toMillis(Duration.ofMillis(-1), "window")).hasMessageContaining("window");
        assertThatThrownBy(() -> Ttls.toMillis(null, "ttl")).hasMessageContaining("null");
    }
}
