package org.wsconnector.impl.config;

/**
 * Levenshtein distances between key names, for near misses: the known key a mistyped one meant
 * ({@link ClientKeys#suggestionFor}) and keys that resemble secret ones ({@link SecretKeys}). Keys are short, so
 * the quadratic table is fine.
 */
final class EditDistance {
    private EditDistance() {
    }

    /** The fewest single-character edits that turn {@code a} into {@code b}. */
    static int between(String a, String b) {
        return distance(a, b, false);
    }

    /**
     * The fewest edits that turn {@code word} into some substring of {@code text} (Sellers' algorithm: a free start
     * and end in the text): 1 for {@code password} in {@code proxy.pasword}.
     */
    static int toNearestOccurrence(String word, String text) {
        return distance(word, text, true);
    }

    private static int distance(String a, String b, boolean anywhereInB) {
        int[] previous = new int[b.length() + 1];
        int[] current = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            previous[j] = anywhereInB ? 0 : j;
        }
        for (int i = 1; i <= a.length(); i++) {
            current[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int substitution = previous[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
                current[j] = Math.min(substitution, Math.min(previous[j] + 1, current[j - 1] + 1));
            }
            int[] swap = previous;
            previous = current;
            current = swap;
        }
        if (!anywhereInB) {
            return previous[b.length()];
        }
        int best = a.length();
        for (int distance : previous) {
            best = Math.min(best, distance);
        }
        return best;
    }
}
