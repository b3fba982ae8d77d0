package org.promptstudio.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class RegistryRemoteTest {

    static final Path BASE = Path.of("/work/space");
    static final List<RegistryRemote> KNOWN = List.of(new RegistryRemote("team", "../registry.git"),
            new RegistryRemote("public", "https://git.example.org/prompts.git"));

    @Test
    void tokensAndPasswordsNeverShowInTheDisplayedUrl() {
        assertThat(RegistryRemote.displayUrl("https://ghp_secret123@git.example.org/p.git"))
                .isEqualTo("https://git.example.org/p.git");
        assertThat(RegistryRemote.displayUrl("https://ada:hunter2@git.example.org/p.git"))
                .isEqualTo("https://git.example.org/p.git");
        assertThat(RegistryRemote.displayUrl("ssh://git:pw@host.example/p.git")).isEqualTo("ssh://git@host.example/p.git");
        assertThat(RegistryRemote.displayUrl("ssh://git@host.example/p.git")).isEqualTo("ssh://git@host.example/p.git");
        assertThat(RegistryRemote.displayUrl("git@host.example:team/p.git")).isEqualTo("git@host.example:team/p.git");
        assertThat(RegistryRemote.displayUrl("/srv/git/p.git")).isEqualTo("/srv/git/p.git");
    }

    @Test
    void scrubRemovesTheCredentialsFromAnyMessage() {
        RegistryRemote r = new RegistryRemote("team", "https://ada:hunter2@git.example.org/p.git");

        assertThat(r.scrub("https://ada:hunter2@git.example.org/p.git: not authorized"))
                .isEqualTo("https://git.example.org/p.git: not authorized");
        assertThat(r.scrub("https://ada@git.example.org/p.git: not authorized; password hunter2 refused"))
                .isEqualTo("https://git.example.org/p.git: not authorized; password *** refused");
        assertThat(r.toString()).isEqualTo("team (https://git.example.org/p.git)").doesNotContain("hunter2");
    }

    @Test
    void aRegistryGivenByUrlIsKnownByItsUrlWithoutCredentials() {
        RegistryRemote r = Registries.choose(KNOWN, "https://tok@git.example.org/other.git", BASE);

        assertThat(r.name()).isEqualTo("https://git.example.org/other.git");
        assertThat(r.url()).isEqualTo("https://tok@git.example.org/other.git");
        assertThat(r.cacheFolderName()).matches("url-[0-9a-f]{12}");
    }

    @Test
    void aConfiguredNameIsItsOwnCacheFolder() {
        assertThat(new RegistryRemote("team", "/x").cacheFolderName()).isEqualTo("team");
        assertThat(new RegistryRemote("../escape", "/x").cacheFolderName()).startsWith("url-");
    }

    @Test
    void chooseFindsAConfiguredNameAndResolvesARelativePathFromTheWorkspace() {
        assertThat(Registries.choose(KNOWN, "team", BASE)).isEqualTo(new RegistryRemote("team", "/work/registry.git"));
        assertThat(Registries.choose(KNOWN, "public", BASE).url()).isEqualTo("https://git.example.org/prompts.git");
        assertThat(Registries.choose(List.of(), "../shared.git", BASE).url()).isEqualTo("/work/shared.git");
    }

    @Test
    void anUnknownNameListsTheKnownOnes() {
        assertThatThrownBy(() -> Registries.choose(KNOWN, "tema", BASE))
                .isInstanceOf(RegistryException.class)
                .hasMessage("unknown registry 'tema' (known: team, public; or give a URL)");
        assertThatThrownBy(() -> Registries.choose(List.of(), "tema", BASE))
                .hasMessage("unknown registry 'tema' (known: none in studio.yaml; or give a URL)");
    }

    @Test
    void withoutAnOptionTheOnlyRegistryIsChosenAndOtherwiseTheUserIsAsked() {
        assertThat(Registries.choose(KNOWN.subList(0, 1), null, BASE).name()).isEqualTo("team");
        assertThatThrownBy(() -> Registries.choose(KNOWN, null, BASE))
                .hasMessage("several registries are configured (team, public): choose one with --registry NAME");
        assertThatThrownBy(() -> Registries.choose(List.of(), null, BASE))
                .hasMessageStartingWith("no registry configured: add 'registries: [{name: team, url: ...}]' to studio.yaml");
    }
}
