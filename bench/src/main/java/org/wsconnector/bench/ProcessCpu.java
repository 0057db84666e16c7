package org.wsconnector.bench;

import java.lang.management.ManagementFactory;

/**
 * CPU time of the whole client process (every thread: the client's own, GC, JIT), the cost figure behind "client CPU
 * per ping" and "client CPU per message". A shared machine slows a client down but bills it little extra CPU, so this
 * moves less than round trips and throughput from one run to the next.
 */
final class ProcessCpu {
    private static final com.sun.management.OperatingSystemMXBean OS =
            (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();

    private ProcessCpu() {
    }

    /** CPU time the process has used so far, in ns (the kernel's accounting: a few ms of granularity). */
    static long nanos() {
        return OS.getProcessCpuTime();
    }

    /** Microseconds of CPU per event for {@code cpuNanos} spent on {@code events}; NaN when there was none. */
    static double microsPerEvent(long cpuNanos, long events) {
        return events == 0 ? Double.NaN : cpuNanos / 1e3 / events;
    }
}
