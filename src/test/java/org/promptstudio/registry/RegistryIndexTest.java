package org.promptstudio.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RegistryIndexTest {

    static PublishedVersion version(String name, int n) {
        return new PublishedVersion(name, n, "abc", List.of(), null, null, null, "Ada <ada@x>",
                Instant.parse("2026-11-20T09:30:00Z"), "sha256:" + "0".repeat(64),
                List.of("prompts/" + name + "/" + n + "/" + name + ".prompt"));
    }

    @Test
    void theIndexIsStablePrettyJsonSortedByNameAndVersion() {
        RegistryIndex index = RegistryIndex.empty().with(version("zeta", 2)).with(version("alpha", 1))
                .with(version("zeta", 1));

        String json = new String(index.toJson(), StandardCharsets.UTF_8);

        assertThat(json).startsWith("{\n  \"formatVersion\": 1,\n  \"prompts\": {\n    \"alpha\": {\n").endsWith("}\n");
        assertThat(json.indexOf("\"alpha\"")).isLessThan(json.indexOf("\"zeta\""));
        assertThat(json).contains("\"labels\": [],");
        assertThat(index.versions()).extracting(PublishedVersion::id).containsExactly("alpha@1", "zeta@1", "zeta@2");
        assertThat(RegistryIndex.parse(index.toJson(), "index.json").toJson()).isEqualTo(index.toJson());
    }

    @Test
    void anIndexReadBackGivesTheSameEntries() {
        PublishedVersion v = new PublishedVersion("answer", 3, "abc", List.of("prod", "beta"), "Answers", "gpt",
                Map.of("type", "object"), "Ada <ada@x>", Instant.parse("2026-11-20T09:30:00Z"),
                "sha256:" + "1".repeat(64), List.of("prompts/answer/3/answer.prompt", "prompts/answer/3/_r.prompt"));

        RegistryIndex read = RegistryIndex.parse(RegistryIndex.empty().with(v).toJson(), "index.json");

        assertThat(read.find("answer", 3)).contains(v);
    }

    @Test
    void fieldsThisVersionDoesNotKnowAreKeptWhenAnEntryIsAdded() {
        String newer = """
                {"formatVersion": 1, "publisher": "acme",
                 "prompts": {"answer": {"owner": "support", "versions": [
                   {"name": "answer", "version": 1, "checksum": "sha256:00", "files": [], "signature": "xyz"}]}}}
                """;

        String json = new String(RegistryIndex.parse(newer.getBytes(StandardCharsets.UTF_8), "index.json")
                .with(version("answer", 2)).toJson(), StandardCharsets.UTF_8);

        assertThat(json).contains("\"publisher\": \"acme\"", "\"owner\": \"support\"", "\"signature\": \"xyz\"");
    }

    @Test
    void brokenOrForeignIndexesAreRefusedWithTheirPlace() {
        assertThatThrownBy(() -> RegistryIndex.parse("{\"formatVersion\": 1,\n  \"prompts\": [}".getBytes(), "r: index.json"))
                .hasMessageStartingWith("r: index.json:2:").hasMessageContaining("not valid JSON");
        assertThatThrownBy(() -> RegistryIndex.parse("{\"prompts\": {}}".getBytes(), "r: index.json"))
                .hasMessage("r: index.json: no 'formatVersion'; not a Prompt Studio registry index");
        assertThatThrownBy(() -> RegistryIndex.parse(
                "{\"formatVersion\": 1, \"prompts\": {\"a\": {\"versions\": [{\"version\": 0}]}}}".getBytes(), "i"))
                .hasMessage("i: prompts.a.versions[0]: 'version' must be a number from 1");
    }

    @Test
    void theChecksumDependsOnEveryFileButNotOnTheOrderPartialsAreGivenIn() {
        String one = Checksums.of("a.prompt", "text", Map.of("x", "1", "y", "2"));

        assertThat(Checksums.of("a.prompt", "text", new java.util.TreeMap<>(Map.of("y", "2", "x", "1")))).isEqualTo(one);
        assertThat(Checksums.of("a.prompt", "text", Map.of("x", "1", "y", "3"))).isNotEqualTo(one);
        assertThat(Checksums.of("a.prompt", "text", Map.of("x", "1"))).isNotEqualTo(one);
        assertThat(Checksums.of("a.prompt", "text!", Map.of("x", "1", "y", "2"))).isNotEqualTo(one);
        // Moving bytes from one file to the next changes the checksum: lengths are part of it.
        assertThat(Checksums.of("a.prompt", "ab", Map.of("x", "c")))
                .isNotEqualTo(Checksums.of("a.prompt", "a", Map.of("x", "bc")));
        assertThat(Checksums.of("a.prompt", "", Map.of())).isEqualTo(
                "sha256:" + sha256("a.prompt\u00000\u0000"));
    }

    private static String sha256(String s) {
        try {
            return java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256")
                    .digest(s.getBytes(StandardCharsets.UTF_8)));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new AssertionError(e);
        }
    }
}
