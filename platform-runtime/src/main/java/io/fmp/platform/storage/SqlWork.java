package io.fmp.platform.storage;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import org.hibernate.Session;

import java.sql.Connection;
import java.sql.SQLException;

/**
 * Plain JDBC on the connection of the current transaction, for bulk rows (examples, results, cached
 * responses) where batched statements beat one entity at a time. Entity changes are flushed first,
 * so the SQL sees them.
 */
@ApplicationScoped
public class SqlWork {

    @FunctionalInterface
    public interface Work<T> {
        T run(Connection connection) throws SQLException;
    }

    @Inject
    EntityManager entityManager;

    @Transactional(Transactional.TxType.MANDATORY)
    public <T> T apply(Work<T> work) {
        Session session = entityManager.unwrap(Session.class);
        session.flush();
        return session.doReturningWork(work::run);
    }
}
