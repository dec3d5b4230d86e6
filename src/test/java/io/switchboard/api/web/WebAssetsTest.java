package io.switchboard.api.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The packaged browser clients: complete, self-contained, and within the size budget. */
class WebAssetsTest {
    /** Issue 15's budget for everything the browser downloads, gzipped. */
    static final int BUDGET_GZIP_BYTES = 200 * 1024;
    private static final Path SOURCE = Path.of("src/main/resources/web");
    private static final Pattern IMPORT = Pattern.compile("(?:import|from)\\s*\\(?\\s*'(\\./[^']+)'");

    @Test
    void manifest_listsEveryFileOfTheDirectory_andNothingElse() throws IOException {
        List<String> listed = new ArrayList<>();
        WebAssets.packaged().all().forEach(a -> listed.add(a.name()));
        List<String> onDisk;
        try (Stream<Path> files = Files.list(SOURCE)) {
            onDisk = files.map(p -> p.getFileName().toString()).filter(n -> !n.equals("files.txt")).toList();
        }
        assertThat(listed).containsExactlyInAnyOrderElementsOf(onDisk);
    }

    @Test
    void assets_gzippedTotal_withinBudget() {
        int raw = 0;
        int gzip = 0;
        for (WebAssets.Asset a : WebAssets.packaged().all()) {
            raw += a.raw().length;
            gzip += a.gzip().length;
        }
        System.out.printf("web assets: %d bytes, %d bytes gzipped (budget %d)%n", raw, gzip, BUDGET_GZIP_BYTES);
        assertThat(gzip).isPositive().isLessThan(BUDGET_GZIP_BYTES);
    }

    @Test
    void modules_importOnlyPackagedSiblings_noNetwork() {
        for (WebAssets.Asset a : WebAssets.packaged().all()) {
            String text = new String(a.raw(), StandardCharsets.UTF_8);
            if (a.name().endsWith(".js")) {
                Matcher m = IMPORT.matcher(text);
                while (m.find()) {
                    assertThat(WebAssets.packaged().get(m.group(1).substring(2))).as(a.name() + " imports " + m.group(1))
                            .isNotNull();
                }
            }
            // the SVG namespace (chart.js's createElementNS) is a name, never fetched
            assertThat(text.replace("http://www.w3.org/2000/svg", "")).as(a.name() + " loads nothing from elsewhere")
                    .doesNotContain("http://", "https://", "//cdn");
        }
    }

    @Test
    void version_isAHashOfTheFiles() {
        assertThat(WebAssets.packaged().version()).matches("[0-9a-f]{12}");
    }
}
