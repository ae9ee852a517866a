package io.fmp.deploy.operations;

import io.fmp.client.ApiClient;
import io.fmp.client.ApiException;
import io.fmp.client.api.AuditApi;
import io.fmp.contracts.transparency.LogVerifier;
import io.fmp.deploy.demo.ApiFailures;
import io.fmp.deploy.demo.GatewayClient;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * {@code ./fmp audit verify [--key <verifier key>] [--entry <index>]...}: checks the audit log as an
 * outsider would, through the gateway's REST contract. The verifier key is pinned (given, or taken at the
 * first run and kept under {@code .fmp/audit/}); the latest checkpoint must verify with it and extend the
 * last checkpoint this command trusted (kept there too); the first and the last entry, and those asked
 * for, must be in it. Exit codes: 0 verified, 1 the gateway refused or failed, 2 usage, 3 signature,
 * 4 consistency (a changed history), 5 inclusion (an entry that is not what the log committed to).
 */
public final class AuditVerifyCommand {

    static final String USAGE = "usage: ./fmp audit verify [--key <verifier key>] [--entry <index>]...";

    private final ApiClient client;
    private final AuditApi audit;
    private final Path trustDir;
    private final PrintStream out;

    public AuditVerifyCommand(String gatewayUrl, String credential, Path trustDir, PrintStream out) {
        this.client = GatewayClient.create(gatewayUrl, credential, Duration.ofMinutes(1));
        this.audit = new AuditApi(client);
        this.trustDir = trustDir;
        this.out = out;
    }

    public static void main(String[] args) {
        String url = System.getenv().getOrDefault("FMP_GATEWAY_URL", "http://localhost:8080");
        Path trust = Path.of(System.getenv().getOrDefault("FMP_HOME", ".fmp"), "audit");
        try {
            System.exit(new AuditVerifyCommand(url, GatewayClient.credentialFromEnvironment(), trust, System.out)
                    .run(args));
        } catch (IllegalArgumentException e) {
            System.err.println("fmp audit: " + e.getMessage());
            System.exit(2);
        }
    }

    public int run(String... args) {
        if (args.length == 0 || !args[0].equals("verify")) {
            throw new IllegalArgumentException(USAGE);
        }
        String key = null;
        List<Long> entries = new ArrayList<>();
        for (int i = 1; i < args.length; i += 2) {
            if (i + 1 >= args.length) {
                throw new IllegalArgumentException(USAGE);
            }
            switch (args[i]) {
                case "--key" -> key = args[i + 1];
                case "--entry" -> entries.add(parseIndex(args[i + 1]));
                default -> throw new IllegalArgumentException(USAGE);
            }
        }
        try {
            return verify(key, entries);
        } catch (ApiException e) {
            out.println(ApiFailures.describe(client, "reading the audit log", e));
            return 1;
        } catch (GatewayFailure e) {
            out.println(ApiFailures.describe(client, "reading the audit log", (ApiException) e.getCause()));
            return 1;
        } catch (LogVerifier.VerificationException e) {
            out.println("NOT VERIFIED (" + e.failure().name().toLowerCase() + "): " + e.getMessage());
            return e.failure().exitCode;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private int verify(String givenKey, List<Long> entries)
            throws ApiException, LogVerifier.VerificationException, IOException {
        Files.createDirectories(trustDir);
        Path keyFile = trustDir.resolve("verifier-key");
        Path checkpointFile = trustDir.resolve("checkpoint");
        String pinned = givenKey != null ? givenKey : Files.exists(keyFile) ? Files.readString(keyFile).trim() : null;
        if (pinned == null) {
            pinned = audit.getAuditLogKey().trim();
            out.println("Pinned the audit log's key at this first run (compare it with what your operator published): "
                    + pinned);
        }
        LogVerifier verifier = new LogVerifier(pinned);
        LogVerifier.Verified trusted = Files.exists(checkpointFile)
                ? verifier.checkpoint(Files.readString(checkpointFile)) : null;
        LogVerifier.Verified latest = verifier.latest(overRest(), trusted);
        long size = latest.checkpoint().size();
        List<Long> checked = new ArrayList<>(entries);
        if (size > 0) {
            checked.add(0L);
            checked.add(size - 1);
        }
        for (long index : checked.stream().distinct().sorted().toList()) {
            verifier.includes(overRest(), latest, index);
        }
        // trusted from now on: the key the log verified with, and the checkpoint it extended to
        Files.writeString(keyFile, pinned + "\n");
        Files.writeString(checkpointFile, latest.note());
        out.printf("Verified: %d records, root %s; %s; %d entries included.%n", size,
                Base64.getEncoder().encodeToString(latest.checkpoint().rootHash()),
                trusted == null ? "first checkpoint trusted" : "extends the " + trusted.checkpoint().size()
                        + " records trusted before", checked.stream().distinct().count());
        return 0;
    }

    /** The audit log over the gateway's REST API. */
    private LogVerifier.Log overRest() {
        return new LogVerifier.Log() {
            @Override
            public String checkpoint() {
                return call(audit::getAuditCheckpoint);
            }

            @Override
            public byte[] leaf(long index) {
                return Base64.getDecoder().decode(call(() -> audit.listAuditLogEntries(index, index + 1))
                        .getEntries().get(0).getLeaf());
            }

            @Override
            public List<byte[]> inclusionProof(long index, long treeSize) {
                return decode(call(() -> audit.getAuditInclusionProof(index, treeSize)).getHashes());
            }

            @Override
            public List<byte[]> consistencyProof(long from, long to) {
                return decode(call(() -> audit.getAuditConsistencyProof(from, to)).getHashes());
            }
        };
    }

    private interface Call<T> {
        T call() throws ApiException;
    }

    private static <T> T call(Call<T> call) {
        try {
            return call.call();
        } catch (ApiException e) {
            throw new GatewayFailure(e);
        }
    }

    private static List<byte[]> decode(List<String> hashes) {
        return hashes.stream().map(Base64.getDecoder()::decode).toList();
    }

    private static long parseIndex(String text) {
        try {
            long index = Long.parseLong(text);
            if (index >= 0) {
                return index;
            }
        } catch (NumberFormatException ignored) {
            // refused below
        }
        throw new IllegalArgumentException("--entry takes an index from 0, was " + text);
    }

    /** Carries an API failure through the log interface, whose methods cannot throw it. */
    private static final class GatewayFailure extends RuntimeException {
        GatewayFailure(ApiException cause) {
            super(cause);
        }
    }
}
