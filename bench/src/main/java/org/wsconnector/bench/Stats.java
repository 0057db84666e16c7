package org.wsconnector.bench;

import java.util.Arrays;
import java.util.List;

/** Percentiles and the median/min/max summary every table cell uses. */
final class Stats {
    private Stats() {
    }

    /** The nearest-rank percentile of sorted values; NaN when there are none. */
    static double percentile(long[] sorted, double quantile) {
        if (sorted.length == 0) {
            return Double.NaN;
        }
        return sorted[Math.min(sorted.length - 1, Math.max(0, (int) Math.ceil(quantile * sorted.length) - 1))];
    }

    /** Median, minimum and maximum of the values that are numbers (NaN marks a measurement that did not complete). */
    record Spread(double median, double min, double max, int count) {
        static Spread of(List<Double> values) {
            double[] numbers = values.stream().mapToDouble(Double::doubleValue).filter(v -> !Double.isNaN(v))
                    .sorted().toArray();
            if (numbers.length == 0) {
                return new Spread(Double.NaN, Double.NaN, Double.NaN, 0);
            }
            int n = numbers.length;
            double median = n % 2 == 1 ? numbers[n / 2] : (numbers[n / 2 - 1] + numbers[n / 2]) / 2;
            return new Spread(median, numbers[0], numbers[n - 1], n);
        }

        boolean known() {
            return count > 0;
        }
    }

    static long[] sorted(long[] values, int count) {
        long[] copy = Arrays.copyOf(values, count);
        Arrays.sort(copy);
        return copy;
    }
}
