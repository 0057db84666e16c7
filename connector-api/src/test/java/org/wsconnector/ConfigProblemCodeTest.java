package org.wsconnector;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

class ConfigProblemCodeTest {
    /** A row of the README's "Configuration problems" table: | `WSCFG0101` | meaning | fix |. */
    private static final Pattern README_ROW = Pattern.compile("(?m)^\\| `(WSCFG\\d{4})` \\|[^|]+\\|[^|]+\\|$");

    @Test
    void everyCodeHasAStableIdOfItsOwn() {
        assertThat(ConfigProblemCode.values()).extracting(ConfigProblemCode::id)
                .allMatch(id -> id.matches("WSCFG\\d{4}"))
                .doesNotHaveDuplicates();
        assertThat(ConfigProblemCode.MISSING_KEY.id()).isEqualTo("WSCFG0001");
        assertThat(ConfigProblemCode.WRONG_STORE_PASSWORD.id()).isEqualTo("WSCFG0303");
    }

    @Test
    void theReadmeTableListsEveryCodeWithMeaningAndFixAndNoOther() throws IOException {
        String readme = Files.readString(Path.of("..", "README.md"));
        Matcher rows = README_ROW.matcher(readme);
        List<String> documented = new ArrayList<>();
        while (rows.find()) {
            documented.add(rows.group(1));
        }

        assertThat(documented).containsExactlyElementsOf(Arrays.stream(ConfigProblemCode.values())
                .map(ConfigProblemCode::id).toList());
    }
}
