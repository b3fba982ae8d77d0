package org.promptstudio.vcs;

import java.nio.file.Path;
import org.eclipse.jgit.util.FS;

/**
 * The home folder JGit reads the user's git configuration from ({@code ~/.gitconfig}, and
 * {@code ~/.config/git/config} when {@code XDG_CONFIG_HOME} is not set), and so the author of every commit the studio
 * makes. JGit takes it from Java's {@code user.home}, which the JVM reads from the password database, not from
 * {@code $HOME}; the studio decides its user folders in one place ({@code model.UserFolders}, decision 0066), and
 * start-up hands that home here so {@code HOME=/tmp/x studio save} commits as {@code /tmp/x/.gitconfig} says, like
 * the {@code git} command. JGit's {@link FS#setUserHome(java.io.File)} sets it on {@link FS#DETECTED}, the file system
 * every repository and JGit's user configuration ({@code SystemReader.openUserConfig}) use.
 */
public final class GitHome {

    private GitHome() {
    }

    /**
     * Makes JGit read the user's git configuration under {@code home} from now on. Call it at start-up, before the
     * first repository is opened: JGit keeps the user configuration it has read.
     *
     * @param home the user's home folder (absolute)
     * @throws IllegalArgumentException when {@code home} is not absolute
     */
    public static void use(Path home) {
        if (!home.isAbsolute()) throw new IllegalArgumentException("the home folder must be absolute, not " + home);
        FS.DETECTED.setUserHome(home.toFile());
    }

    /** The home folder JGit reads the user's git configuration from now. */
    public static Path current() {
        return FS.DETECTED.userHome().toPath();
    }
}
