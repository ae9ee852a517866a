package io.fmp.platform.quotas;

import io.fmp.platform.storage.SqlWork;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

import java.sql.PreparedStatement;

/**
 * One row lock per project, held to the end of the current transaction: a quota is counted and the
 * new work stored under it, so two requests at once (on any replica) cannot both take the last slot.
 * Each service that checks quotas has a {@code project_lock} table (its migrations).
 */
@ApplicationScoped
public class ProjectLocks {

    @Inject
    SqlWork sql;

    @Transactional(Transactional.TxType.MANDATORY)
    public void lock(String project) {
        sql.apply(connection -> {
            try (PreparedStatement insert = connection.prepareStatement(
                    "INSERT INTO project_lock (project) VALUES (?) ON CONFLICT DO NOTHING");
                 PreparedStatement lock = connection.prepareStatement(
                         "SELECT project FROM project_lock WHERE project = ? FOR UPDATE")) {
                insert.setString(1, project);
                insert.executeUpdate();
                lock.setString(1, project);
                lock.executeQuery().close();
            }
            return null;
        });
    }
}
