package io.fmp.catalog.sizing;

/**
 * What memory sizing needs to know about a transformer.
 *
 * @param layers      decoder layers (0 when unknown: the KV cache is then estimated from the size)
 * @param kvHeads     key/value heads (fewer than attention heads with grouped-query attention)
 * @param headDim     dimension of one head
 */
public record ModelShape(long parameterCount, int layers, int kvHeads, int headDim) {

    public boolean knowsAttentionShape() {
        return layers > 0 && kvHeads > 0 && headDim > 0;
    }
}
