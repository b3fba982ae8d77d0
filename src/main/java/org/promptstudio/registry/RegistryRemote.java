package org.promptstudio.registry;

import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;
import java.util.regex.Pattern;
import org.eclipse.jgit.transport.URIish;

/**
 * A registry: the name the workspace knows it by ({@code studio.yaml}, or the URL itself when given on the command
 * line) and the git remote behind it, a bare repository by path or a {@code file://}, {@code ssh://},
 * {@code https://} or {@code git://} URL, used exactly as given (credentials in it are never written anywhere).
 *
 * @param branch the branch to publish to, or null for the one the remote's HEAD names (decision 0015)
 */
public record RegistryRemote(String name, String url, String branch) {

    /** A registry on the branch its HEAD names. */
    public RegistryRemote(String name, String url) {
        this(name, url, null);
    }


    private static final Pattern SAFE_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");
    private static final Pattern SCHEME = Pattern.compile("^[A-Za-z][A-Za-z0-9+.-]*://.*");
    private static final Pattern SCP_LIKE = Pattern.compile("^([^@/:\\\\]+@)?[^@/:\\\\]{2,}:(?!//).*");

    public RegistryRemote {
        if (name == null || name.isBlank()) throw new RegistryException("a registry needs a name");
        if (url == null || url.isBlank()) throw new RegistryException("registry " + name + " needs a url");
        if (branch != null && branch.isBlank()) branch = null;
    }

    /** A registry given only by its URL or path: it is known by that URL, without credentials. */
    public static RegistryRemote ofUrl(String url) {
        return new RegistryRemote(displayUrl(url), url);
    }

    /** Whether {@code text} names a remote (a URL, an {@code user@host:path}, or a path) rather than a name. */
    public static boolean looksLikeUrl(String text) {
        return SCHEME.matcher(text).matches() || SCP_LIKE.matcher(text).matches() || text.contains("/")
                || text.contains("\\") || text.endsWith(".git");
    }

    /** Whether the url is a folder on this machine given as a path (not a URL): relative ones need a base. */
    static boolean isPlainPath(String url) {
        return !SCHEME.matcher(url).matches() && !SCP_LIKE.matcher(url).matches();
    }

    /** The URL without password or token, for messages, logs and commit messages. */
    public String displayUrl() {
        return displayUrl(url);
    }

    static String displayUrl(String url) {
        if (!SCHEME.matcher(url).matches()) return url;
        try {
            URIish uri = new URIish(url);
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            if (uri.getPass() == null && !(scheme.startsWith("http") && uri.getUser() != null)) return url;
            uri = uri.setPass(null);
            // Over HTTP the user part is often the token itself (https://TOKEN@host/...): leave it out too.
            if (scheme.startsWith("http")) uri = uri.setUser(null);
            return uri.toString();
        } catch (URISyntaxException e) {
            return "<registry url>";
        }
    }

    /** {@code text} with every spelling of this remote's credentials replaced, so JGit's messages can be shown. */
    public String scrub(String text) {
        if (text == null) return "";
        String display = displayUrl();
        String out = text.replace(url, display);
        try {
            URIish uri = new URIish(url);
            out = out.replace(uri.toPrivateString(), display).replace(uri.toString(), display);
            if (uri.getPass() != null && !uri.getPass().isEmpty()) out = out.replace(uri.getPass(), "***");
            if (uri.getUser() != null && uri.getScheme() != null && uri.getScheme().startsWith("http")) {
                out = out.replace(uri.getUser() + "@", "");
            }
        } catch (URISyntaxException e) {
            // nothing more to find
        }
        return out;
    }

    /** The folder name of this registry's cache clone: its name when that is a plain word, else a hash of the url. */
    public String cacheFolderName() {
        if (SAFE_NAME.matcher(name).matches() && !name.equals(".") && !name.equals("..") && !name.endsWith(".lock")) {
            return name;
        }
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(url.getBytes(StandardCharsets.UTF_8));
            return "url-" + HexFormat.of().formatHex(hash, 0, 6);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }

    @Override
    public String toString() {
        return name.equals(displayUrl()) ? name : name + " (" + displayUrl() + ")";
    }
}
