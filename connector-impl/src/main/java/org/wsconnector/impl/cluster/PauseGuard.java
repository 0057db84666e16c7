package org.wsconnector.impl.cluster;

import java.time.Duration;
import java.util.Objects;
import java.util.function.LongSupplier;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Notices that this process was paused (SIGSTOP, a long GC pause, a frozen VM) and makes the member unsure of its
 * view until it is sure again (README "Cluster", suspension). While a process is paused the other members stop
 * hearing from it, suspect it and take its clients over; when it resumes, its own view still names it holder, and
 * JGroups tells it otherwise only when the views merge, seconds later. So after a pause longer than
 * {@code threshold} (shorter than the time the others need to suspect it) the member assumes it was taken over and
 * holds nothing, until either
 * <ul>
 *     <li>a view other than the one it was paused in is installed (the merge, or any later view): its owners are
 *     then the truth again, or</li>
 *     <li>{@code settle} passes without a new view and without a further pause: long enough for an exclusion to
 *     have shown as a new view (README), so nobody excluded it.</li>
 * </ul>
 * A pause is measured as the gap between two {@link #tick} calls on the monotonic clock {@code nanos}; a dedicated
 * thread ticks every few hundred milliseconds, tests tick on virtual time. Bounded: the member becomes unsure only
 * on a measured gap, and sure again once per unsureness, so there is no loop between the two. Thread safe.
 */
public final class PauseGuard {
    private static final Logger LOG = Logger.getLogger(PauseGuard.class.getName());

    /** What a {@link #tick} or a view changed. */
    public enum Change {
        NONE,
        /** A pause was measured: the member holds nothing now. */
        PAUSED,
        /** The settle period passed with the same view: the member's owners count again. */
        SETTLED
    }

    private final LongSupplier nanos;
    private final long thresholdNanos;
    private final long settleNanos;
    /** When the last tick ran; none before the first (the guard may be made long before its thread starts). */
    private long lastTick;
    private boolean ticked;
    /** The view the member was in when the last pause was measured; null while it is sure. */
    private Object pausedInView;
    private long unsureSince;

    /**
     * @param nanos     a monotonic clock ({@link System#nanoTime} outside tests)
     * @param threshold a gap between two ticks longer than this is a pause
     * @param settle    how long the same view must last after a pause before the member trusts it again
     */
    public PauseGuard(LongSupplier nanos, Duration threshold, Duration settle) {
        this.nanos = Objects.requireNonNull(nanos, "nanos");
        this.thresholdNanos = threshold.toNanos();
        this.settleNanos = settle.toNanos();
    }

    /** Called every tick with the view the member is in now; says whether the member just became unsure or sure. */
    public synchronized Change tick(Object currentView) {
        long now = nanos.getAsLong();
        long gap = ticked ? now - lastTick : 0;
        lastTick = now;
        ticked = true;
        if (gap > thresholdNanos) {
            LOG.log(Level.WARNING, "this process was paused for {0,number,#} ms (longer than {1,number,#} ms): "
                    + "the other cluster members may have taken its one-member clients over; it holds none until a "
                    + "new cluster view names it holder, or {2,number,#} ms pass with view {3}",
                    new Object[]{gap / 1_000_000, thresholdNanos / 1_000_000, settleNanos / 1_000_000, currentView});
            boolean wasSure = pausedInView == null;
            pausedInView = Objects.requireNonNull(currentView, "currentView");
            unsureSince = now;
            return wasSure ? Change.PAUSED : Change.NONE;
        }
        if (pausedInView != null && now - unsureSince >= settleNanos) {
            LOG.log(Level.INFO, "cluster view {0} lasted {1,number,#} ms after this process was paused: nobody "
                    + "excluded it, its one-member clients count again", new Object[]{pausedInView,
                    settleNanos / 1_000_000});
            pausedInView = null;
            return Change.SETTLED;
        }
        return Change.NONE;
    }

    /** Called with each view installed; true when it ends an unsureness (a view other than the one paused in). */
    public synchronized boolean viewInstalled(Object view) {
        if (pausedInView == null || pausedInView.equals(view)) {
            return false;
        }
        LOG.log(Level.INFO, "cluster view {0} after this process was paused (in view {1}): its owners count",
                new Object[]{view, pausedInView});
        pausedInView = null;
        return true;
    }

    /** Whether the member was paused and is not sure again yet: it must hold nothing. */
    public synchronized boolean unsure() {
        return pausedInView != null;
    }
}
