package org.promptstudio.app;

import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.promptstudio.model.AtomicFile;
import org.promptstudio.model.StudioException;

/**
 * The sample workspaces bundled on the class path under {@code samples/NAME/}: from {@code target/classes} when
 * run from the build, from inside the jar when run from the launcher. The list is whatever folders are there, so
 * adding a sample needs no code.
 */
public final class SampleCatalog {

    static final String ROOT = "samples";

    private final ClassLoader loader;

    public SampleCatalog(ClassLoader loader) {
        this.loader = loader;
    }

    /** The samples this build carries. */
    public static SampleCatalog bundled() {
        return new SampleCatalog(SampleCatalog.class.getClassLoader());
    }

    /** The names of the samples, sorted. */
    public List<String> names() {
        TreeSet<String> names = new TreeSet<>();
        try {
            for (URL url : Collections.list(loader.getResources(ROOT))) {
                inFolder(url, ROOT, dir -> {
                    try (Stream<Path> entries = Files.list(dir)) {
                        entries.filter(Files::isDirectory)
                                .map(p -> p.getFileName().toString().replace("/", ""))
                                .forEach(names::add);
                    }
                });
            }
        } catch (IOException e) {
            throw new StudioException("cannot list the bundled samples: " + e.getMessage(), e);
        }
        return new ArrayList<>(names);
    }

    /** Copies sample {@code name} into the existing folder {@code target}; an unknown name is refused first. */
    public void copy(String name, Path target) {
        checkKnown(name);
        String resource = ROOT + "/" + name;
        URL url = loader.getResource(resource);
        try {
            inFolder(url, resource, dir -> copyTree(dir, target));
        } catch (IOException e) {
            throw new StudioException("cannot copy sample '" + name + "' to " + target + ": " + AtomicFile.reason(e), e);
        }
    }

    /** Refuses a name that is not one of {@link #names()}, listing those that are. */
    public void checkKnown(String name) {
        List<String> known = names();
        if (!known.contains(name)) {
            throw new StudioException("unknown sample '" + name + "' (known: "
                    + (known.isEmpty() ? "none in this build" : String.join(", ", known)) + ")");
        }
    }

    private static void copyTree(Path source, Path target) throws IOException {
        List<Path> all;
        try (Stream<Path> walk = Files.walk(source)) {
            all = walk.sorted().toList();
        }
        for (Path p : all) {
            // The relative path goes through a String: the source may be inside a jar, a different file system.
            Path to = target.resolve(source.relativize(p).toString());
            if (Files.isDirectory(p)) {
                Files.createDirectories(to);
            } else {
                Files.copy(p, to);
            }
        }
    }

    private interface FolderWork {
        void run(Path dir) throws IOException;
    }

    /** Runs {@code work} on the class-path folder {@code resource} found at {@code url}, a plain folder or a jar's. */
    private static void inFolder(URL url, String resource, FolderWork work) throws IOException {
        URI uri;
        try {
            uri = url.toURI();
        } catch (URISyntaxException e) {
            throw new IOException("bad class-path location " + url, e);
        }
        if ("file".equals(uri.getScheme())) {
            work.run(Path.of(uri));
        } else if ("jar".equals(uri.getScheme())) {
            String spec = uri.getRawSchemeSpecificPart();
            Path jar = Path.of(URI.create(spec.substring(0, spec.indexOf("!/"))));
            // A file system of our own, not the provider's shared one, so nobody else can close it under us.
            try (FileSystem fs = FileSystems.newFileSystem(jar)) {
                work.run(fs.getPath("/" + resource));
            }
        } else {
            throw new IOException("samples cannot be read from " + url);
        }
    }
}
