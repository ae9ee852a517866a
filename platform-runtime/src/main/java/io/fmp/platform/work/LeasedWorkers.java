package io.fmp.platform.work;

import org.jboss.logging.Logger;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The thread side of a leased work queue (eval-service's runs, tuning-service's jobs; the lease side
 * is {@link LeasedQueue}): a scheduler thread asks the service for the next unit of a lane that has
 * a free slot (the service claims it in its database under a lease), runs each unit on a thread of
 * its own, and waits for the poll interval or a wake-up when there is none. Lanes are the kinds of
 * work that share a number of slots (runs; local and Kubernetes tuning jobs). Stop ends the scheduler
 * first, so nothing new starts, then interrupts the units (each releases its lease) and waits for them.
 */
public final class LeasedWorkers {

    private static final Logger LOG = Logger.getLogger(LeasedWorkers.class);
    private static final long STOP_WAIT_MILLIS = 10_000;

    /** Claims the next unit of one of the free lanes under the given token (fresh per claim), or answers empty. */
    public interface Source {
        Optional<Work> next(String claimToken, Set<String> freeLanes) throws InterruptedException;
    }

    /**
     * @param lane       one of the free lanes {@link Source#next} was given; the unit holds one of its slots
     * @param threadName the name of the unit's thread (it shows in the logs)
     * @param body       runs the unit
     */
    public record Work(String lane, String threadName, Runnable body) {
    }

    /** Threads of the platform itself that may hold a connection: the outbox relay, the event consumer, the scheduler. */
    static final int PLATFORM_CONNECTIONS = 3;
    /** Connections kept for requests (gRPC and REST handlers) while every unit writes. */
    static final int REQUEST_CONNECTIONS = 4;

    /**
     * Refuses to start a replica whose database pool is smaller than its work needs: each unit holds
     * at most one connection at a time, and when every slot writes at once requests must still get
     * one (else they wait out the acquisition timeout and fail).
     *
     * @param poolSize {@code quarkus.datasource.jdbc.max-size}
     */
    public static void requireConnections(int poolSize, Map<String, Integer> lanes) {
        int units = lanes.values().stream().mapToInt(Integer::intValue).sum();
        int needed = units + PLATFORM_CONNECTIONS + REQUEST_CONNECTIONS;
        if (poolSize < needed) {
            throw new IllegalStateException("quarkus.datasource.jdbc.max-size=" + poolSize + " is too small for "
                    + units + " units at once " + lanes + ": they, the relay, the consumer and the scheduler and a"
                    + " reserve for requests need " + needed + "; raise the pool or lower the slots");
        }
    }

    private final String instance;
    private final Duration pollInterval;
    private final Map<String, Semaphore> slots = new TreeMap<>();
    private final Source source;
    private final AtomicInteger claims = new AtomicInteger();
    private final Semaphore wakeUps = new Semaphore(0);
    private final Set<Thread> units = ConcurrentHashMap.newKeySet();
    private volatile boolean running;
    private Thread scheduler;

    /**
     * @param instance this replica's name; claim tokens are "instance/n"
     * @param lanes    slots per lane: how many units of it run at once in this replica
     */
    public LeasedWorkers(String instance, Duration pollInterval, Map<String, Integer> lanes, Source source) {
        this.instance = instance;
        this.pollInterval = pollInterval;
        lanes.forEach((lane, count) -> slots.put(lane, new Semaphore(count)));
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
            // only this thread takes slots, so a lane seen free here still has its slot when the unit starts
            Set<String> free = new TreeSet<>();
            slots.forEach((lane, slot) -> {
                if (slot.availablePermits() > 0) {
                    free.add(lane);
                }
            });
            Optional<Work> work = Optional.empty();
            try {
                if (!free.isEmpty()) {
                    // a token per claim: an attempt this replica abandoned must not mistake a later one for itself
                    work = source.next(instance + "/" + claims.incrementAndGet(), free);
                }
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
            Semaphore slot = slots.get(unit.lane());
            if (slot == null || !slot.tryAcquire()) {
                throw new IllegalStateException("a unit of lane '" + unit.lane() + "', which had no free slot");
            }
            Thread thread = new Thread(() -> {
                try {
                    unit.body().run();
                } finally {
                    units.remove(Thread.currentThread());
                    slot.release();
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
