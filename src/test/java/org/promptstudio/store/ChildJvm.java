package org.promptstudio.store;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A second JVM running a test-scope main class on the test class path, as another studio process would: its
 * standard output is read line by line, its standard error kept in a file for the failure message.
 */
final class ChildJvm implements AutoCloseable {

    private static final String EOF = "\u0000eof";

    private final Process process;
    private final Path errors;
    private final BlockingQueue<String> lines = new LinkedBlockingQueue<>();
    private final Thread reader;
    private final PrintWriter in;
    private boolean ended;

    private ChildJvm(Process process, Path errors) {
        this.process = process;
        this.errors = errors;
        this.in = new PrintWriter(process.getOutputStream(), true, StandardCharsets.UTF_8);
        this.reader = new Thread(() -> {
            try (BufferedReader out = new BufferedReader(
                    new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line = out.readLine(); line != null; line = out.readLine()) lines.add(line);
            } catch (IOException e) {
                // the process died mid-line: what was read so far stays in the queue
            } finally {
                lines.add(EOF);
            }
        }, "child-stdout");
        reader.setDaemon(true);
        reader.start();
    }

    static ChildJvm start(Class<?> main, Path errors, String... args) throws IOException {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m", "-cp", System.getProperty("java.class.path"), main.getName()));
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).redirectError(errors.toFile()).start();
        return new ChildJvm(p, errors);
    }

    /** The next line of output, failing the test when none comes within {@code seconds}. */
    String next(int seconds) throws InterruptedException {
        String line = ended ? null : lines.poll(seconds, TimeUnit.SECONDS);
        if (line == null || line.equals(EOF)) {
            ended = true;
            throw new AssertionError("the child printed nothing more (alive: " + process.isAlive() + "); stderr: "
                    + stderr());
        }
        return line;
    }

    /** The next line of output if one comes within {@code millis} ms, else null (the line is then still to come). */
    String poll(long millis) throws InterruptedException {
        if (ended) return null;
        String line = lines.poll(millis, TimeUnit.MILLISECONDS);
        if (line != null && line.equals(EOF)) {
            ended = true;
            return null;
        }
        return line;
    }

    /** Reads until a line starts with {@code prefix} and returns the rest of it. */
    String expect(String prefix, int seconds) throws InterruptedException {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (true) {
            long left = Math.max(1, TimeUnit.NANOSECONDS.toSeconds(end - System.nanoTime()));
            String line = next((int) left);
            if (line.startsWith(prefix)) return line.substring(prefix.length());
        }
    }

    void send(String line) {
        in.println(line);
    }

    /** SIGKILL: the process gets no chance to close anything. */
    void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(120, TimeUnit.SECONDS);
    }

    /** Every line printed before the process ended (waits for the end of its output). */
    List<String> rest() throws InterruptedException {
        List<String> out = new ArrayList<>();
        if (ended) return out;
        while (true) {
            String line = lines.poll(120, TimeUnit.SECONDS);
            if (line == null || line.equals(EOF)) break;
            out.add(line);
        }
        ended = true;
        return out;
    }

    int waitFor(int seconds) throws InterruptedException {
        if (!process.waitFor(seconds, TimeUnit.SECONDS)) throw new AssertionError("the child did not end");
        return process.exitValue();
    }

    String stderr() {
        try {
            String text = Files.readString(errors);
            return text.length() > 4000 ? text.substring(0, 4000) + "..." : text;
        } catch (IOException e) {
            return "(unreadable: " + e + ")";
        }
    }

    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) kill();
        reader.join(5000);
    }
}
