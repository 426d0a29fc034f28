package dev.polyglot.examples.assistant;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("The feature-hashing embedder")
class HashingEmbedderTest {
    private final HashingEmbedder embedder = new HashingEmbedder(256);

    private static double cosine(float[] a, float[] b) {
        double dot = 0;
        for (int i = 0; i < a.length; i++) {
            dot += a[i] * b[i];
        }
        return dot;                                   // both are unit vectors
    }

    @Test
    @DisplayName("is deterministic and returns unit vectors, also for empty text")
    void deterministicUnitVectors() {
        assertThat(embedder.embed("Cheap flights to Lisbon")).containsExactly(embedder.embed("cheap FLIGHTS to lisbon!"));
        assertThat(cosine(embedder.embed("pasta recipe"), embedder.embed("pasta recipe"))).isCloseTo(1.0,
                org.assertj.core.api.Assertions.within(1e-5));
        assertThat(cosine(embedder.embed(""), embedder.embed(""))).isCloseTo(1.0, org.assertj.core.api.Assertions.within(1e-5));
    }

    @Test
    @DisplayName("puts texts that share words closer than texts that do not")
    void sharedWordsAreCloser() {
        float[] query = embedder.embed("how do I book a hotel in Lisbon");
        double related = cosine(query, embedder.embed("which hotel in Lisbon should I book"));
        double unrelated = cosine(query, embedder.embed("my sourdough dough does not rise in the oven"));
        assertThat(related).isGreaterThan(0.5);
        assertThat(unrelated).isLessThan(related - 0.3);
    }
}
