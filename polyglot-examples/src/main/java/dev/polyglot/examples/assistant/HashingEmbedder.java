package dev.polyglot.examples.assistant;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * A deterministic local embedding: a feature-hashed bag of words and word pairs (the "hashing
 * trick"), signed to keep collisions unbiased and L2-normalised for cosine similarity. No model
 * download; texts that share words land near each other, which is all the example's semantic
 * search needs.
 */
final class HashingEmbedder {
    private static final Set<String> STOP_WORDS = Set.of("a", "an", "and", "the", "to", "of", "for", "in", "on", "is", "it",
            "i", "my", "me", "do", "how", "what", "with", "can", "you", "your", "be", "or", "at", "try", "about");

    private final int dimensions;

    HashingEmbedder(int dimensions) {
        if (dimensions < 8) {
            throw new IllegalArgumentException("an embedding needs at least 8 dimensions, got " + dimensions);
        }
        this.dimensions = dimensions;
    }

    int dimensions() {
        return dimensions;
    }

    float[] embed(String text) {
        float[] vector = new float[dimensions];
        List<String> tokens = tokens(text);
        for (int i = 0; i < tokens.size(); i++) {
            add(vector, tokens.get(i), 1f);
            if (i > 0) {
                add(vector, tokens.get(i - 1) + ' ' + tokens.get(i), 0.5f);
            }
        }
        double norm = 0;
        for (float component : vector) {
            norm += component * component;
        }
        if (norm == 0) {
            vector[0] = 1;       // empty or fully cancelled text: any fixed unit vector
            return vector;
        }
        float scale = (float) (1 / Math.sqrt(norm));
        for (int i = 0; i < vector.length; i++) {
            vector[i] *= scale;
        }
        return vector;
    }

    static List<String> tokens(String text) {
        List<String> tokens = new ArrayList<>();
        for (String word : text.toLowerCase(Locale.ROOT).split("[^\\p{L}\\p{Nd}]+")) {
            if (word.length() > 1 && !STOP_WORDS.contains(word)) {
                tokens.add(word);
            }
        }
        return tokens;
    }

    private void add(float[] vector, String feature, float weight) {
        long hash = fnv1a64(feature);
        int index = (int) Long.remainderUnsigned(hash, dimensions);
        // the sign comes from other bits than the index, so two features in one bucket cancel as often as they add
        float sign = (Long.rotateLeft(hash * 0x9E3779B97F4A7C15L, 17) & 1) == 0 ? 1f : -1f;
        vector[index] += sign * weight;
    }

    private static long fnv1a64(String feature) {
        long hash = 0xcbf29ce484222325L;
        for (byte b : feature.getBytes(StandardCharsets.UTF_8)) {
            hash ^= b & 0xff;
            hash *= 0x100000001b3L;
        }
        return hash;
    }
}
