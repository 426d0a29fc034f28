package dev.polyglot.cache;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class RateLimitDecisionTest {

    @Test
    @DisplayName("allow and deny build consistent decisions")
    void factories() {
        assertThat(RateLimitDecision.allow(3)).isEqualTo(new RateLimitDecision(true, 3, Duration.ZERO));
        RateLimitDecision denied = RateLimitDecision.deny(0, Duration.ofMillis(250));
        assertThat(denied.allowed()).isFalse();
        assertThat(denied.remaining()).isZero();
        assertThat(denied.retryAfter()).isEqualTo(Duration.ofMillis(250));
    }

    @Test
    @DisplayName("inconsistent decisions are rejected")
    void validation() {
        assertThatThrownBy(() -> RateLimitDecision.allow(-1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new RateLimitDecision(true, 1, Duration.ofMillis(1)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> RateLimitDecision.deny(0, Duration.ZERO)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> RateLimitDecision.deny(0, Duration.ofMillis(-5))).isInstanceOf(IllegalArgumentException.class);
        Duration none = nullDuration();
        assertThatThrownBy(() -> new RateLimitDecision(false, 0, none)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    @DisplayName("NO_EXPIRY is the longest duration and longer than any real TTL")
    void noExpiry() {
        assertThat(Cache.NO_EXPIRY).isGreaterThan(Duration.ofDays(365L * 1_000_000));
        assertThat(Cache.NO_EXPIRY.plusNanos(0)).isEqualTo(Cache.NO_EXPIRY);
    }

    private static Duration nullDuration() {
        Object nothing = null;
        return (Duration) nothing;
    }
}
