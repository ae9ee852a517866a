package io.fmp.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The curl that ./fmp up prints must register a new model on a fresh, seeded catalog. */
class LauncherExampleTest {

    @Test
    void thePrintedExampleCardIsCompleteAndNotInTheSeedCatalog() throws IOException {
        String launcher = Files.readString(ServiceProcess.ROOT.resolve("fmp"));
        Matcher body = Pattern.compile("-d '(\\{\"name\".*?\\})'").matcher(launcher);
        assertTrue(body.find(), "the launcher prints a registration curl");
        JsonNode card = new ObjectMapper().readTree(body.group(1));
        assertEquals(7, card.size(), "all required fields: " + card);

        JsonNode seed = new ObjectMapper(new YAMLFactory()).readTree(
                ServiceProcess.ROOT.resolve("catalog-service/src/main/resources/seed/models.yaml").toFile());
        for (JsonNode model : seed.path("models")) {
            boolean same = model.path("name").asText().equals(card.path("name").asText())
                    && model.path("version").asText().equals(card.path("version").asText());
            assertTrue(!same, "the example would answer 409: " + card.path("name").asText() + " is seeded");
        }
    }
}
