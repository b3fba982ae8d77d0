package org.promptstudio.store;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.promptstudio.model.CallRecord;
import org.promptstudio.model.CallTexts;
import org.promptstudio.model.RunKind;
import org.promptstudio.model.RunRecord;

/**
 * A stress tool, not a test (docs/decisions/0156): a child JVM records calls through {@link Database} and prints
 * {@code id N} after each insert (or batch) has returned; it is killed with SIGKILL at a random moment; the database is
 * opened again here and every id any child confirmed, in this and the earlier iterations, must be found. Many
 * iterations on one workspace, so that the file ages and H2 starts to reuse the space of freed chunks.
 *
 * <p>Run with the test class path: {@code java -cp target/test-classes:target/classes:DEPS
 * org.promptstudio.store.KillHarness ITERATIONS VARIANT DIR [SEED]}. VARIANT: {@code current} (the settings as
 * committed), {@code retention} ({@code RETENTION_TIME=1000} set on the open store), {@code compact} (sparse chunks
 * rewritten after commits, {@code MVStore.compact(80, 4 MB)} at most every 200 ms, then a commit and an fsync, as
 * tried in b4fe21e0), {@code both}. Prints one line per iteration and a summary; keeps a copy of the file as it was
 * after each kill that lost a write ({@code lost-N.mv.db}), for {@link #describe}.
 */
public final class KillHarness {

    private KillHarness() {
    }

    public static void main(String[] args) throws Exception {
        if (args[0].equals("child")) {
            child(Path.of(args[1]), args[2]);
            return;
        }
        if (args[0].equals("describe")) {
            describe(Path.of(args[1]));
            return;
        }
        int iterations = Integer.parseInt(args[0]);
        String variant = args[1];
        Path dir = Path.of(args[2]);
        long seed = args.length > 3 ? Long.parseLong(args[3]) : 16;
        Files.createDirectories(dir);
        Path state = dir.resolve(".studio");
        Random random = new Random(seed);
        Set<Long> confirmed = new LinkedHashSet<>();
        int losingIterations = 0;
        int lostIds = 0;
        long started = System.nanoTime();
        for (int i = 1; i <= iterations; i++) {
            List<Long> mine = new ArrayList<>();
            // kill after a random number of confirmed ids, then a random pause (0-150 ms) so that the kill falls
            // anywhere in a write, not only just after a line was printed
            int killAfter = 1 + random.nextInt(400);
            int pauseMs = random.nextInt(150);
            Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-Xmx256m", "-cp", System.getProperty("java.class.path"), KillHarness.class.getName(), "child",
                    state.toString(), variant).redirectError(dir.resolve("child.err").toFile()).start();
            BlockingQueue<String> lines = new LinkedBlockingQueue<>();
            Thread reader = new Thread(() -> {
                try (BufferedReader out = new BufferedReader(
                        new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
                    for (String line = out.readLine(); line != null; line = out.readLine()) lines.add(line);
                } catch (IOException e) {
                    // killed mid-line
                } finally {
                    lines.add("eof");
                }
            }, "harness-child-out");
            reader.setDaemon(true);
            reader.start();
            boolean ended = false;
            while (mine.size() < killAfter) {
                String line = lines.poll(120, TimeUnit.SECONDS);
                if (line == null || line.equals("eof")) {
                    ended = true;
                    break;
                }
                if (line.startsWith("id ")) mine.add(Long.parseLong(line.substring(3)));
            }
            if (!ended) Thread.sleep(pauseMs);
            p.destroyForcibly();
            p.waitFor(120, TimeUnit.SECONDS);
            reader.join(10_000);
            for (String line : lines) {
                if (line.startsWith("id ")) mine.add(Long.parseLong(line.substring(3)));
            }
            if (ended && mine.isEmpty()) {
                System.out.println("iteration " + i + ": the child printed nothing; stderr: "
                        + Files.readString(dir.resolve("child.err")));
                return;
            }
            confirmed.addAll(mine);
            Path data = state.resolve(Database.RELATIVE_PATH + ".mv.db");
            Path copy = dir.resolve("last-kill.mv.db");
            Files.copy(data, copy, StandardCopyOption.REPLACE_EXISTING);
            List<Long> missing = new ArrayList<>();
            try (Database db = Database.open(state)) {
                for (long id : confirmed) {
                    CallRecord call = db.calls().find(id).orElse(null);
                    if (call == null || call.texts() == null) missing.add(id);
                }
            }
            if (!missing.isEmpty()) {
                losingIterations++;
                lostIds += missing.size();
                Files.move(copy, dir.resolve("lost-" + i + ".mv.db"), StandardCopyOption.REPLACE_EXISTING);
                // forget them, so that the next iterations count only their own losses
                confirmed.removeAll(missing);
            }
            System.out.printf("iteration %d: %d confirmed by this child (killed after %d + %d ms), %d checked, "
                    + "missing %s, file %.1f MB%n", i, mine.size(), killAfter, pauseMs, confirmed.size()
                    + missing.size(), missing, Files.size(data) / 1e6);
            System.out.flush();
        }
        System.out.printf("SUMMARY variant=%s iterations=%d losing-iterations=%d lost-ids=%d seconds=%d%n", variant,
                iterations, losingIterations, lostIds, (System.nanoTime() - started) / 1_000_000_000L);
    }

