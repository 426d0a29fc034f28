package dev.polyglot.evolution;

/**
 * Observes a {@link CutOver}: phase changes, failed second writes and shadow-read mismatches; the
 * hook for metrics (a Micrometer binding registers one). Every method does nothing by default and
 * runs on the thread that caused the event; exceptions it throws are logged and ignored.
 */
public interface CutOverListener {

    /**
     * Called after the phase changed.
     *
     * @param from the previous phase
     * @param to the new phase
     * @param stats the counters at the change
     */
    default void onPhaseChange(CutOverPhase from, CutOverPhase to, CutOverStats stats) {
    }

    /**
     * Called when a write to the second store failed and the key was put in the repair log.
     *
     * @param entry the repair log entry
     */
    default void onRepairNeeded(RepairEntry entry) {
    }

    /**
     * Called when a sampled read differed between the stores.
     *
     * @param mismatch what differed
     */
    default void onShadowMismatch(ShadowMismatch mismatch) {
    }
}
