package org.promptstudio.app;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.promptstudio.model.StudioException;
import org.promptstudio.provider.Credentials;
import org.promptstudio.provider.ProviderException;

/**
 * The user's provider keys, outside any workspace: which are set and where, and storing one in the owner-only
 * credentials file. Values are written, never shown.
 */
public final class UserCredentials {

    /** A variable and where it is set ({@code environment} or the file's path), or null when it is not. */
    public record Entry(String name, String source) {
    }

    private final Credentials credentials;

    public UserCredentials(Credentials credentials) {
        this.credentials = credentials;
    }

    public static UserCredentials standard() {
        return new UserCredentials(Credentials.fromEnvironment());
    }

    /** The user's credentials file, where {@link #store} writes (it may not exist yet). */
    public java.nio.file.Path file() {
        return credentials.file();
    }

    /** The known provider variables and those in the file, each with where it is set. */
    public List<Entry> list() {
        Set<String> names = new LinkedHashSet<>(Credentials.KNOWN_NAMES);
        names.addAll(credentials.storedNames());
        List<Entry> entries = new ArrayList<>();
        for (String name : names) entries.add(new Entry(name, credentials.source(name).orElse(null)));
        return entries;
    }

    /** Stores {@code name=value} in the credentials file (created {@code rw-------}); returns the file. */
    public java.nio.file.Path store(String name, String value) {
        try {
            credentials.store(name, value);
        } catch (IllegalArgumentException | java.io.UncheckedIOException | ProviderException e) {
            throw new StudioException(e.getMessage(), e);
        }
        return credentials.file();
    }
}
