package org.promptstudio.registry;

import java.nio.file.Path;
import java.util.List;

/** Chooses the registry a command means: a configured name, a URL or path, or the only one configured. */
public final class Registries {

    private Registries() {
    }

    /**
     * The registry {@code option} names ({@code --registry}), or the only configured one when it is null. A relative
     * path (in the config or the option) is taken from {@code base}, the workspace folder.
     *
     * @throws RegistryException for an unknown name (listing the known ones), or when none or several are configured
     *                           and none is named
     */
    public static RegistryRemote choose(List<RegistryRemote> known, String option, Path base) {
        String names = String.join(", ", known.stream().map(RegistryRemote::name).toList());
        if (option == null || option.isBlank()) {
            if (known.isEmpty()) {
                throw new RegistryException("no registry configured: add 'registries: [{name: team, url: ...}]' to"
                        + " studio.yaml, or give --registry URL");
            }
            if (known.size() > 1) {
                throw new RegistryException("several registries are configured (" + names
                        + "): choose one with --registry NAME");
            }
            return resolved(known.get(0), base);
        }
        String wanted = option.strip();
        for (RegistryRemote r : known) {
            if (r.name().equals(wanted)) return resolved(r, base);
        }
        if (RegistryRemote.looksLikeUrl(wanted)) return resolved(RegistryRemote.ofUrl(wanted), base);
        throw new RegistryException("unknown registry '" + wanted + "' (known: "
                + (known.isEmpty() ? "none in studio.yaml" : names) + "; or give a URL)");
    }

    private static RegistryRemote resolved(RegistryRemote r, Path base) {
        if (!RegistryRemote.isPlainPath(r.url()) || Path.of(r.url()).isAbsolute()) return r;
        String absolute = base.resolve(r.url()).toAbsolutePath().normalize().toString();
        return new RegistryRemote(r.name(), absolute, r.branch());
    }
}