    /** The child: opens the database with {@code variant}'s settings and records calls until killed (or 2 minutes). */
    private static void child(Path state, String variant) throws Exception {
        Database db = Database.open(state);
        org.h2.mvstore.MVStore store = store(db);
        boolean retention = variant.equals("retention") || variant.equals("both");
        boolean compact = variant.equals("compact") || variant.equals("both");
        if (retention) store.setRetentionTime(1000);
        long run = db.runs().insert(RunRecord.started(RunKind.EXPERIMENT, "harness", null, null)).id();
        Random random = new Random();
        long end = System.nanoTime() + 120_000_000_000L;
        long lastCompact = System.nanoTime();
        for (int i = 0; System.nanoTime() < end; i++) {
            String text = "x".repeat(200 + random.nextInt(3000));
            if (i % 10 == 9) {
                List<CallRecord> batch = new ArrayList<>();
                for (int j = 0; j < 5; j++) batch.add(call(run, i, text));
                for (long id : db.calls().insertBatch(batch)) System.out.println("id " + id);
            } else {
                System.out.println("id " + db.calls().insert(call(run, i, text)));
            }
            System.out.flush();
            if (compact && System.nanoTime() - lastCompact > 200_000_000L) {
                lastCompact = System.nanoTime();
                if (store.compact(80, 4 << 20)) store.commit();
                store.getFileStore().sync();
            }
        }
        db.close();
    }

    /** The H2 store under {@code db}'s own (holder's) connection. */
    static org.h2.mvstore.MVStore store(Database db) throws Exception {
        try (Connection c = db.pool().getConnection()) {
            org.h2.engine.SessionLocal local = (org.h2.engine.SessionLocal) c.unwrap(org.h2.jdbc.JdbcConnection.class)
                    .getSession();
            return local.getDatabase().getStore().getMvStore();
        }
    }

    private static CallRecord call(Long run, int i, String text) {
        return CallRecord.builder().runId(run).prompt("prompts/answer.prompt", "abc1234").model("builtin", "echo")
                .tokens(100, 20).latencyMs(5L).createdAt(Instant.now()).caseId("case-" + i)
                .texts(new CallTexts("[{\"role\":\"user\",\"content\":[{\"text\":\"" + text + "\"}]}]", text, null,
                        null))
                .build();
    }

    /**
     * Prints what recovery after a kill sees in {@code file} (an H2 {@code .mv.db}): the store header's chunk, the
     * chain of {@code next} predictions from it, the chunk at the end of the file, and every chunk newer than the
     * header's with its place, so that a chunk recovery cannot reach shows.
     */
    static void describe(Path file) throws IOException {
        byte[] all = Files.readAllBytes(file);
        int block = 4096;
        String header = new String(all, 0, Math.min(block, all.length), StandardCharsets.ISO_8859_1);
        header = header.substring(0, Math.max(0, header.indexOf('\n')));
        System.out.println("header: " + header);
        java.util.Map<Long, java.util.Map<String, String>> chunks = new java.util.TreeMap<>();
        for (long b = 2; b * block < all.length; b++) {
            int at = (int) (b * block);
            if (all[at] == 'c' && new String(all, at, 6, StandardCharsets.ISO_8859_1).equals("chunk:")) {
                int nl = at;
                while (nl < all.length && nl < at + 1024 && all[nl] != '\n' && all[nl] != ' ') nl++;
                java.util.Map<String, String> m = new java.util.LinkedHashMap<>();
                for (String kv : new String(all, at, nl - at, StandardCharsets.ISO_8859_1).split(",")) {
                    int c = kv.indexOf(':');
                    if (c > 0) m.put(kv.substring(0, c), kv.substring(c + 1));
                }
                chunks.put(b, m);
            }
        }
        java.util.Map<String, String> h = new java.util.HashMap<>();
        for (String kv : header.split(",")) {
            int c = kv.indexOf(':');
            if (c > 0) h.put(kv.substring(0, c), kv.substring(c + 1));
        }
        long headerChunk = Long.parseLong(h.getOrDefault("chunk", "0"), 16);
        System.out.println("file blocks: " + all.length / block + ", chunk headers found: " + chunks.size());
        for (var e : chunks.entrySet()) {
            long id = Long.parseLong(e.getValue().getOrDefault("chunk", "0"), 16);
            if (id >= headerChunk - 2) {
                System.out.println("  at block " + Long.toHexString(e.getKey()) + ": " + e.getValue());
            }
        }
    }
}
