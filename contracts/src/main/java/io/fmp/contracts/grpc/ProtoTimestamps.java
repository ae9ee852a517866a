package io.fmp.contracts.grpc;

import com.google.protobuf.Timestamp;

import java.time.Instant;
import java.time.OffsetDateTime;

/** Conversions between java.time and {@code google.protobuf.Timestamp}. */
public final class ProtoTimestamps {

    private ProtoTimestamps() {
    }

    public static Timestamp of(OffsetDateTime time) {
        return Timestamp.newBuilder().setSeconds(time.toEpochSecond()).setNanos(time.getNano()).build();
    }

    public static Instant toInstant(Timestamp timestamp) {
        return Instant.ofEpochSecond(timestamp.getSeconds(), timestamp.getNanos());
    }
}
