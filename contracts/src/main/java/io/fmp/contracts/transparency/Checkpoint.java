package io.fmp.contracts.transparency;

import java.util.Base64;

/**
 * A transparency-log checkpoint as C2SP {@code tlog-checkpoint} writes it, the text of a signed note:
 * the log's origin, the tree size in decimal and the base64 root hash, a line each.
 */
public record Checkpoint(String origin, long size, byte[] rootHash) {

    public String text() {
        return origin + "\n" + size + "\n" + Base64.getEncoder().encodeToString(rootHash) + "\n";
    }

    /** The checkpoint a note's (already verified) text holds; extension lines after the third are ignored. */
    public static Checkpoint parse(String text) {
        String[] lines = text.split("\n");
        if (lines.length < 3 || lines[0].isEmpty() || !lines[1].matches("0|[1-9][0-9]{0,18}")) {
            throw new IllegalArgumentException("not a checkpoint: origin, tree size and root hash lines expected");
        }
        byte[] root = Base64.getDecoder().decode(lines[2]);
        if (root.length != MerkleTree.HASH_BYTES) {
            throw new IllegalArgumentException("a checkpoint's root hash is 32 bytes");
        }
        return new Checkpoint(lines[0], Long.parseLong(lines[1]), root);
    }
}
