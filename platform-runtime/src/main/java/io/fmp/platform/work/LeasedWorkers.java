package io.fmp.platform.work;

import org.jboss.logging.Logger;

import java.time.Duration;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The thread side of a leased work queue (eval-service's runs, tuning-service's jobs): a scheduler
 * thread asks the service for the next unit (the service claims it in its database under a lease,
 * within its own slots), runs each unit on a thread of its own, and waits for the poll interval or
 * a wake-up when there is none. Stop ends the scheduler first, so nothing new starts, then
 * interrupts the units (each releases its lease) and waits for them.
 */
public final class LeasedWorkers {

    private static final Logger LOG = Logger.getLogger(LeasedWorkers.class);
    private static final long STOP_WAIT_MILLIS = 10_000;

    /** Claims the next unit under the given token (fresh per claim), or answers empty. */
    public interface Source {
        Optional<Work> next(String claimToken) throws InterruptedException;
    }

    /**
     * @param threadName the name of the unit's thread (it shows in the logs)
     * @param body       runs the unit
     * @param after      always runs after the body, e.g. to free the unit's slot
     */
    public record Work(String threadName, Runnable body, Runnable after) {
    }

    private final String instance;
    private final Duration pollInterval;
    private final Source source;
    private final AtomicInteger claims = new AtomicInteger();
    private final Semaphore wakeUps = new Semaphore(0);
    private final Set<Thread> units = ConcurrentHashMap.newKeySet();
    private volatile boolean running;
    private Thread scheduler;

    /** @param instance this replica's name; claim tokens are "instance/n" */
    public LeasedWorkers(String instance, Duration pollInterval, Source source) {
        this.instance = instance;
        this.pollInterval = pollInterval;
        this.source = source;
    }

    public void start() {
        running = true;
        scheduler = new Thread(this::schedule, instance + "-scheduler");
        scheduler.setDaemon(true);
        scheduler.start();
    }

    public void stop() {
        running = false;
        if (scheduler == null) {
            return;
        }
        scheduler.interrupt();
        join(scheduler);
        units.forEach(Thread::interrupt);
        units.forEach(LeasedWorkers::join);
    }

    /** Claims at once instead of at the next poll (work was queued, or a unit finished). */
    public void wakeUp() {
        wakeUps.release();
    }

    private void schedule() {
        while (running) {
            Optional<Work> work;
            try {
                // a token per claim: an attempt this replica abandoned must not mistake a later one for itself
                work = source.next(instance + "/" + claims.incrementAndGet());
            } catch (InterruptedException e) {
                return;
            } catch (RuntimeException e) {
                LOG.warnf("%s: cannot claim work right now (%s); retrying", instance, e.getMessage());
                work = Optional.empty();
            }
            if (work.isEmpty()) {
                try {
                    wakeUps.tryAcquire(pollInterval.toMillis(), TimeUnit.MILLISECONDS);
                } catch (InterruptedException e) {
                    return;
                }
                wakeUps.drainPermits();
                continue;
            }
            Work unit = work.get();
            Thread thread = new Thread(() -> {
                try {
                    unit.body().run();
                } finally {
                    units.remove(Thread.currentThread());
                    unit.after().run();
                    wakeUp();
                }
            }, unit.threadName());
            thread.setDaemon(true);
            units.add(thread);
            thread.start();
        }
    }

    private static void join(Thread thread) {
        try {
            thread.join(STOP_WAIT_MILLIS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
