package io.fmp.inference.heads;

import io.fmp.contracts.artifacts.ClassifierHeads;
import io.fmp.contracts.artifacts.v1.Activation;
import io.fmp.contracts.artifacts.v1.ClassifierHead;
import io.fmp.contracts.artifacts.v1.DenseLayer;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Collections;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DenseHeadTest {

    /** 384 -> 2 (relu) -> 2 labels; input standardised; reads only x[0] and x[1]. */
    private static ClassifierHead.Builder mlp() {
        DenseLayer.Builder hidden = DenseLayer.newBuilder().setInputs(384).setOutputs(2).setActivation(Activation.RELU);
        for (int o = 0; o < 2; o++) {
            for (int i = 0; i < 384; i++) {
                hidden.addWeights(i == o ? 1 : 0);
            }
            hidden.addBias(o == 0 ? 0 : -1);
        }
        DenseLayer out = DenseLayer.newBuilder().setInputs(2).setOutputs(2).addWeights(1).addWeights(0)
                .addWeights(0).addWeights(1).addBias(0).addBias(0).build();
        return ClassifierHead.newBuilder().setFormat(ClassifierHeads.FORMAT).setEncoder("all-minilm-l6-v2")
                .setDimensions(384).addLabels("first").addLabels("second")
                .addAllMean(Collections.nCopies(384, 0.5f)).addAllScale(Collections.nCopies(384, 0.25f))
                .addLayers(hidden).addLayers(out);
    }

    private static byte[] json(ClassifierHead.Builder head) {
        return ClassifierHeads.json(head.build()).getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void computesTheLayersInOrderAfterStandardising() {
        DenseHead head = DenseHead.read(json(mlp()));
        float[] x = new float[384];
        x[0] = 1.0f;  // (1 - 0.5) / 0.25 = 2
        x[1] = 0.75f; // (0.75 - 0.5) / 0.25 = 1, minus bias 1 = 0
        assertArrayEquals(new float[]{2, 0}, head.logits(x), 1e-6f);
        assertEquals("first", head.label(x));
        x[1] = 1.5f;  // 4 - 1 = 3 > 2
        assertEquals("second", head.label(x));
    }

    @Test
    void refusesHeadsThatDoNotFit() {
        assertThrows(IllegalArgumentException.class, () -> DenseHead.read(json(mlp().setFormat("pickle"))));
        assertThrows(IllegalArgumentException.class, () -> DenseHead.read(json(mlp().setDimensions(768))));
        assertThrows(IllegalArgumentException.class, () -> DenseHead.read(json(mlp().addLabels("third"))));
        assertThrows(IllegalArgumentException.class, () -> DenseHead.read(json(mlp().setEncoder("gpt-4o"))));
        IllegalArgumentException shape = assertThrows(IllegalArgumentException.class,
                () -> DenseHead.read(json(mlp().setLayers(1, DenseLayer.newBuilder().setInputs(3).setOutputs(2)))));
        assertTrue(shape.getMessage().startsWith("layer 1 does not fit"), shape.getMessage());
        assertThrows(IllegalArgumentException.class, () -> DenseHead.read("{not json".getBytes()));
    }
}
