package org.promptstudio.testsupport;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * Makes a folder unwritable for as long as it is open. Permissions are enough for a normal user; root ignores
 * them, so there the folder is made immutable with {@code chattr +i}. Where neither works the test is skipped.
 */
public final class ReadOnlyFolder implements AutoCloseable {

    private final Path dir;
    private final Set<PosixFilePermission> before;
    private boolean immutable;
    private boolean tree;

    private ReadOnlyFolder(Path dir) throws IOException {
        this.dir = dir;
        this.before = Files.getPosixFilePermissions(dir);
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("r-xr-xr-x"));
        if (Files.isWritable(dir)) {
            immutable = run("chattr", "+i", dir.toString());
        }
    }

    /**
     * Makes {@code dir} and everything in it unwritable, as a read-only mount or another user's checkout is: no file
     * can be created, changed, renamed or removed anywhere in it, by this user or by root ({@code chmod -R a-w}, and
     * {@code chattr -R +i} where permissions do not stop the user). Skips the test where neither works.
     */
    public static ReadOnlyFolder makeTree(Path dir) throws IOException {
        ReadOnlyFolder folder = new ReadOnlyFolder(dir);
        folder.tree = true;
        run("chmod", "-R", "a-w", dir.toString());
        if (Files.isWritable(dir) || folder.immutable) {
            folder.immutable = run("chattr", "-R", "+i", dir.toString());
        }
        Path probe = dir.resolve(".write-probe");
        boolean wrote;
        try {
            Files.createFile(probe);
            Files.delete(probe);
            wrote = true;
        } catch (IOException e) {
            wrote = false;
        }
        if (wrote || Files.isWritable(dir)) {
            folder.close();
            Assumptions.abort("cannot make " + dir + " unwritable here (root without chattr)");
        }
        return folder;
    }

    public static ReadOnlyFolder make(Path dir) throws IOException {
        ReadOnlyFolder folder = new ReadOnlyFolder(dir);
        if (Files.isWritable(dir)) {
            folder.close();
            Assumptions.abort("cannot make " + dir + " unwritable here (root without chattr)");
        }
        return folder;
    }

    @Override
    public void close() throws IOException {
        if (tree) {
            run("chattr", "-R", "-i", dir.toString());
            run("chmod", "-R", "u+w", dir.toString());
        } else if (immutable) {
            run("chattr", "-i", dir.toString());
        }
        Files.setPosixFilePermissions(dir, before);
    }

    private static boolean run(String... command) {
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
            p.getInputStream().readAllBytes();
            return p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
