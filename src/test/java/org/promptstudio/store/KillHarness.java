package org.promptstudio.store;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.promptstudio.model.CallRecord;

/**
 * A stress tool, not a test (docs/decisions/0156): a child JVM ({@link StoreChild}'s {@code write}, with VARIANT)
 * records calls through {@link Database} and prints {@code id N} after each insert (or batch) has returned; it is
 * killed with SIGKILL once it has confirmed a random number of ids, after a random pause; the database is opened
 * again here and every id any child confirmed, in this and the earlier iterations, must be found. Many iterations on
 * one workspace, so that the file ages and H2 starts to reuse the space of freed chunks.
 *
 * <p>Run with the test class path: {@code java -cp target/test-classes:target/classes:DEPS
 * org.promptstudio.store.KillHarness ITERATIONS VARIANT DIR [SEED]}. VARIANT: {@code current} (the settings as
 * committed), {@code retention} ({@code RETENTION_TIME=1000} set on the open store), {@code compact} (sparse chunks
 * rewritten after commits, {@code MVStore.compact(Database.DENSE_FILL_RATE, 4 MB)} at most every 200 ms, then a commit and an fsync, as
 * tried in b4fe21e0), {@code both}. Prints one line per iteration and a summary; keeps a copy of the file as it was
 * after each kill that lost a write ({@code lost-N.mv.db}), for {@link #describe}.
 */
public final class KillHarness {

    private KillHarness() {
    }

    public static void main(String[] args) throws Exception {
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
            int killAfter = 1 + random.nextInt(400);
            int pauseMs = random.nextInt(150);
            try (ChildJvm child = ChildJvm.start(StoreChild.class, dir.resolve("child.err"), "write",
                    state.toString(), variant)) {
                // the kill waits for the condition, killAfter ids confirmed; a line that does not come within two
                // minutes (or the end of the output) means the child stopped
                boolean ended = false;
                while (mine.size() < killAfter) {
                    String line = child.poll(120_000);
                    if (line == null) {
                        ended = true;
                        break;
                    }
                    if (line.startsWith("id ")) mine.add(Long.parseLong(line.substring(3)));
                }
                // Not a wait for anything: a random pause (0-150 ms, from the seed) only varies the kill point, so
                // that the kill falls anywhere in a write and not only just after a line was read. Whatever it
                // falls on, every id printed before the kill must be found, so no outcome depends on its length.
                if (!ended) Thread.sleep(pauseMs);
                child.kill();
                for (String line : child.rest()) {
                    if (line.startsWith("id ")) mine.add(Long.parseLong(line.substring(3)));
                }
                if (ended && mine.isEmpty()) {
                    System.out.println("iteration " + i + ": the child printed nothing; stderr: " + child.stderr());
                    return;
                }
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
