package org.wsconnector.impl.config;

import java.util.List;
import java.util.Locale;

/**
 * Which keys hold a secret, so that their values are never shown: the password keys, header values that usually
 * carry tokens — and every key that <em>resembles</em> one, since a mistyped, mis-cased or space-padded password
 * key ({@code pasword}, {@code PASSWORD }, {@code tls.key-store-passwd}) still holds a password. Errs on the side of
 * masking: an innocent value shown as {@code ****} costs a look at the configuration, a secret shown costs more.
 */
final class SecretKeys {
    /** Any of these in a key (lower case, without separators) marks it as secret. */
    private static final List<String> MARKERS = List.of("pass", "pwd", "pw", "secret", "token", "credential", "apikey",
            "privatekey");
    /** Header names that usually carry a credential. */
    private static final List<String> HEADER_MARKERS = List.of("auth", "cookie", "key", "session", "signature");
    /** Words whose near misses (by edit distance, anywhere in the key) still mark it as secret. */
    private static final List<String> WORDS = List.of("password", "passwd", "secret", "token");

    private SecretKeys() {
    }

    /** Whether the value of {@code key} (relative to the client's prefix, as written) must be masked. */
    static boolean resemblesSecret(String key) {
        String folded = fold(key);
        if (MARKERS.stream().anyMatch(folded::contains)) {
            return true;
        }
        if (folded.startsWith(fold(ClientKeys.HEADERS_PREFIX)) && HEADER_MARKERS.stream().anyMatch(folded::contains)) {
            return true;
        }
        return WORDS.stream().anyMatch(word -> swappedOccurrence(word, folded)
                || EditDistance.toNearestOccurrence(word, folded) <= (word.length() >= 8 ? 2 : 1));
    }

    /** Whether {@code text} holds {@code word} with two neighbouring letters swapped: {@code secert}, {@code tokne}. */
    private static boolean swappedOccurrence(String word, String text) {
        for (int i = 0; i + 1 < word.length(); i++) {
            char[] swapped = word.toCharArray();
            swapped[i] = word.charAt(i + 1);
            swapped[i + 1] = word.charAt(i);
            if (text.contains(new String(swapped))) {
                return true;
            }
        }
        return false;
    }

    /** Lower case, only letters, digits and dots: {@code Tls.Key-Store_Passwd } becomes {@code tls.keystorepasswd}. */
    private static String fold(String key) {
        StringBuilder folded = new StringBuilder(key.length());
        for (char c : key.toLowerCase(Locale.ROOT).toCharArray()) {
            if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '.') {
                folded.append(c);
            }
        }
        return folded.toString();
    }
}
