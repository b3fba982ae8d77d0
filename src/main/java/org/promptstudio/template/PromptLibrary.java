package org.promptstudio.template;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The prompts folder of a workspace: lists prompts and their variants, loads and renders them, and serves
 * partials from {@code _name.prompt} files beside them.
 */
public final class PromptLibrary {

    public static final String EXTENSION = ".prompt";

    private final Path dir;
    private final String displayDir;
    private final PromptRenderer renderer;

    public PromptLibrary(Path promptsDir) {
        this.dir = promptsDir;
        this.displayDir = promptsDir.getFileName() == null ? "" : promptsDir.getFileName().toString();
        this.renderer = new PromptRenderer(new PartialResolver() {
            @Override
            public String resolve(String name) {
                return partialSource(name);
            }

            @Override
            public String sourceName(String name) {
                return partialPath(name);
            }
        }, null);
    }

    public Path directory() {
        return dir;
    }

    /** Every prompt and variant (partials left out), sorted by id. */
    public List<PromptRef> list() {
        if (!Files.isDirectory(dir)) return List.of();
        List<PromptRef> out = new ArrayList<>();
        try (Stream<Path> files = Files.list(dir)) {
            files.filter(p -> p.getFileName().toString().endsWith(EXTENSION))
                    .filter(p -> !p.getFileName().toString().startsWith("_"))
                    .filter(Files::isRegularFile)
                    .forEach(p -> out.add(ref(p)));
        } catch (IOException e) {
            throw new TemplateException(displayDir, 0, 0, "cannot list prompts: " + e.getMessage(), e);
        }
        out.sort(Comparator.comparing(PromptRef::id));
        return out;
    }

    /** Partials ({@code _name.prompt}), by name. */
    public List<String> partials() {
        if (!Files.isDirectory(dir)) return List.of();
        try (Stream<Path> files = Files.list(dir)) {
            return files.map(p -> p.getFileName().toString())
                    .filter(n -> n.startsWith("_") && n.endsWith(EXTENSION))
                    .map(n -> n.substring(1, n.length() - EXTENSION.length()))
                    .sorted().toList();
        } catch (IOException e) {
            throw new TemplateException(displayDir, 0, 0, "cannot list partials: " + e.getMessage(), e);
        }
    }

    /**
     * Finds a prompt by id ({@code answer}, {@code answer.formal}), by file name ({@code answer.prompt}) or by a
     * path such as {@code prompts/answer.prompt}.
     */
    public Optional<PromptRef> find(String idOrPath) {
        String id = idOrPath.replace('\\', '/');
        int slash = id.lastIndexOf('/');
        if (slash >= 0) id = id.substring(slash + 1);
        if (id.endsWith(EXTENSION)) id = id.substring(0, id.length() - EXTENSION.length());
        Path file = dir.resolve(id + EXTENSION);
        if (id.isEmpty() || id.startsWith("_") || !Files.isRegularFile(file)) return Optional.empty();
        return Optional.of(ref(file));
    }

    public PromptRef require(String idOrPath) {
        return find(idOrPath).orElseThrow(() -> new TemplateException(idOrPath, 0, 0,
                "no such prompt (expected a file " + displayDir + "/" + idOrPath.replaceAll("\\.prompt$", "")
                        + EXTENSION + "; known: " + String.join(", ", list().stream().map(PromptRef::id).toList()) + ")"));
    }

    public ParsedPrompt parse(PromptRef ref) {
        return PromptParser.parse(readText(ref.file(), ref.relativePath()), ref.relativePath());
    }

    /** Parses a prompt whose text is given (e.g. an unsaved editor buffer or an old version). */
    public ParsedPrompt parse(String source, String sourceName) {
        return PromptParser.parse(source, sourceName);
    }

    /**
     * A partial's text ({@code _rules.prompt}, e.g. an unsaved editor buffer) as a prompt of its own: all of it is
     * body, as it is when included; a file left mid-merge is refused at its first conflict marker.
     */
    public ParsedPrompt parsePartial(String source, String sourceName) {
        PromptParser.refuseConflict(source, sourceName);
        return new ParsedPrompt(sourceName, PromptMetadata.empty(), source, 1);
    }

    public RenderedPrompt render(PromptRef ref, RenderData data, Map<String, Object> options) {
        return renderer.render(parse(ref), data, options);
    }

    public RenderedPrompt render(ParsedPrompt prompt, RenderData data, Map<String, Object> options) {
        return renderer.render(prompt, data, options);
    }

    public PromptRenderer renderer() {
        return renderer;
    }

    /**
     * The partial files a prompt includes, directly or through other partials, that exist, as paths like
     * {@code prompts/_rules.prompt}, sorted.
     */
    public List<String> partialFiles(ParsedPrompt prompt) {
        java.util.Set<String> seen = new java.util.TreeSet<>();
        java.util.Deque<String> todo = new java.util.ArrayDeque<>(TemplateChecker.partialNames(prompt.template()));
        while (!todo.isEmpty()) {
            String name = todo.pop();
            if (!seen.add(name)) continue;
            String text = partialSource(name);
            if (text != null) todo.addAll(TemplateChecker.partialNames(text));
        }
        List<String> out = new ArrayList<>();
        for (String name : seen) {
            if (Files.isRegularFile(dir.resolve("_" + name + EXTENSION))) out.add(partialPath(name));
        }
        return out;
    }

    /**
     * Compiles a prompt and every partial it uses, so a broken template is reported (file:line:column) before it
     * is saved rather than when it is first rendered.
     */
    public void check(ParsedPrompt prompt) {
        renderer.compile(prompt);
        for (String path : partialFiles(prompt)) {
            String name = path.substring(path.lastIndexOf('/') + 2, path.length() - EXTENSION.length());
            String text = partialSource(name);
            if (text == null) continue;
            PromptParser.refuseConflict(text, path);
            renderer.compile(new ParsedPrompt(path, PromptMetadata.empty(), text, 1));
        }
    }

    private String partialPath(String name) {
        return (displayDir.isEmpty() ? "" : displayDir + "/") + "_" + name + EXTENSION;
    }

    private PromptRef ref(Path file) {
        String base = file.getFileName().toString();
        base = base.substring(0, base.length() - EXTENSION.length());
        int dot = base.indexOf('.');
        String name = dot < 0 ? base : base.substring(0, dot);
        String variant = dot < 0 ? null : base.substring(dot + 1);
        String rel = displayDir.isEmpty() ? file.getFileName().toString() : displayDir + "/" + file.getFileName();
        return new PromptRef(name, variant, file, rel);
    }

    private String partialSource(String name) {
        Path file = dir.resolve("_" + name + EXTENSION);
        if (!Files.isRegularFile(file)) return null;
        return readText(file, partialPath(name));
    }

    /** Reads a UTF-8 text file; a binary or badly encoded file is refused with its name. */
    public static String readText(Path file, String displayName) {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw new TemplateException(displayName, 0, 0, "file not found");
        } catch (IOException e) {
            throw new TemplateException(displayName, 0, 0, "cannot read: " + e.getMessage(), e);
        }
        try {
            return org.promptstudio.model.TextFile.decode(bytes, displayName);
        } catch (org.promptstudio.model.TextFile.NotText e) {
            throw new TemplateException(displayName, e.line(), e.column(), e.reason(), e);
        }
    }
}
