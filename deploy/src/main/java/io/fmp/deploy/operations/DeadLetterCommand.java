package io.fmp.deploy.operations;

import io.fmp.client.ApiClient;
import io.fmp.client.ApiException;
import io.fmp.client.api.OperationsApi;
import io.fmp.client.model.ConsumingService;
import io.fmp.client.model.DeadLetter;
import io.fmp.client.model.DeadLetterList;
import io.fmp.client.model.ReplayRequest;
import io.fmp.client.model.ReplayResult;
import io.fmp.deploy.demo.ApiFailures;
import io.fmp.deploy.demo.GatewayClient;

import java.io.PrintStream;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code ./fmp dlq list} and {@code ./fmp dlq replay <service> <topic>/<partition>/<offset>}: the
 * gateway's dead-letter API through the generated client.
 */
public final class DeadLetterCommand {

    private static final Pattern ADDRESS = Pattern.compile("([^/\\s]+)/(\\d{1,9})/(\\d{1,18})");
    static final String USAGE = "usage: ./fmp dlq list | ./fmp dlq replay <service> <topic>/<partition>/<offset>";

    private final ApiClient client;
    private final OperationsApi operations;
    private final PrintStream out;

    public DeadLetterCommand(String gatewayUrl, String credential, PrintStream out) {
        this.client = GatewayClient.create(gatewayUrl, credential, Duration.ofMinutes(3));
        this.operations = new OperationsApi(client);
        this.out = out;
    }

    public static void main(String[] args) {
        String url = System.getenv().getOrDefault("FMP_GATEWAY_URL", "http://localhost:8080");
        try {
            System.exit(new DeadLetterCommand(url, GatewayClient.credentialFromEnvironment(), System.out).run(args));
        } catch (IllegalArgumentException e) {
            System.err.println("fmp dlq: " + e.getMessage());
            System.exit(2);
        }
    }

    /** @return the exit status: 0 done, 1 the gateway refused or failed */
    public int run(String... args) {
        try {
            if (args.length == 1 && args[0].equals("list")) {
                list();
                return 0;
            }
            if (args.length == 3 && args[0].equals("replay")) {
                replay(args[1], args[2]);
                return 0;
            }
        } catch (ApiException e) {
            out.println(ApiFailures.describe(client, args[0].equals("list") ? "listing dead letters"
                    : "replaying " + args[2], e));
            return 1;
        }
        throw new IllegalArgumentException(USAGE);
    }

    private void list() throws ApiException {
        DeadLetterList letters = operations.listDeadLetters();
        if (letters.getDeadLetters().isEmpty()) {
            out.println("No dead letters.");
        } else {
            out.printf("%-20s %-28s %-18s %-36s %-9s %s%n", "SERVICE", "ADDRESS", "TYPE", "EVENT", "APPLIED", "ERROR");
            for (DeadLetter d : letters.getDeadLetters()) {
                out.printf("%-20s %-28s %-18s %-36s %-9s %s%n", d.getService().getValue(),
                        d.getTopic() + "/" + d.getPartition() + "/" + d.getOffset(), blankAsDash(d.getEventType()),
                        blankAsDash(d.getEventId()), d.getApplied() ? "yes" : "no", d.getError());
            }
        }
        if (!letters.getUnavailable().isEmpty()) {
            out.println("Not answering (their dead letters are missing above): "
                    + String.join(", ", letters.getUnavailable().stream().map(ConsumingService::getValue).toList()));
        }
    }

    private void replay(String serviceName, String address) throws ApiException {
        Matcher m = ADDRESS.matcher(address);
        if (!m.matches()) {
            throw new IllegalArgumentException("'" + address + "' is not <topic>/<partition>/<offset>; " + USAGE);
        }
        ConsumingService service;
        try {
            service = ConsumingService.fromValue(serviceName);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("'" + serviceName + "' is none of "
                    + java.util.Arrays.stream(ConsumingService.values()).map(ConsumingService::getValue).toList());
        }
        ReplayResult result = operations.replayDeadLetter(new ReplayRequest().service(service).topic(m.group(1))
                .partition(Integer.parseInt(m.group(2))).offset(Long.parseLong(m.group(3))));
        DeadLetter d = result.getDeadLetter();
        out.printf("%s %s (%s) in %s: %s%n", d.getEventType(), d.getEventId(), address, service,
                result.getOutcome() == ReplayResult.OutcomeEnum.APPLIED ? "applied now"
                        : "had been applied already; nothing ran");
    }

    private static String blankAsDash(String text) {
        return text == null || text.isBlank() ? "-" : text;
    }
}
