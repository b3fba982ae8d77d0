# The training run of a class-data sharing archive (decision 0155): typical commands of the studio, each in a JVM
# of its own that records the classes it loads. Sourced by packaging/cds/make-archive.sh (the build's archive of
# target/app) and by packaging/jpackage/make-archive.sh (the installed app's, which carries this file as
# lib/app/archive-training.sh). They define train (one studio command, recording its class list) and set WORK (a
# temporary folder), JAVA (a java that can run the bench's server) and CP (the studio's class path), then call
# training. Commands: --version, --help, init --from-sample, render, a prompt test with recorded answers, one with
# the offline echo model, one against a model on plain http, runs.
training() {
  WS="$WORK/ws"
  train --version
  train --help
  train init "$WS" --from-sample support-assistant
  train -w "$WS" render answer --example --format text
  train -w "$WS" test ci-smoke
  mkdir -p "$WS/experiments"
  cat > "$WS/experiments/train-echo.yaml" <<'YAML'
description: The class-data sharing archive's training run (packaging/cds/training.sh).
prompts: [answer]
models: [echo]
dataset: support-questions
concurrency: 4
assertions:
  - { type: contains, value: "the" }
YAML
  train -w "$WS" test train-echo --limit 20
  # The same against a model on plain http: the bench's OpenAI-compatible server
  # (org.promptstudio.app.BenchChatServer) in a JVM of its own, so that the HTTP client's classes are archived too.
  # It stops when its standard input ends (descriptor 3 closed below); a server that does not start leaves this
  # step out.
  if mkfifo "$WORK/server.in" 2>/dev/null; then
    "$JAVA" -Xmx128m -XX:+UseSerialGC -cp "$CP" org.promptstudio.app.BenchChatServer 5 8 "$WORK/server.port" \
      < "$WORK/server.in" > "$WORK/server.log" 2>&1 &
    exec 3> "$WORK/server.in"
    i=0
    while [ ! -s "$WORK/server.port" ] && [ "$i" -lt 300 ]; do sleep 0.1; i=$((i + 1)); done
    if [ -s "$WORK/server.port" ]; then
      cat >> "$WS/studio.yaml" <<YAML
  - id: train-http
    provider: openai-compatible
    model: train-http
    baseUrl: http://127.0.0.1:$(cat "$WORK/server.port")/v1
    options: { apiKeyEnv: STUDIO_CDS_TRAINING_KEY }
YAML
      cat > "$WS/experiments/train-http.yaml" <<'YAML'
description: The class-data sharing archive's training run against a local server (packaging/cds/training.sh).
prompts: [answer]
models: [train-http]
dataset: support-questions
concurrency: 4
assertions:
  - { type: contains, value: "the" }
YAML
      STUDIO_CDS_TRAINING_KEY=training train -w "$WS" test train-http --limit 20
    fi
    exec 3>&-
    wait
  fi
  train -w "$WS" runs
}
