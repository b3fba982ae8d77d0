package org.promptstudio.registry;

/** Who a commit is by: git's {@code user.name} and {@code user.email}. */
public record GitIdentity(String name, String email) {

    /** Who commits when git has no {@code user.name} / {@code user.email}: Prompt Studio itself. */
    public static final GitIdentity STUDIO = new GitIdentity("Prompt Studio", "studio@localhost");

    @Override
    public String toString() {
        return name + " <" + email + ">";
    }
}
