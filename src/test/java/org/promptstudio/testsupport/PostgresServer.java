package org.promptstudio.testsupport;

import java.io.File;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.UserPrincipal;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;

/**
 * A real PostgreSQL server for a test, made by {@code initdb} in a temporary folder and started by {@code pg_ctl} on
 * a free port of 127.0.0.1 (trust authentication, superuser {@value #USER}, database {@value #DATABASE}); stopped and
 * its folder deleted by {@link #close()}. {@link #start()} skips the test (a JUnit assumption, with the reason) where
 * PostgreSQL is not installed ({@code apt-get install postgresql}: {@code /usr/lib/postgresql/15/bin}), or where it
 * would run as root without a {@code postgres} user to run it as.
 */
public final class PostgresServer implements AutoCloseable {

    /** The superuser {@code initdb} makes; trust authentication, so no password. */
    public static final String USER = "studio";
    /** The database every new cluster has. */
    public static final String DATABASE = "postgres";

    private final Path data;
    private final List<String> asOwner;
    private final Path pgCtl;
    private final int port;
    private boolean started;

    private PostgresServer(Path data, List<String> asOwner, Path pgCtl, int port) {
        this.data = data;
        this.asOwner = asOwner;
        this.pgCtl = pgCtl;
        this.port = port;
    }

    /** Makes and starts a new server (about 2 s); skips the calling test when PostgreSQL cannot run here. */
    public static PostgresServer start() throws IOException, InterruptedException {
        Optional<Path> initdb = tool("initdb");
        Optional<Path> ctl = tool("pg_ctl");
        Assumptions.assumeTrue(initdb.isPresent() && ctl.isPresent(),
                "PostgreSQL is not installed (no initdb/pg_ctl on PATH or in /usr/lib/postgresql/*/bin):"
                        + " the PostgreSQL check is skipped");
        Path data = Files.createTempDirectory("studio-pg");
        List<String> asOwner = List.of();
        if ("root".equals(System.getProperty("user.name"))) {
            // PostgreSQL refuses to run as root; run it as its own system user.
            Optional<Path> runuser = tool("runuser");
            UserPrincipal postgres;
            try {
                postgres = data.getFileSystem().getUserPrincipalLookupService().lookupPrincipalByName("postgres");
            } catch (IOException e) {
                postgres = null;
            }
            if (runuser.isEmpty() || postgres == null) {
                Files.delete(data);
                Assumptions.abort("running as root without a 'postgres' user and runuser: the PostgreSQL check is"
                        + " skipped");
            }
            Files.setOwner(data, postgres);
            asOwner = List.of(runuser.get().toString(), "-u", "postgres", "--");
        }
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        PostgresServer server = new PostgresServer(data, asOwner, ctl.get(), port);
        try {
            Path cluster = data.resolve("cluster");
            server.run(initdb.get().toString(), "-D", cluster.toString(), "-A", "trust", "-U", USER, "-E", "UTF8",
                    "--no-sync");
            server.run(ctl.get().toString(), "-D", cluster.toString(), "-l", data.resolve("server.log").toString(),
                    "-w", "-o", "-p " + port + " -k " + data + " -c listen_addresses=127.0.0.1 -c fsync=off", "start");
            server.started = true;
        } catch (IOException | InterruptedException | RuntimeException | AssertionError e) {
            server.close();
            throw e;
        }
        return server;
    }

    /** The server's port on 127.0.0.1. */
    public int port() {
        return port;
    }

    /** The JDBC URL of {@code database} on this server, without user or password. */
    public String url(String database) {
        return "jdbc:postgresql://127.0.0.1:" + port + "/" + database;
    }

    /** The JDBC URL of the default database, naming the user ({@code ?user=studio}): what a studio.yaml may hold. */
    public String urlWithUser() {
        return url(DATABASE) + "?user=" + USER;
    }

    /** Creates database {@code name} (a plain identifier) on this server, owned by {@value #USER}. */
    public void createDatabase(String name) throws java.sql.SQLException {
        if (!name.matches("[a-z_][a-z0-9_]*")) throw new IllegalArgumentException("not a plain name: " + name);
        try (java.sql.Connection c = java.sql.DriverManager.getConnection(url(DATABASE), USER, "");
             java.sql.Statement st = c.createStatement()) {
            st.execute("CREATE DATABASE " + name);
        }
    }

    /** Stops the server and deletes its folder. Idempotent. */
    @Override
    public void close() throws IOException, InterruptedException {
        if (!Files.exists(data)) return;
        try {
            if (started) run(pgCtl.toString(), "-D", data.resolve("cluster").toString(), "-m", "fast", "stop");
            started = false;
        } finally {
            try (Stream<Path> files = Files.walk(data)) {
                files.sorted(Comparator.reverseOrder()).map(Path::toFile).forEach(File::delete);
            }
        }
    }

    private static Optional<Path> tool(String name) {
        List<Path> places = new ArrayList<>();
        for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            if (!dir.isEmpty()) places.add(Path.of(dir, name));
        }
        try (Stream<Path> versions = Files.list(Path.of("/usr/lib/postgresql"))) {
            versions.sorted(Comparator.reverseOrder()).forEach(v -> places.add(v.resolve("bin").resolve(name)));
        } catch (IOException e) {
            // no Debian PostgreSQL folder
        }
        return places.stream().filter(Files::isExecutable).findFirst();
    }

    private void run(String... command) throws IOException, InterruptedException {
        List<String> full = new ArrayList<>(asOwner);
        full.addAll(List.of(command));
        Path log = data.resolve("command.log");
        Process p = new ProcessBuilder(full).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError(String.join(" ", full) + ": no answer in 120 s");
        }
        if (p.exitValue() != 0) {
            throw new AssertionError(String.join(" ", full) + " failed: " + Files.readString(log));
        }
    }
}
