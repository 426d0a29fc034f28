package dev.polyglot.hnsw;

import java.util.Random;

/** Seeded clustered vectors: Gaussian blobs around random centres, like embeddings of topics. */
final class HnswTestData {
    private HnswTestData() {
    }

    static float[][] clustered(long seed, int count, int dimensions, int clusters) {
        Random random = new Random(seed);
        float[][] centres = new float[clusters][dimensions];
        for (float[] c : centres) {
            for (int d = 0; d < dimensions; d++) {
                c[d] = (float) (random.nextGaussian() * 4);
            }
        }
        float[][] out = new float[count][dimensions];
        for (int i = 0; i < count; i++) {
            float[] c = centres[random.nextInt(clusters)];
            for (int d = 0; d < dimensions; d++) {
                out[i][d] = (float) (c[d] + random.nextGaussian());
            }
        }
        return out;
    }
}
