package io.fmp.gateway.serving;

import io.fmp.contracts.serving.v1.RecordUsageRequest;
import io.fmp.contracts.serving.v1.UsageEntry;
import io.fmp.contracts.serving.v1.UsageReport;
import io.fmp.gateway.GatewayConfig;
import io.fmp.gateway.downstream.ServingClient;
import io.quarkus.runtime.StartupEvent;
import io.vertx.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import org.jboss.logging.Logger;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * Counts requests and tokens per project, deployment and caller in memory (nothing on the request path waits for
 * it) and sends them to tuning-service in numbered batches every {@code fmp.gateway.serving.usage-flush-every}; a
 * batch that did not arrive is sent again with the same id, so it counts once. The answer brings back each
 * project's month so far, against which its token budget is checked.
 */
@ApplicationScoped
public class UsageMeter {

    private static final Logger LOG = Logger.getLogger(UsageMeter.class);

    record Key(String project, String deployment, String subject) {
    }

    static final class Counts {
        final LongAdder requests = new LongAdder();
        final LongAdder prompt = new LongAdder();
        final LongAdder completion = new LongAdder();
        final LongAdder blocked = new LongAdder();
        final LongAdder errors = new LongAdder();
    }

    /** A project's month: tokens counted by tuning-service and its budget (0: none). */
    record Month(long tokens, long budget) {
    }

    @Inject
    ServingClient serving;

    @Inject
    ServingMetrics metrics;

    @Inject
    GatewayConfig config;

    @Inject
    Vertx vertx;

    private final ResentBatches<RecordUsageRequest> batches = new ResentBatches<>("usage");
    private volatile Map<Key, Counts> open = new ConcurrentHashMap<>();
    private final Map<String, Month> months = new ConcurrentHashMap<>();
    /** Tokens counted here and not yet in {@link #months}. */
    private final Map<String, LongAdder> unreported = new ConcurrentHashMap<>();

    void start(@Observes StartupEvent event) {
        vertx.setPeriodic(config.serving().usageFlushEvery().toMillis(), id -> flush());
    }

    public void record(String project, String deployment, String subject, long prompt, long completion, boolean error) {
        metrics.answered(project, deployment, prompt, completion, error);
        Counts counts = open.computeIfAbsent(new Key(project, deployment, subject), k -> new Counts());
        counts.requests.increment();
        counts.prompt.add(prompt);
        counts.completion.add(completion);
        if (error) {
            counts.errors.increment();
        }
        unreported.computeIfAbsent(project, p -> new LongAdder()).add(prompt + completion);
    }

    /** @param reason one of {@link ServingMetrics#BLOCK_REASONS} */
    public void blocked(String project, String deployment, String subject, String reason) {
        metrics.blocked(project, deployment, reason);
        open.computeIfAbsent(new Key(project, deployment, subject), k -> new Counts()).blocked.increment();
    }

    /** Null when the project may spend tokens; otherwise why not. */
    public String overBudget(String project) {
        Month month = months.get(project);
        if (month == null || month.budget() <= 0) {
            return null;
        }
        LongAdder pending = unreported.get(project);
        long used = month.tokens() + (pending == null ? 0 : pending.sum());
        return used < month.budget() ? null : "project " + project + " has used " + used + " of its " + month.budget()
                + " tokens this month";
    }

    /** Sends what was counted; a failed batch goes again (same id) before anything newer. */
    void flush() {
        batches.flush(id -> {
            Map<Key, Counts> closed = open;
            if (closed.isEmpty()) {
                return null;
            }
            open = new ConcurrentHashMap<>();
            List<UsageEntry> entries = new ArrayList<>();
            closed.forEach((k, c) -> entries.add(UsageEntry.newBuilder().setProject(k.project())
                    .setDeployment(k.deployment()).setSubject(k.subject()).setRequests(c.requests.sum())
                    .setPromptTokens(c.prompt.sum()).setCompletionTokens(c.completion.sum())
                    .setBlocked(c.blocked.sum()).setErrors(c.errors.sum()).build()));
            return RecordUsageRequest.newBuilder().setBatchId(id).addAllEntries(entries).build();
        }, serving::recordUsage, recorded -> {
            Map<String, Long> sent = new java.util.HashMap<>();
            recorded.getEntriesList().forEach(e -> sent.merge(e.getProject(), e.getPromptTokens()
                    + e.getCompletionTokens(), Long::sum));
            sent.forEach(this::readMonth);
        });
    }

    /** The project's month as recorded, now that {@code sent} of this replica's tokens are in it. */
    private void readMonth(String project, long sent) {
        serving.usageOf(project).subscribe().with((UsageReport report) -> {
            months.put(project, new Month(report.getTotalTokens(), report.getTokenBudget()));
            // only what the batch carried is in the report: tokens counted since then stay unreported
            unreported.computeIfAbsent(project, p -> new LongAdder()).add(-sent);
        }, error -> LOG.debugf("Usage of %s not read: %s", project, error.toString()));
    }
}
