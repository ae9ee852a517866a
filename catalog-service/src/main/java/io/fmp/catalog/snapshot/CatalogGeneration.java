package io.fmp.catalog.snapshot;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.TransactionSynchronizationRegistry;
import jakarta.transaction.Transactional;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

/**
 * A counter every catalog write advances in its own transaction. The single row stays locked until
 * the write commits, so generations follow commit order: a reader that has seen generation g has
 * seen every change stamped g or lower, and {@link CatalogSnapshot} refreshes by asking only for
 * rows stamped above what it holds.
 */
@ApplicationScoped
public class CatalogGeneration {

    private static final String TRANSACTION_KEY = CatalogGeneration.class.getName();
    private static final String SELECT = "SELECT generation FROM catalog_generation WHERE id = 1";

    @Inject
    DataSource dataSource;

    @Inject
    EntityManager entityManager;

    @Inject
    TransactionSynchronizationRegistry transaction;

    /** The generation of the caller's transaction: advanced on first use, the same for the rest of it. */
    @Transactional(Transactional.TxType.MANDATORY)
    public long stamp() {
        Long stamped = (Long) transaction.getResource(TRANSACTION_KEY);
        if (stamped != null) {
            return stamped;
        }
        entityManager.createNativeQuery("UPDATE catalog_generation SET generation = generation + 1 WHERE id = 1")
                .executeUpdate();
        long generation = read();
        transaction.putResource(TRANSACTION_KEY, generation);
        return generation;
    }

    /**
     * The latest committed generation. Asked before reads, so it runs on a plain auto-commit
     * connection: no transaction to begin and end around one indexed row.
     */
    public long current() {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement query = connection.prepareStatement(SELECT)) {
            try (ResultSet row = query.executeQuery()) {
                row.next();
                return row.getLong(1);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read the catalog generation", e);
        }
    }

    private long read() {
        return ((Number) entityManager.createNativeQuery(SELECT).getSingleResult()).longValue();
    }
}
