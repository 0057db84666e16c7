package org.wsconnector.impl.config;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.Locale;

/**
 * The values a numeric key allows, both ends included. {@link Defaults} holds one per key; the README's "range"
 * column and every out-of-range message are written from it, so the three cannot disagree.
 */
sealed interface Range permits Range.OfDuration, Range.OfCount, Range.OfSize, Range.OfDecimal {
    String min();

    String max();

    /** As the README's configuration table shows it: {@code 100ms–1h}. */
    default String text() {
        return min() + "–" + max();
    }

    /** The reason of an out-of-range problem: {@code must be between 100ms and 1h}. */
    default String mustBe() {
        return "must be between " + min() + " and " + max();
    }

    /** @param wholeSeconds the kernel takes TCP keepalive times in whole seconds */
    record OfDuration(Duration low, Duration high, boolean wholeSeconds) implements Range {
        boolean contains(Duration value) {
            return value.compareTo(low) >= 0 && value.compareTo(high) <= 0 && (!wholeSeconds || value.getNano() == 0);
        }

        @Override
        public String min() {
            return Durations.format(low);
        }

        @Override
        public String max() {
            return Durations.format(high);
        }

        @Override
        public String text() {
            return Range.super.text() + (wholeSeconds ? ", whole seconds" : "");
        }

        @Override
        public String mustBe() {
            return Range.super.mustBe() + (wholeSeconds ? " in whole seconds" : "");
        }
    }

    record OfCount(long low, long high) implements Range {
        boolean contains(long value) {
            return value >= low && value <= high;
        }

        @Override
        public String min() {
            return grouped(low);
        }

        @Override
        public String max() {
            return grouped(high);
        }

        /** 1,000,000 but 65535: a port is never written with separators. */
        private static String grouped(long value) {
            return String.format(Locale.ROOT, value > 99_999 ? "%,d" : "%d", value);
        }
    }

    record OfSize(long low, long high) implements Range {
        boolean contains(long value) {
            return value >= low && value <= high;
        }

        @Override
        public String min() {
            return Sizes.format(low);
        }

        @Override
        public String max() {
            return Sizes.format(high);
        }
    }

    record OfDecimal(double low, double high) implements Range {
        boolean contains(double value) {
            return value >= low && value <= high; // false for NaN
        }

        @Override
        public String min() {
            return BigDecimal.valueOf(low).stripTrailingZeros().toPlainString();
        }

        @Override
        public String max() {
            return BigDecimal.valueOf(high).stripTrailingZeros().toPlainString();
        }
    }
}
