package io.fmp.governance.facts;

import io.agroal.api.AgroalDataSource;
import io.fmp.platform.storage.SqlWork;
import io.quarkus.arc.Arc;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.PostPersist;
import jakarta.persistence.PostRemove;
import jakarta.persistence.PostUpdate;
import jakarta.transaction.TransactionSynchronizationRegistry;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

/**
 * The version of everything gates decide on, kept in the database so every replica sees every change: the
 * entities facts are made of carry {@link Listener}, which raises the generation once in any transaction that
 * writes one of them (on the transaction's own connection, so it commits or rolls back with the change).
 * A decision made at generation G stays true while the generation is G.
 */
@ApplicationScoped
public class FactsGeneration {

    private static final String RAISED = FactsGeneration.class.getName() + ".raised";

    @Inject
    AgroalDataSource dataSource;

    @Inject
    TransactionSynchronizationRegistry transactions;

    @Inject
    SqlWork sql;

    /** The generation as the current transaction sees it. */
    public long current() {
        return sql.apply(connection -> {
            try (PreparedStatement select = connection.prepareStatement("SELECT generation FROM facts_generation WHERE id = 1");
                 ResultSet row = select.executeQuery()) {
                if (!row.next()) {
                    throw new IllegalStateException("facts_generation has no row (migration V9)");
                }
                return row.getLong(1);
            }
        });
    }

    void raise() {
        if (transactions.getResource(RAISED) != null) {
            return;
        }
        // during Hibernate's flush, so not through SqlWork (which flushes): Agroal hands out the connection already
        // enlisted in this transaction
        try (Connection connection = dataSource.getConnection();
             PreparedStatement update = connection.prepareStatement(
                     "UPDATE facts_generation SET generation = generation + 1 WHERE id = 1")) {
            update.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException("cannot raise the facts generation", e);
        }
        transactions.putResource(RAISED, Boolean.TRUE);
    }

    /** On every entity a decision reads: any write raises the generation. */
    public static class Listener {

        @PostPersist
        @PostUpdate
        @PostRemove
        void changed(Object entity) {
            Arc.container().instance(FactsGeneration.class).get().raise();
        }
    }
}
