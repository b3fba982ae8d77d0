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

    private ReadOnlyFolder(Path dir) throws IOException {
        this.dir = dir;
        this.before = Files.getPosixFilePermissions(dir);
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("r-xr-xr-x"));
        if (Files.isWritable(dir)) {
            immutable = run("chattr", "+i", dir.toString());
        }
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
        if (immutable) run("chattr", "-i", dir.toString());
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
