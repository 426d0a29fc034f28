package dev.polyglot.evolution;

import java.util.List;

/**
 * The result of comparing one collection in two stores with {@link Verification}: record counts,
 * and the ids of records missing from the target, extra in the target, or different (their
 * checksums over the canonical document-model form differ).
 *
 * <p>The id lists hold at most {@link Verification#LISTED_IDS} ids each, in the order found; the
 * counts are always complete.
 *
 * @param collection the collection, such as {@code vector:messages}
 * @param sourceCount records in the source (old) store
 * @param targetCount records in the target (new) store
 * @param missingCount records in the source that the target lacks
 * @param extraCount records in the target that the source lacks
 * @param differentCount records in both whose contents differ
 * @param missing ids of missing records
 * @param extra ids of extra records
 * @param different ids of different records
 */
public record VerificationReport(String collection, long sourceCount, long targetCount, long missingCount,
        long extraCount, long differentCount, List<String> missing, List<String> extra, List<String> different) {

    /**
     * Copies the id lists.
     *
     * @param collection the collection, such as {@code vector:messages}
     * @param sourceCount records in the source (old) store
     * @param targetCount records in the target (new) store
     * @param missingCount records in the source that the target lacks
     * @param extraCount records in the target that the source lacks
     * @param differentCount records in both whose contents differ
     * @param missing ids of missing records
     * @param extra ids of extra records
     * @param different ids of different records
     */
    public VerificationReport {
        missing = List.copyOf(missing);
        extra = List.copyOf(extra);
        different = List.copyOf(different);
    }

    /**
     * Tells whether both stores hold the same records with the same contents.
     *
     * @return whether nothing is missing, extra or different
     */
    public boolean clean() {
        return missingCount == 0 && extraCount == 0 && differentCount == 0;
    }

    /**
     * Summarizes the report in one line, as it is logged.
     *
     * @return the summary
     */
    public String summary() {
        return collection + ": source " + sourceCount + ", target " + targetCount + ", missing " + missingCount
                + ", extra " + extraCount + ", different " + differentCount + (clean() ? " — clean" : "");
    }
}
