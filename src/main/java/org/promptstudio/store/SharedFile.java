package org.promptstudio.store;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HexFormat;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import org.h2.api.ErrorCode;
import org.h2.tools.Server;

/**
 * One database file shared by several studio processes (docs/decisions/0042): the process that holds the file (H2's
 * {@code FILE_LOCK=FS}, an operating-system lock the system drops when the process dies) serves it to the others
 * through an H2 TCP server on 127.0.0.1, and writes where in {@code studio.server} beside the file: the port and a
 * random key that is the database's name on that server (H2 refuses any other name), in a file only its owner may
 * read. Called only under the {@link StartLock}.
 */
final class SharedFile {

    /** Hosts of this process, per file: one TCP server however many {@link Database}s hold the file here. */
    private static final Map<Path, Host> HOSTS = new HashMap<>();
    private static final SecureRandom RANDOM = new SecureRandom();

    private SharedFile() {
    }

    /** How long a holder that stops serving waits for the other studios' open transactions to end, in ms. */
    static final long HAND_OVER_WAIT_MS = 10_000;

    /** The lock that keeps the holder of {@code file} from stopping in the middle of a guest's transaction. */
    static HandOverLock handOverLock(Path file) {
        return HandOverLock.of(file.resolveSibling(file.getFileName() + ".handover.lock"));
    }

    /** The address file of the database {@code file} (without H2's suffix). */
    static Path addressFile(Path file) {
        return file.resolveSibling(file.getFileName() + ".server");
    }

    /**
     * Starts serving {@code file}, which this process has just opened on {@code c}, to the other studios (or joins
     * this process's server for it), and writes its address file.
     */
    static Host host(Path file, Connection c) throws SQLException {
        synchronized (HOSTS) {
            Host existing = HOSTS.get(file);
            if (existing != null) {
                existing.users++;
                return existing;
            }
            String databaseName;
            try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("CALL DATABASE_PATH()")) {
                rs.next();
                databaseName = rs.getString(1);
            }
            byte[] bytes = new byte[16];
            RANDOM.nextBytes(bytes);
            String key = HexFormat.of().formatHex(bytes);
            Server server = Server.createTcpServer("-tcpPort", "0", "-tcpDaemon", "-key", key, databaseName).start();
            try {
                writeAddress(file, server.getPort(), key);
            } catch (IOException e) {
                server.stop();
                throw new SQLException("cannot write " + addressFile(file) + ": " + e.getMessage(), "08000",
                        ErrorCode.ERROR_OPENING_DATABASE_1, e);
            }
            Host host = new Host(file, server, key);
            HOSTS.put(file, host);
            return host;
        }
    }

    /** Whether a studio of this process holds {@code file} (without H2's suffix) and serves it now. */
    static boolean hosted(Path file) {
        synchronized (HOSTS) {
            return HOSTS.containsKey(file);
        }
    }

    /**
     * The URL that joins the studio serving {@code file}.
     *
     * @throws SQLException (H2's "already open" code, so the caller tries again) when no address was written yet
     */
    static String guestUrl(Path file) throws SQLException {
        Properties p = new Properties();
        try (var in = Files.newBufferedReader(addressFile(file), StandardCharsets.UTF_8)) {
            p.load(in);
        } catch (NoSuchFileException e) {
            throw new SQLException("the database is open in another program, which does not say where it serves it",
                    "90020", ErrorCode.DATABASE_ALREADY_OPEN_1, e);
        } catch (IOException e) {
            throw new SQLException("cannot read " + addressFile(file) + ": " + e.getMessage(), "90020",
                    ErrorCode.DATABASE_ALREADY_OPEN_1, e);
        }
        String port = p.getProperty("port", "");
        String key = p.getProperty("key", "");
        if (!port.matches("\\d{1,5}") || !key.matches("[0-9a-f]{32}")) {
            throw new SQLException(addressFile(file) + " is not a studio's address", "90020",
                    ErrorCode.DATABASE_ALREADY_OPEN_1);
        }
        return "jdbc:h2:tcp://127.0.0.1:" + port + "/" + key;
    }

    private static void writeAddress(Path file, int port, String key) throws IOException {
        Path target = addressFile(file);
        Path tmp = target.resolveSibling(target.getFileName() + ".tmp" + ProcessHandle.current().pid());
        Files.deleteIfExists(tmp);
        if (FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
            Files.createFile(tmp, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        } else {
            Files.createFile(tmp);
        }
        Files.writeString(tmp, "# the studio that holds the database serves it here\nport=" + port + "\nkey=" + key
                + "\n", StandardCharsets.UTF_8);
        Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    /**
     * Deletes the address file of {@code file} when it is the one this process wrote (holds {@code key}), so that no
     * studio reads a port that may soon belong to another program. A file that cannot be read or deleted is left.
     */
    private static void deleteAddress(Path file, String key) {
        Path target = addressFile(file);
        try {
            Properties p = new Properties();
            try (var in = Files.newBufferedReader(target, StandardCharsets.UTF_8)) {
                p.load(in);
            }
            if (key.equals(p.getProperty("key"))) Files.deleteIfExists(target);
        } catch (IOException e) {
            // gone already, or not ours to delete: a guest that reads it is refused and tries again
        }
    }

    /** This process serving a file; {@link #leave()} once per {@link #host} call. */
    static final class Host {
        private final Path file;
        private final Server server;
        private final String key;
        private int users = 1;

        private Host(Path file, Server server, String key) {
            this.file = file;
            this.server = server;
            this.key = key;
        }

        /**
         * One holder fewer; the last deletes the address file, waits until no other studio is in a transaction
         * ({@link HandOverLock}), then stops the server, which ends the other studios' connections to it. Called
         * under the start lock, so no studio reads the address in between.
         */
        /** Leaves the file; returns whether this was its last user in this process (the server is then stopped). */
        boolean leave() {
            synchronized (HOSTS) {
                if (--users > 0) return false;
                HOSTS.remove(file);
                deleteAddress(file, key);
            }
            // Outside HOSTS: the wait may last seconds, and another workspace of this process may be opening. The
            // start lock keeps this file's own openings out meanwhile.
            try (StartLock.Held alone = handOverLock(file).alone(HAND_OVER_WAIT_MS)) {
                server.stop();
            }
            return true;
        }
    }
}
