package io.fmp.tuning.deployments;

import io.fmp.platform.storage.SqlWork;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.OffsetDateTime;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

/**
 * Token use the gateway metered, per month, project, deployment and caller, added up in batches; a batch the
 * gateway retries (same id) counts once. Read back per project against its monthly token budget.
 */
@ApplicationScoped
public class Usage {

    public record Entry(String project, String deployment, String subject, long requests, long promptTokens,
                        long completionTokens, long blocked, long errors) {
    }

    @Inject
    SqlWork sql;

    public static String month(OffsetDateTime at) {
        return YearMonth.from(at.withOffsetSameInstant(ZoneOffset.UTC)).toString();
    }

    /** Adds the batch; false when it was counted before. */
    @Transactional
    public boolean record(String batchId, List<Entry> entries) {
        String month = month(OffsetDateTime.now(ZoneOffset.UTC));
        return sql.apply(connection -> {
            try (PreparedStatement seen = connection.prepareStatement("SELECT 1 FROM usage_batch WHERE batch_id = ?")) {
                seen.setString(1, batchId);
                try (ResultSet rows = seen.executeQuery()) {
                    if (rows.next()) {
                        return false;
                    }
                }
            }
            try (PreparedStatement batch = connection.prepareStatement(
                    "INSERT INTO usage_batch (batch_id, recorded_at) VALUES (?, ?)")) {
                batch.setString(1, batchId);
                batch.setObject(2, OffsetDateTime.now(ZoneOffset.UTC));
                batch.executeUpdate();
            }
            try (PreparedStatement update = connection.prepareStatement("UPDATE serving_usage SET requests = requests + ?,"
                    + " prompt_tokens = prompt_tokens + ?, completion_tokens = completion_tokens + ?, blocked = blocked + ?,"
                    + " errors = errors + ? WHERE usage_month = ? AND project = ? AND deployment = ? AND subject = ?");
                 PreparedStatement insert = connection.prepareStatement("INSERT INTO serving_usage (usage_month, project,"
                         + " deployment, subject, requests, prompt_tokens, completion_tokens, blocked, errors)"
                         + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
                for (Entry e : entries) {
                    update.setLong(1, e.requests());
                    update.setLong(2, e.promptTokens());
                    update.setLong(3, e.completionTokens());
                    update.setLong(4, e.blocked());
                    update.setLong(5, e.errors());
                    update.setString(6, month);
                    update.setString(7, e.project());
                    update.setString(8, e.deployment());
                    update.setString(9, e.subject());
                    if (update.executeUpdate() == 0) {
                        insert.setString(1, month);
                        insert.setString(2, e.project());
                        insert.setString(3, e.deployment());
                        insert.setString(4, e.subject());
                        insert.setLong(5, e.requests());
                        insert.setLong(6, e.promptTokens());
                        insert.setLong(7, e.completionTokens());
                        insert.setLong(8, e.blocked());
                        insert.setLong(9, e.errors());
                        insert.executeUpdate();
                    }
                }
            }
            return true;
        });
    }

    /** The project's use this month, per deployment and caller. */
    @Transactional
    public List<Entry> month(String project) {
        String month = month(OffsetDateTime.now(ZoneOffset.UTC));
        return sql.apply(connection -> {
            List<Entry> entries = new ArrayList<>();
            try (PreparedStatement query = connection.prepareStatement("SELECT deployment, subject, requests,"
                    + " prompt_tokens, completion_tokens, blocked, errors FROM serving_usage WHERE usage_month = ? AND project = ?"
                    + " ORDER BY deployment, subject")) {
                query.setString(1, month);
                query.setString(2, project);
                try (ResultSet rows = query.executeQuery()) {
                    while (rows.next()) {
                        entries.add(new Entry(project, rows.getString(1), rows.getString(2), rows.getLong(3),
                                rows.getLong(4), rows.getLong(5), rows.getLong(6), rows.getLong(7)));
                    }
                }
            }
            return entries;
        });
    }

    /** Prompt and completion tokens a deployment has served, every month together. */
    @Transactional
    public long[] tokens(String project, String deployment) {
        return sql.apply(connection -> {
            try (PreparedStatement query = connection.prepareStatement("SELECT coalesce(sum(prompt_tokens), 0),"
                    + " coalesce(sum(completion_tokens), 0) FROM serving_usage WHERE project = ? AND deployment = ?")) {
                query.setString(1, project);
                query.setString(2, deployment);
                try (ResultSet rows = query.executeQuery()) {
                    rows.next();
                    return new long[]{rows.getLong(1), rows.getLong(2)};
                }
            }
        });
    }
}
