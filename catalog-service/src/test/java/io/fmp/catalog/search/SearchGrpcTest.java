package io.fmp.catalog.search;

import io.fmp.contracts.catalog.v1.CatalogServiceGrpc;
import io.fmp.contracts.catalog.v1.DeploymentOption;
import io.fmp.contracts.catalog.v1.ModelCard;
import io.fmp.contracts.catalog.v1.ModelCardSpec;
import io.fmp.contracts.catalog.v1.ModelFacts;
import io.fmp.contracts.catalog.v1.ModelSort;
import io.fmp.contracts.catalog.v1.RegisterModelRequest;
import io.fmp.contracts.catalog.v1.SearchModelsRequest;
import io.fmp.contracts.catalog.v1.SearchModelsResponse;
import io.fmp.contracts.errors.GrpcErrors;
import io.fmp.platform.testing.KafkaBrokerResource;
import io.fmp.platform.testing.PostgresDatabaseResource;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.quarkus.grpc.GrpcClient;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

@QuarkusTest
@QuarkusTestResource(KafkaBrokerResource.class)
@QuarkusTestResource(value = PostgresDatabaseResource.class,
        initArgs = @ResourceArg(name = "database", value = "fmp_catalog_test"))
class SearchGrpcTest {

    @GrpcClient("catalog")
    CatalogServiceGrpc.CatalogServiceBlockingStub catalog;

    private final String tag = "search-" + UUID.randomUUID().toString().substring(0, 8);

    private String register(String name, long parameters, String license, int context, String language,
                            DeploymentOption... options) {
        ModelFacts.Builder facts = ModelFacts.newBuilder().addTags(tag).addLanguages(language);
        for (DeploymentOption option : options) {
            facts.addDeploymentOptions(option);
        }
        return catalog.registerModel(RegisterModelRequest.newBuilder().setCard(ModelCardSpec.newBuilder()
                .setName(name + " " + tag).setProvider("search-test").setVersion("1").setParameterCount(parameters)
                .setLicense(license).setContextWindow(context).addTasks("text-generation").setFacts(facts)).build())
                .getId();
    }

    private SearchModelsRequest.Builder byTag() {
        return SearchModelsRequest.newBuilder().setTag(tag);
    }

    private List<String> ids(SearchModelsResponse response) {
        return response.getModelsList().stream().map(ModelCard::getId).toList();
    }

    @Test
    void pagesWalkTheSortOrderOnceEvenWhileModelsAreAdded() {
        String p2 = register("Two", 2_000, "mit", 2048, "en", DeploymentOption.ON_PREM);
        String p3 = register("Three", 3_000, "mit", 4096, "en", DeploymentOption.CLOUD);
        String p5 = register("Five", 5_000, "apache-2.0", 8192, "de", DeploymentOption.EDGE);
        String p7 = register("Seven", 7_000, "cc-by-nc-4.0", 512, "fr", DeploymentOption.ON_PREM);
        String p11 = register("Eleven", 11_000, "apache-2.0", 32768, "en", DeploymentOption.ON_PREM);

        SearchModelsResponse first = catalog.searchModels(byTag().setSort(ModelSort.MODEL_SORT_PARAMETERS)
                .setPageSize(2).build());
        assertEquals(List.of(p2, p3), ids(first));
        // a smaller model lands before the cursor, a larger one after it: neither shifts the pages
        register("One", 1_000, "mit", 2048, "en");
        String p13 = register("Thirteen", 13_000, "mit", 2048, "en");

        List<String> rest = new ArrayList<>();
        String token = first.getNextPageToken();
        while (!token.isEmpty()) {
            SearchModelsResponse page = catalog.searchModels(byTag().setSort(ModelSort.MODEL_SORT_PARAMETERS)
                    .setPageSize(2).setPageToken(token).build());
            rest.addAll(ids(page));
            token = page.getNextPageToken();
        }
        assertEquals(List.of(p5, p7, p11, p13), rest);

        SearchModelsResponse descending = catalog.searchModels(byTag().setSort(ModelSort.MODEL_SORT_CONTEXT_WINDOW)
                .setDescending(true).setPageSize(3).build());
        assertEquals(List.of(p11, p5, p3), ids(descending));
    }

    @Test
    void filtersCombine() {
        String open = register("Open encoder", 100_000_000, "apache-2.0", 512, "de", DeploymentOption.EDGE,
                DeploymentOption.ON_PREM);
        String restricted = register("Research encoder", 110_000_000, "cc-by-nc-4.0", 512, "de", DeploymentOption.EDGE);
        register("Big decoder", 70_000_000_000L, "llama3.1", 131_072, "en", DeploymentOption.CLOUD);

        assertEquals(List.of(restricted), ids(catalog.searchModels(byTag().setCommercialUse(false).build())));
        assertEquals(List.of(open), ids(catalog.searchModels(byTag().setCommercialUse(true)
                .setDeploymentOption(DeploymentOption.EDGE).build())));
        assertEquals(2, catalog.searchModels(byTag().setLanguage("de").setMaxParameters(200_000_000).build())
                .getModelsCount());
        assertEquals(1, catalog.searchModels(byTag().setMinContextWindow(100_000).build()).getModelsCount());
        assertEquals(List.of(open), ids(catalog.searchModels(byTag().setText("OPEN enc").build())));
        assertEquals(0, catalog.searchModels(byTag().setText("100%_").build()).getModelsCount(),
                "LIKE wildcards in the text are taken literally");
        // the seed catalog answers a plain search too
        assertTrue(catalog.searchModels(SearchModelsRequest.newBuilder().setProvider("Meta").build())
                .getModelsList().stream().allMatch(m -> m.getCard().getProvider().equals("Meta")));
    }

    @Test
    void badPagingInputIsNamed() {
        register("Paged A", 1_000, "mit", 512, "en");
        register("Paged B", 2_000, "mit", 512, "en");
        String token = catalog.searchModels(byTag().setPageSize(1).build()).getNextPageToken();

        StatusRuntimeException otherFilter = assertThrows(StatusRuntimeException.class, () -> catalog.searchModels(
                byTag().setPageSize(1).setLicense("mit").setPageToken(token).build()));
        assertEquals("pageToken", GrpcErrors.fieldViolations(otherFilter).get(0).field());
        StatusRuntimeException garbage = assertThrows(StatusRuntimeException.class, () -> catalog.searchModels(
                byTag().setPageToken("not-a-token!").build()));
        assertEquals(Status.Code.INVALID_ARGUMENT, garbage.getStatus().getCode());
        StatusRuntimeException tooBig = assertThrows(StatusRuntimeException.class, () -> catalog.searchModels(
                byTag().setPageSize(101).build()));
        assertEquals("pageSize", GrpcErrors.fieldViolations(tooBig).get(0).field());
    }
}
