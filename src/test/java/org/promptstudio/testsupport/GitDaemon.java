package org.promptstudio.testsupport;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A real {@code git daemon} on 127.0.0.1 serving the bare repositories under one folder over {@code git://}, with
 * pushes allowed. Started by a test and stopped by it.
 */
public final class GitDaemon implements AutoCloseable {

    private final Process process;
    private final int port;
    private final Path log;

    private GitDaemon(Process process, int port, Path log) {
        this.process = process;
        this.port = port;
        this.log = log;
    }

    /** Whether this machine's git has the daemon (Debian's git package does; some minimal builds do not). */
    public static boolean available() {
        try {
            Process p = new ProcessBuilder("git", "--exec-path").redirectErrorStream(true).start();
            String dir = new String(p.getInputStream().readAllBytes()).strip();
            return p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0 && Files.isExecutable(Path.of(dir, "git-daemon"));
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** Starts a daemon serving {@code base} on a free port and waits until it accepts connections. */
    public static GitDaemon start(Path base) throws IOException, InterruptedException {
        IOException last = null;
        for (int tries = 0; tries < 5; tries++) {
            int port = freePort();
            Path log = Files.createTempFile("git-daemon", ".log");
            Process process = new ProcessBuilder(List.of("git", "daemon", "--reuseaddr", "--base-path=" + base,
                    "--export-all", "--enable=receive-pack", "--informative-errors", "--listen=127.0.0.1",
                    "--port=" + port, base.toString()))
                    .redirectErrorStream(true).redirectOutput(log.toFile()).start();
            process.getOutputStream().close();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
            while (System.nanoTime() < deadline && process.isAlive()) {
                try (Socket s = new Socket()) {
                    s.connect(new InetSocketAddress("127.0.0.1", port), 200);
                    return new GitDaemon(process, port, log);
                } catch (IOException e) {
                    last = e;
                    Thread.sleep(50);
                }
            }
            process.destroy();
            process.waitFor(10, TimeUnit.SECONDS);
            last = new IOException("git daemon did not accept connections on port " + port + ": "
                    + Files.readString(log), last);
        }
        throw last;
    }

    /** {@code git://127.0.0.1:PORT/relative/path}. */
    public String url(String relativePath) {
        return "git://127.0.0.1:" + port + "/" + relativePath;
    }

    public String log() throws IOException {
        return Files.readString(log);
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            process.waitFor(10, TimeUnit.SECONDS);
        }
        try {
            Files.deleteIfExists(log);
        } catch (IOException e) {
            // a temporary file left behind
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }
}
