package dev.polyglot.evolution;

/**
 * The phases of moving a port from an old store to a new one with a {@link CutOver}.
 *
 * <pre>
 *   SHADOW ──▶ VERIFY ──▶ CUT_OVER ──▶ DONE
 *      └──────────┴───────────┴──▶ ROLLBACK
 * </pre>
 */
public enum CutOverPhase {
    /** Writes go to the old store, then the new one; reads come from the old store; sampled reads are compared with the new store. The backfill runs in this phase. */
    SHADOW,
    /** As {@link #SHADOW}, once the backfill is complete: the phase in which verification runs and repairs are made. */
    VERIFY,
    /** Writes still go to the old store first and then the new one (so a rollback loses nothing), but reads come from the new store; sampled reads are compared with the old store. */
    CUT_OVER,
    /** The move is finished: reads and writes go to the new store only. */
    DONE,
    /** The move was abandoned: reads and writes go to the old store only. */
    ROLLBACK;

    /**
     * Tells whether reads are served by the new store in this phase.
     *
     * @return true in {@link #CUT_OVER} and {@link #DONE}
     */
    public boolean readsNew() {
        return this == CUT_OVER || this == DONE;
    }

    /**
     * Tells whether writes go to both stores in this phase.
     *
     * @return true in {@link #SHADOW}, {@link #VERIFY} and {@link #CUT_OVER}
     */
    public boolean dualWrites() {
        return this == SHADOW || this == VERIFY || this == CUT_OVER;
    }
}
