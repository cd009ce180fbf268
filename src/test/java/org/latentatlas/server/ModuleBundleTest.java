package org.latentatlas.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The explorer's modules as one script: every module once, each after what it imports, nothing it cannot carry. */
class ModuleBundleTest {
    private static String real(String name) {
        return new String(ExplorerPage.read(name), StandardCharsets.UTF_8);
    }

    private static String bundle(Map<String, String> modules) {
        return ModuleBundle.of("app.js", modules::get);
    }

    @Test
    void thePagesModulesBundleEachOnceAfterTheModulesTheyImport() {
        String bundle = ModuleBundle.of("app.js", ModuleBundleTest::real);

        List<String> scopes = Arrays.stream(bundle.split("\n")).filter(l -> l.startsWith("const " + ModuleBundle.SCOPE_PREFIX))
                .map(l -> l.substring("const ".length(), l.indexOf(" = ("))).toList();
        List<String> modules = ExplorerPage.FILES.stream().filter(f -> f.endsWith(".js") && !f.equals("file-check.js"))
                .map(ModuleBundle::scope).toList();
        assertThat(scopes).as("every module of the page, once").containsExactlyInAnyOrderElementsOf(modules);
        assertThat(scopes.indexOf(ModuleBundle.scope("palette.js"))).isLessThan(scopes.indexOf(ModuleBundle.scope("plane.js")));
        assertThat(scopes.indexOf(ModuleBundle.scope("ui.js"))).isLessThan(scopes.indexOf(ModuleBundle.scope("dims.js")));
        assertThat(scopes.get(scopes.size() - 1)).as("the entry runs last").isEqualTo(ModuleBundle.scope("app.js"));
        assertThat(bundle.lines().filter(l -> l.startsWith("import") || l.startsWith("export"))).isEmpty();
    }

    @Test
    void importsBindTheExportsOfTheirModuleUnderTheirLocalNames() {
        String bundle = bundle(Map.of(
                "app.js", "import { grid, size as cells } from './grid.js';\nconsole.log(grid(cells));\n",
                "grid.js", "export function grid(n) { return n; }\nexport const size = 3;\nconst hidden = 1;\n"));

        assertThat(bundle).isEqualTo("// grid.js\nconst atlasModule$grid = (() => {\n"
                + "function grid(n) { return n; }\nconst size = 3;\nconst hidden = 1;\n\n"
                + "return { grid, size };\n})();\n"
                + "// app.js\nconst atlasModule$app = (() => {\nconst { grid, size: cells } = atlasModule$grid;\n"
                + "\nconsole.log(grid(cells));\n\nreturn {};\n})();\n");
    }

    @Test
    void formsItCannotCarryAreRefusedNamingTheModuleAndLine() {
        for (String[] form : new String[][] {
                {"export default function f() {}", "an export of another form"},
                {"export let count = 0;", "an export of another form"},
                {"import * as grid from './grid.js';", "an import of another form"},
                {"const m = await import('./grid.js');", "a dynamic import"},
                {"const here = import.meta.url;", "import.meta"},
                {"import { a as b as c } from './grid.js';", "not a plain name"}}) {
            assertThatThrownBy(() -> bundle(Map.of("app.js", "const x = 1;\n" + form[0] + "\n", "grid.js", "")))
                    .as(form[0]).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("app.js line 2 has").hasMessageContaining(form[1])
                    .hasMessageContaining(form[0]);
        }
    }

    @Test
    void aNameItsModuleDoesNotExportIsRefused() {
        assertThatThrownBy(() -> bundle(Map.of("app.js", "import { gird } from './grid.js';\n",
                "grid.js", "export function grid() {}\n")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("app.js imports gird from grid.js, which does not export it");
    }

    @Test
    void anImportCycleIsRefused() {
        assertThatThrownBy(() -> bundle(Map.of("app.js", "import { a } from './a.js';\n",
                "a.js", "import { b } from './b.js';\nexport const a = 1;\n",
                "b.js", "import { a } from './a.js';\nexport const b = 2;\n")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("the modules import each other in a cycle through a.js (app.js → a.js → b.js → a.js)");
    }

    @Test
    void aModuleThatUsesTheScopesNamesIsRefused() {
        assertThatThrownBy(() -> bundle(Map.of("app.js", "const atlasModule$x = 1;\n")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("app.js uses the name atlasModule$");
    }
}
