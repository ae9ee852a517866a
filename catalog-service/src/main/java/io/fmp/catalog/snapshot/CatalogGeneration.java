package io.fmp.catalog.snapshot;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.TransactionSynchronizationRegistry;
import jakarta.transaction.Transactional;

/**
 * A counter every catalog write advances in its own transaction. The single row stays locked until
 * the write commits, so generations follow commit order: a reader that has seen generation g has
 * seen every change stamped g or lower, and {@link CatalogSnapshot} refreshes by asking only for
 * rows stamped above what it holds.
 */
@ApplicationScoped
public class CatalogGeneration {

    private static final String TRANSACTION_KEY = CatalogGeneration.class.getName();

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

    /** The latest committed generation. */
    @Transactional
    public long current() {
        return read();
    }

    private long read() {
        return ((Number) entityManager.createNativeQuery("SELECT generation FROM catalog_generation WHERE id = 1")
                .getSingleResult()).longValue();
    }
}
