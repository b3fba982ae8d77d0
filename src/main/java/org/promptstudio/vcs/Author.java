package org.promptstudio.vcs;

/** Who a commit is by, when git itself has no {@code user.name} / {@code user.email} (from the studio settings). */
public record Author(String name, String email) {

    public Author {
        if (name == null || name.isBlank() || email == null || email.isBlank()) {
            throw new IllegalArgumentException("an author needs a name and an email");
        }
    }
}
