package io.fmp.governance.audit;

import io.fmp.platform.hashing.Sha256;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

class AuditChainTest {

    private static List<AuditChain.Link> chainOf(int length) {
        List<AuditChain.Link> chain = new ArrayList<>();
        String previous = AuditChain.GENESIS_HASH;
        for (int i = 1; i <= length; i++) {
            AuditEntry entry = new AuditEntry(i, "model-" + i, "event-" + i, "model.registered", "catalog-service",
                    "4bf92f3577b34da6a3ce929d0e0e4736", Instant.parse("2026-11-22T10:00:00Z").plusSeconds(i),
                    Instant.parse("2026-11-22T10:00:01Z").plusSeconds(i), "{\"n\":" + i + "}", i % 2 == 0 ? "key:k" + i : null);
            String hash = AuditChain.hash(previous, entry);
            chain.add(new AuditChain.Link(entry, previous, hash));
            previous = hash;
        }
        return chain;
    }

    @Test
    void anUntouchedChainIsIntact() {
        assertEquals(0, AuditChain.firstBroken(chainOf(5)));
        assertEquals(0, AuditChain.firstBroken(List.of()));
    }

    @Test
    void changingAnyFieldOfARecordBreaksItsLink() {
        List<AuditChain.Link> chain = chainOf(5);
        AuditChain.Link third = chain.get(2);
        AuditEntry e = third.entry();
        chain.set(2, new AuditChain.Link(new AuditEntry(e.sequence(), e.subject(), e.eventId(), e.eventType(),
                e.eventSource(), e.traceId(), e.eventTime(), e.recordedAt(), "{\"n\":999}", e.actor()), third.previousHash(),
                third.hash()));
        assertEquals(3, AuditChain.firstBroken(chain));
    }

    @Test
    void changingWhoDidItBreaksTheLinkAndARecordFromBeforeActorsStillVerifies() {
        List<AuditChain.Link> chain = chainOf(5);
        AuditChain.Link second = chain.get(1);
        AuditEntry e = second.entry();
        chain.set(1, new AuditChain.Link(new AuditEntry(e.sequence(), e.subject(), e.eventId(), e.eventType(),
                e.eventSource(), e.traceId(), e.eventTime(), e.recordedAt(), e.dataJson(), "key:somebody-else"),
                second.previousHash(), second.hash()));
        assertEquals(2, AuditChain.firstBroken(chain));
        // the first record has no actor: its hash is what it was before actors were recorded
        AuditEntry first = chainOf(1).get(0).entry();
        assertEquals(Sha256.hex(String.join("\u001f", AuditChain.GENESIS_HASH, "1", first.subject(), first.eventId(),
                first.eventType(), first.eventSource(), first.traceId(), first.eventTime().toString(),
                first.recordedAt().toString(), first.dataJson())), chainOf(1).get(0).hash());
    }

    @Test
    void rehashingATamperedRecordStillBreaksTheNextLink() {
        List<AuditChain.Link> chain = chainOf(5);
        AuditChain.Link second = chain.get(1);
        AuditEntry e = second.entry();
        AuditEntry forged = new AuditEntry(e.sequence(), "someone-else", e.eventId(), e.eventType(), e.eventSource(),
                e.traceId(), e.eventTime(), e.recordedAt(), e.dataJson(), e.actor());
        String forgedHash = AuditChain.hash(second.previousHash(), forged);
        assertNotEquals(second.hash(), forgedHash);
        chain.set(1, new AuditChain.Link(forged, second.previousHash(), forgedHash));
        assertEquals(3, AuditChain.firstBroken(chain));
    }

    @Test
    void removingOrReorderingRecordsIsDetected() {
        List<AuditChain.Link> removed = chainOf(5);
        removed.remove(3);
        assertEquals(4, AuditChain.firstBroken(removed));
        List<AuditChain.Link> swapped = chainOf(5);
        swapped.add(0, swapped.remove(1));
        assertEquals(1, AuditChain.firstBroken(swapped));
    }
}
