package io.fmp.eval.runners;

import io.fmp.contracts.events.EvalEndpointRefused;
import io.fmp.contracts.events.EventTypes;
import io.fmp.eval.EvalConfig;
import io.fmp.contracts.egress.EgressPolicy;
import io.fmp.contracts.egress.Origin;
import io.fmp.contracts.egress.SecretBindings;
import io.fmp.platform.outbox.Outbox;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.Startup;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.jboss.logging.Logger;

import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Supplier;

/**
 * The operator's rules for calling model endpoints: where the platform may connect (egress) and
 * which secret may go where (bindings). Built at start, so a bad rule stops the service instead of
 * failing the first run.
 */
@Startup
@ApplicationScoped
public class EndpointAccess {

    private static final Logger LOG = Logger.getLogger(EndpointAccess.class);

    @Inject
    EvalConfig config;

    @Inject
    Outbox outbox;

    private EgressPolicy egress;
    private SecretBindings secrets;

    @PostConstruct
    void init() {
        egress = EgressPolicy.of(config.egress().allowedOrigins().orElse(List.of()), config.egress().allowLoopback(),
                "fmp.eval.egress.allowed-origins");
        secrets = SecretBindings.parse(config.secrets().envPrefix(), Path.of(config.secrets().dir()),
                config.secrets().bindings().orElse(List.of()), "fmp.eval.secrets.bindings");
    }

    public EgressPolicy egress() {
        return egress;
    }

    /**
     * Null when the endpoint may be called, with its secret; otherwise why not. A refusal is logged and
     * goes to the audit trail ({@code eval.endpoint-refused}, in a transaction of its own: the request
     * that asked is refused, the record of it stays).
     *
     * @param suite the suite the call was for
     */
    public String problem(String modelId, String suite, String url, String secretRef) {
        try {
            egress.check(URI.create(url));
            secrets.resolver(secretRef, Origin.of(URI.create(url)));
            return null;
        } catch (EgressPolicy.EgressRefusedException | SecretBindings.SecretRefusedException
                 | IllegalArgumentException e) {
            LOG.warnf("Refused to call the endpoint of model %s: %s", modelId, e.getMessage());
            String origin;
            try {
                origin = Origin.of(URI.create(url)).toString();
            } catch (IllegalArgumentException notAUrl) {
                origin = "";
            }
            EvalEndpointRefused refusal = new EvalEndpointRefused(modelId, origin, secretRef == null ? "" : secretRef,
                    suite, e.getMessage());
            QuarkusTransaction.requiringNew().run(() -> outbox.emit(EventTypes.EVAL_ENDPOINT_REFUSED, modelId, refusal));
            return e.getMessage();
        }
    }

    /** The credential for the endpoint, read when a request needs it. */
    public Supplier<String> credential(String url, String secretRef) throws SecretBindings.SecretRefusedException {
        return secrets.resolver(secretRef, Origin.of(URI.create(url)));
    }
}
