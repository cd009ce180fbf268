package org.latentatlas.server;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The explorer's ES modules as one script, for a page that must run from a file (file://), where Chromium refuses to
 * load a module from another file: each module becomes a function scope that returns its exports, run in the order a
 * browser would evaluate the modules (each after the modules it imports, from the entry module down), so the one
 * script does what the modules do. The modules' own names stay private to their scopes, as in a module.
 *
 * <p>Only the forms the explorer's modules are written in are taken: one {@code import { a, b as c } from './x.js';}
 * per line and {@code export function|class|const NAME} declarations, each at the start of a line. Anything else a
 * module could say ({@code export default}, {@code export let}, {@code import *}, a dynamic {@code import()},
 * {@code import.meta}, an import cycle, a name its module does not export) is refused, naming the module and the line,
 * rather than bundled into a page that would fail in a visitor's browser. {@code ModuleBundleTest} bundles the real
 * modules on every build.
 */
final class ModuleBundle {
    private static final Pattern IMPORT = Pattern.compile("import \\{([^}]*)\\} from '\\./([A-Za-z0-9_-]+\\.js)';");
    private static final Pattern EXPORT = Pattern.compile("export (?:async )?(?:function\\*? |class |const )([A-Za-z_$][\\w$]*)");
    private static final Pattern NAME = Pattern.compile("[A-Za-z_$][\\w$]*");
    /** The scopes' names: a module's own code never says this (checked), so no name of a module can hide one. */
    static final String SCOPE_PREFIX = "atlasModule$";

    private ModuleBundle() {}

    /** One module as parsed: what it imports from which module, what it exports, and its code less both. */
    private record Module(String name, Map<String, List<String[]>> imports, List<String> exports, String body) {}

    /**
     * The bundle of {@code entry} and every module it imports, directly or not.
     *
     * @param source a module's text by its file name (as the page imports it: {@code "plane.js"})
     * @throws IllegalArgumentException naming the module and what in it cannot be bundled
     */
    static String of(String entry, Function<String, String> source) {
        Map<String, Module> parsed = new LinkedHashMap<>(); // in evaluation order once complete
        collect(entry, source, parsed, new LinkedHashSet<>());
        StringBuilder out = new StringBuilder();
        for (Module m : parsed.values()) {
            out.append("// ").append(m.name()).append('\n');
            out.append("const ").append(scope(m.name())).append(" = (() => {\n");
            m.imports().forEach((from, names) -> {
                Module target = parsed.get(from);
                List<String> bound = new ArrayList<>();
                for (String[] n : names) {
                    if (!target.exports().contains(n[0])) {
                        throw new IllegalArgumentException(m.name() + " imports " + n[0] + " from " + from
                                + ", which does not export it");
                    }
                    bound.add(n[0].equals(n[1]) ? n[0] : n[0] + ": " + n[1]);
                }
                out.append("const { ").append(String.join(", ", bound)).append(" } = ").append(scope(from))
                        .append(";\n");
            });
            out.append(m.body());
            out.append(m.exports().isEmpty() ? "return {};" : "return { " + String.join(", ", m.exports()) + " };")
                    .append("\n})();\n");
        }
        return out.toString();
    }

    /** Depth first, each module after its imports: the order a browser evaluates them in. */
    private static void collect(String name, Function<String, String> source, Map<String, Module> done,
                                Set<String> inProgress) {
        if (done.containsKey(name)) {
            return;
        }
        if (!inProgress.add(name)) {
            throw new IllegalArgumentException("the modules import each other in a cycle through " + name + " ("
                    + String.join(" → ", inProgress) + " → " + name + "); a bundle would run one before its imports");
        }
        Module m = parse(name, source.apply(name));
        for (String imported : m.imports().keySet()) {
            collect(imported, source, done, inProgress);
        }
        inProgress.remove(name);
        done.put(name, m);
    }

    private static Module parse(String name, String text) {
        if (text.contains(SCOPE_PREFIX)) {
            throw new IllegalArgumentException(name + " uses the name " + SCOPE_PREFIX + "…, which the bundle keeps"
                    + " for its modules' scopes");
        }
        Map<String, List<String[]>> imports = new LinkedHashMap<>();
        List<String> exports = new ArrayList<>();
        StringBuilder body = new StringBuilder();
        String[] lines = text.split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i];
            if (line.contains("import(") || line.contains("import.meta")) {
                throw refusal(name, i, line, "a dynamic import or import.meta, which only a module file has");
            }
            if (line.startsWith("import")) {
                Matcher m = IMPORT.matcher(line.strip());
                if (!m.matches()) {
                    throw refusal(name, i, line, "an import of another form than import { a, b as c } from './x.js';");
                }
                List<String[]> names = imports.computeIfAbsent(m.group(2), k -> new ArrayList<>());
                for (String item : m.group(1).split(",")) {
                    names.add(importedName(name, i, line, item.strip()));
                }
                body.append('\n'); // keeps the lines where they were, for a stack trace's line numbers
            } else if (line.startsWith("export")) {
                Matcher m = EXPORT.matcher(line);
                if (!m.lookingAt()) {
                    throw refusal(name, i, line, "an export of another form than export function|class|const NAME");
                }
                exports.add(m.group(1));
                body.append(line.substring("export ".length())).append('\n');
            } else {
                body.append(line).append('\n');
            }
        }
        return new Module(name, imports, exports, body.toString());
    }

    /** {@code a} → [a, a]; {@code a as b} → [a, b]: the exported name and the local one. */
    private static String[] importedName(String module, int line, String text, String item) {
        String[] parts = item.split("\\s+as\\s+");
        if (parts.length > 2) {
            throw refusal(module, line, text, "an imported name '" + item + "' that is not a plain name");
        }
        for (String p : parts) {
            if (!NAME.matcher(p).matches()) {
                throw refusal(module, line, text, "an imported name '" + item + "' that is not a plain name");
            }
        }
        return parts.length == 1 ? new String[] {parts[0], parts[0]} : new String[] {parts[0], parts[1]};
    }

    private static IllegalArgumentException refusal(String module, int line, String text, String what) {
        return new IllegalArgumentException(module + " line " + (line + 1) + " has " + what + ", which the one-page"
                + " bundle cannot carry: '" + text.strip() + "'");
    }

    /** {@code plane.js} → {@code atlasModule$plane}. */
    static String scope(String module) {
        return SCOPE_PREFIX + module.substring(0, module.length() - ".js".length()).replace('-', '_');
    }
}
