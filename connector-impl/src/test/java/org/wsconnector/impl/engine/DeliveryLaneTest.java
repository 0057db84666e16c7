package org.wsconnector.impl.engine;

import org.junit.jupiter.api.Test;
import org.wsconnector.ConnectionState;
import org.wsconnector.ConnectionStateChanged;
import org.wsconnector.WebSocketListener;
import org.wsconnector.config.DeliveryLimits;

import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Queue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** The lane on a hand-run executor: which task runs when is the test's choice, never a thread's. */
class DeliveryLaneTest {
    private final List<String> seen = new ArrayList<>();
    private final List<WebSocketListener> listeners = new CopyOnWriteArrayList<>();
    private final ManualExecutor workers = new ManualExecutor();
    private final Queue<Runnable> retries = new ArrayDeque<>();
    private DeliveryLane lane = lane(new DeliveryLimits(4, 1_000));

    DeliveryLaneTest() {
        listeners.add(new WebSocketListener() {
            @Override
            public void onStateChanged(ConnectionStateChanged change) {
                seen.add("state " + change.current());
            }
        });
    }

    private DeliveryLane lane(DeliveryLimits limits) {
        return new DeliveryLane("feed", workers, listeners, limits, () -> seen.add("reads may resume"),
                retries::add);
    }

    /** Offers as the I/O thread does: each message its own read. */
    private boolean offer(String text, long size) {
        boolean pause = lane.offerMessage("text", listener -> seen.add(text), size);
        lane.deliverOffered();
        return pause;
    }

    @Test
    void messagesAndStateChangesRunOneTaskAtATimeInTheOrderTheyWereOffered() {
        offer("one", 3);
        lane.offerState(change(ConnectionState.RECONNECTING));
        offer("two", 3);

        assertThat(workers.tasks).as("one task in flight per lane").hasSize(1);
        workers.runAll();
        assertThat(seen).containsExactly("one", "state RECONNECTING", "two");
    }

    @Test
    void reachingTheMessageLimitAsksForAPauseAndDrainingToHalfAsksForAResume() {
        assertThat(offer("1", 1)).isFalse();
        assertThat(offer("2", 1)).isFalse();
        assertThat(offer("3", 1)).isFalse();
        assertThat(offer("4", 1)).as("the fourth of four").isTrue();
        assertThat(lane.wantsReadsPaused()).isTrue();
        assertThat(offer("5", 1)).as("asked once").isFalse();

        workers.runAll();
        assertThat(seen).containsExactly("1", "2", "3", "reads may resume", "4", "5");
        assertThat(lane.wantsReadsPaused()).isFalse();
    }

    @Test
    void reachingTheByteLimitAsksForAPauseToo() {
        lane = lane(new DeliveryLimits(1_000, 100));
        assertThat(offer("small", 10)).isFalse();
        assertThat(offer("large", 95)).isTrue();

        workers.runAll();
        assertThat(seen).containsExactly("small", "large", "reads may resume");
    }

    @Test
    void theMessagesOfOneReadAreHandedOverOnlyOnceTheReadIsHandled() {
        lane.offerMessage("text", listener -> seen.add("a"), 1);
        lane.offerMessage("text", listener -> seen.add("b"), 1);
        assertThat(workers.tasks).as("nothing handed over within the read").isEmpty();

        lane.deliverOffered();
        assertThat(workers.tasks).hasSize(1);
        workers.runAll();
        assertThat(seen).containsExactly("a", "b");
    }

    @Test
    void anExecutorThatRefusesLosesNothingTheLaneTriesAgainLater() {
        workers.refusing = true;
        offer("during suspend", 1);
        offer("also during suspend", 1);
        assertThat(retries).as("one retry pending").hasSize(1);
        assertThat(seen).isEmpty();

        workers.refusing = false;
        retries.poll().run();
        workers.runAll();
        assertThat(seen).containsExactly("during suspend", "also during suspend");
    }

    @Test
    void atCloseWhatARefusingExecutorLeftIsDeliveredOnTheClosingThreadInOrder() throws InterruptedException {
        workers.refusing = true; // a WildFly server that shuts down suspends first and never resumes
        offer("last message", 1);
        lane.offerState(change(ConnectionState.CLOSED));
        assertThat(seen).isEmpty();

        boolean idle = lane.awaitIdle(System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(500));

        assertThat(idle).as("idle before the deadline").isTrue();
        assertThat(seen).containsExactly("last message", "state CLOSED");
        retries.poll().run(); // the retry the refusal scheduled finds nothing left
        workers.runAll();
        assertThat(seen).hasSize(2);
    }

    @Test
    void atCloseALaneThatIsNotRefusedIsLeftToItsWorker() throws InterruptedException {
        offer("in flight", 1);

        assertThat(lane.awaitIdle(System.nanoTime())).as("the worker has not run yet").isFalse();
        assertThat(seen).as("not delivered by the closing thread").isEmpty();
        workers.runAll();
        assertThat(seen).containsExactly("in flight");
    }

    @Test
    void aListenerThatThrowsEvenAnErrorStopsNeitherTheOtherListenersNorTheLane() {
        lane.offerMessage("text", listener -> {
            throw new AssertionError("application bug");
        }, 1);
        offer("next", 1);

        workers.runAll();
        assertThat(seen).containsExactly("next");
    }

    private static ConnectionStateChanged change(ConnectionState state) {
        return new ConnectionStateChanged("feed", ConnectionState.OPEN, state, Optional.empty(), 0, Optional.empty(),
                Instant.EPOCH);
    }

    /** Queues tasks until the test runs them; refuses them while {@code refusing}, as a suspended server does. */
    private static final class ManualExecutor implements Executor {
        final Queue<Runnable> tasks = new ArrayDeque<>();
        boolean refusing;

        @Override
        public void execute(Runnable task) {
            if (refusing) {
                throw new RejectedExecutionException("WFLYEE0126: suspended");
            }
            tasks.add(task);
        }

        void runAll() {
            Runnable task;
            while ((task = tasks.poll()) != null) {
                task.run();
            }
        }
    }
}
