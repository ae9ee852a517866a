package io.fmp.tuning.embeddings;

import io.fmp.tuning.TuningConfig;
import io.fmp.platform.hashing.Sha256;
import io.fmp.platform.storage.SqlWork;
import io.fmp.inference.encoders.SentenceEncoder;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Frozen-encoder embeddings, cached by encoder and SHA-256 of the text: the second job on the same
 * data (or a resumed one) embeds nothing. Texts are embedded in batches and each batch is stored
 * in its own transaction, so an interrupted job keeps what it embedded.
 */
@ApplicationScoped
public class EmbeddingCache {

    /** Looked up per query: a bound on the IN list. */
    private static final int LOOKUP = 500;

    @Inject
    SqlWork sql;

    @Inject
    TuningConfig config;

    /** Told after every batch; returns false to stop (the job was cancelled or taken over). */
    public interface Progress {
        boolean embedded(int done, int total, int fromCache);
    }

    /** Thrown when {@link Progress} asked to stop. */
    public static final class Stopped extends Exception {
        public Stopped() {
            super("stopped while embedding", null, false, false);
        }
    }

    /** Unit-length embeddings of the texts, in their order. */
    public float[][] embed(SentenceEncoder encoder, List<String> texts, Progress progress) throws Stopped {
        Map<String, String> hashes = new LinkedHashMap<>();
        texts.forEach(t -> hashes.computeIfAbsent(t, Sha256::hex));
        Map<String, float[]> byHash = cached(encoder, new ArrayList<>(hashes.values()));
        List<String> missing = hashes.entrySet().stream().filter(e -> !byHash.containsKey(e.getValue()))
                .map(Map.Entry::getKey).toList();
        int fromCache = hashes.size() - missing.size();
        if (!progress.embedded(fromCache, hashes.size(), fromCache)) {
            throw new Stopped();
        }
        for (int from = 0; from < missing.size(); from += config.embeddingBatch()) {
            List<String> batch = missing.subList(from, Math.min(missing.size(), from + config.embeddingBatch()));
            List<float[]> vectors = encoder.encode(batch);
            Map<String, float[]> stored = new HashMap<>();
            for (int i = 0; i < batch.size(); i++) {
                stored.put(hashes.get(batch.get(i)), vectors.get(i));
            }
            store(encoder, stored);
            byHash.putAll(stored);
            if (!progress.embedded(fromCache + from + batch.size(), hashes.size(), fromCache)) {
                throw new Stopped();
            }
        }
        float[][] result = new float[texts.size()][];
        for (int i = 0; i < texts.size(); i++) {
            result[i] = byHash.get(hashes.get(texts.get(i)));
        }
        return result;
    }

    private Map<String, float[]> cached(SentenceEncoder encoder, List<String> hashes) {
        Map<String, float[]> found = new HashMap<>();
        for (int from = 0; from < hashes.size(); from += LOOKUP) {
            List<String> chunk = hashes.subList(from, Math.min(hashes.size(), from + LOOKUP));
            QuarkusTransaction.requiringNew().run(() -> sql.apply(connection -> {
                try (PreparedStatement select = connection.prepareStatement("SELECT text_sha256, vector FROM"
                        + " embedding_cache WHERE encoder = ? AND text_sha256 IN ("
                        + String.join(", ", Collections.nCopies(chunk.size(), "?")) + ")")) {
                    select.setString(1, encoder.id());
                    for (int i = 0; i < chunk.size(); i++) {
                        select.setString(i + 2, chunk.get(i));
                    }
                    try (ResultSet rows = select.executeQuery()) {
                        while (rows.next()) {
                            found.put(rows.getString(1), vector(rows.getBytes(2)));
                        }
                    }
                }
                return null;
            }));
        }
        return found;
    }

    private void store(SentenceEncoder encoder, Map<String, float[]> vectors) {
        QuarkusTransaction.requiringNew().run(() -> sql.apply(connection -> {
            // two jobs embedding the same text at once both store it: the second insert is a no-op
            try (PreparedStatement insert = connection.prepareStatement("INSERT INTO embedding_cache (encoder,"
                    + " text_sha256, vector) VALUES (?, ?, ?) ON CONFLICT DO NOTHING")) {
                for (Map.Entry<String, float[]> e : vectors.entrySet()) {
                    insert.setString(1, encoder.id());
                    insert.setString(2, e.getKey());
                    insert.setBytes(3, bytes(e.getValue()));
                    insert.addBatch();
                }
                insert.executeBatch();
            }
            return null;
        }));
    }

    static byte[] bytes(float[] vector) {
        ByteBuffer buffer = ByteBuffer.allocate(vector.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        buffer.asFloatBuffer().put(vector);
        return buffer.array();
    }

    static float[] vector(byte[] bytes) {
        float[] vector = new float[bytes.length / 4];
        ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(vector);
        return vector;
    }
}
