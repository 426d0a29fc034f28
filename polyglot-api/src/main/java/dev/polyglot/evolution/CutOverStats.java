package dev.polyglot.evolution;

/**
 * Counters of a {@link CutOver} since it was built, for logs, health checks and metrics.
 *
 * @param phase the current phase
 * @param mirroredWrites writes applied to the second store
 * @param failedMirrors writes to the second store that failed and were put in the repair log
 * @param pendingRepairs keys in the repair log now
 * @param repaired keys brought in line by {@link CutOver#repair()}
 * @param shadowReads sampled reads compared with the other store
 * @param shadowMismatches sampled reads whose answers differed
 * @param shadowErrors sampled reads the other store failed to answer
 */
public record CutOverStats(CutOverPhase phase, long mirroredWrites, long failedMirrors, long pendingRepairs,
        long repaired, long shadowReads, long shadowMismatches, long shadowErrors) {
}
