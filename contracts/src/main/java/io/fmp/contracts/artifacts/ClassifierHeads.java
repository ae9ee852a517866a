package io.fmp.contracts.artifacts;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.util.JsonFormat;
import io.fmp.contracts.artifacts.v1.ClassifierHead;

import java.nio.charset.StandardCharsets;

/**
 * The classifier-head file format ({@code fmp.artifacts.v1.ClassifierHead} in the protobuf JSON
 * mapping) as tuning-service writes it and eval-service reads it.
 */
public final class ClassifierHeads {

    public static final String FORMAT = "fmp.classifier-head/v1";

    private ClassifierHeads() {
    }

    public static String json(ClassifierHead head) {
        try {
            return JsonFormat.printer().print(head);
        } catch (InvalidProtocolBufferException e) {
            throw new IllegalStateException("a built head always prints", e);
        }
    }

    /** @throws IllegalArgumentException when the bytes are not a head in this format's JSON */
    public static ClassifierHead parse(byte[] json) {
        ClassifierHead.Builder builder = ClassifierHead.newBuilder();
        try {
            JsonFormat.parser().merge(new String(json, StandardCharsets.UTF_8), builder);
        } catch (InvalidProtocolBufferException e) {
            throw new IllegalArgumentException("not a classifier head file: " + e.getMessage(), e);
        }
        return builder.build();
    }
}
