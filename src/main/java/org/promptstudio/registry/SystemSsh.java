package org.promptstudio.registry;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.eclipse.jgit.transport.CredentialsProvider;
import org.eclipse.jgit.transport.RemoteSession;
import org.eclipse.jgit.transport.SshSessionFactory;
import org.eclipse.jgit.transport.URIish;
import org.eclipse.jgit.util.FS;

/**
 * {@code ssh://} through the user's own {@code ssh} program (or {@code GIT_SSH}), as command-line git does: keys,
 * the SSH agent and {@code ~/.ssh/config} stay with ssh, and Prompt Studio never sees or stores a credential.
 * {@code ssh} runs in batch mode, so a missing key fails instead of waiting for a password nobody can type.
 */
final class SystemSsh extends SshSessionFactory {

    private final String program;

    SystemSsh(String program) {
        this.program = program;
    }

    /** {@code GIT_SSH} when set, else {@code ssh} from the PATH. */
    static SystemSsh fromEnvironment() {
        String configured = System.getenv("GIT_SSH");
        return new SystemSsh(configured == null || configured.isBlank() ? "ssh" : configured);
    }

    @Override
    public RemoteSession getSession(URIish uri, CredentialsProvider credentials, FS fs, int timeoutSeconds) {
        return new RemoteSession() {
            @Override
            public Process exec(String command, int timeout) throws IOException {
                return new ProcessBuilder(command(uri, command, timeoutSeconds)).start();
            }

            @Override
            public void disconnect() {
                // each exec is its own ssh process, ended by the connection that started it
            }
        };
    }

    List<String> command(URIish uri, String remoteCommand, int timeoutSeconds) {
        List<String> cmd = new ArrayList<>();
        cmd.add(program);
        Path file = Path.of(program).getFileName();
        if (file != null && file.toString().equals("ssh")) {
            cmd.add("-o");
            cmd.add("BatchMode=yes");
            if (timeoutSeconds > 0) {
                cmd.add("-o");
                cmd.add("ConnectTimeout=" + timeoutSeconds);
            }
        }
        if (uri.getPort() > 0) {
            cmd.add("-p");
            cmd.add(Integer.toString(uri.getPort()));
        }
        cmd.add(uri.getUser() == null ? uri.getHost() : uri.getUser() + "@" + uri.getHost());
        cmd.add(remoteCommand);
        return cmd;
    }

    @Override
    public String getType() {
        return "system-ssh";
    }
}
