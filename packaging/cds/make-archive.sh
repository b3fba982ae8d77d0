#!/usr/bin/env sh
# Makes the class-data sharing archive of a built studio (decision 0155): APP/lib/studio.jsa, which bin/studio maps
# on every start. Run by `mvn package` on target/app; usage: make-archive.sh APP [JAVA]
#
# A training run of typical commands (packaging/cds/training.sh: --version, --help, init, render, prompt tests with
# recorded answers, the offline echo model and a local server on plain http, runs) records the classes each loads;
# the archive is made from their union with -Xshare:dump.
# (A dynamic archive, -XX:ArchiveClassesAtExit, holds what one process loaded: one command only.) The class path is
# spelled out as bin/studio spells it, jar by jar in the same order, because an archive only serves that class path.
# Nothing here fails the build: a JVM that cannot make the archive leaves none, and bin/studio starts without it.
set -u
APP_HOME=$(CDPATH= cd -- "$1" && pwd) || exit 0
JAVA=${2:-java}
# bin/studio starts $JAVA_HOME/bin/java: the same Java as the one that makes the archive.
JDK=$(CDPATH= cd -- "$(dirname -- "$(command -v "$JAVA")")/.." && pwd)
ARCHIVE="$APP_HOME/lib/studio.jsa"
rm -f "$ARCHIVE"
if [ "${STUDIO_CDS_SKIP:-false}" = true ]; then
  echo "class-data sharing archive: skipped (STUDIO_CDS_SKIP)"
  exit 0
fi
WORK=$(mktemp -d "${TMPDIR:-/tmp}/studio-cds.XXXXXX") || exit 0
trap 'rm -rf "$WORK"' EXIT
CP=""
for jar in "$APP_HOME"/lib/*.jar; do
  CP="$CP${CP:+:}$jar"
done
n=0
# One training command: the launcher without an archive, recording the classes the JVM loads.
train() {
  n=$((n + 1))
  STUDIO_CDS=off XDG_CACHE_HOME="$WORK/cache" JAVA_HOME="$JDK" STUDIO_JAVA_OPTS="-Xmx2g -XX:DumpLoadedClassList=$WORK/$n.classlist" \
    "$APP_HOME/bin/studio" "$@" > "$WORK/$n.out" 2>&1 < /dev/null
}
. "$(dirname -- "$0")/training.sh"
training
# JDK 17 crashes while archiving lambda proxy classes (decision 0065): the list keeps the classes and leaves their
# lambdas to be made at run time. Each class once, in the order first loaded.
cat "$WORK"/*.classlist 2>/dev/null | grep -v '^@lambda-proxy' | awk '!seen[$0]++' > "$WORK/classes"
if [ ! -s "$WORK/classes" ]; then
  echo "class-data sharing archive: not made (the training run recorded no classes; see $APP_HOME/bin/studio)"
  exit 0
fi
if "$JAVA" -Xshare:dump -XX:SharedClassListFile="$WORK/classes" -XX:SharedArchiveFile="$ARCHIVE.tmp" -cp "$CP" \
    > "$WORK/dump.log" 2>&1 && mv -f "$ARCHIVE.tmp" "$ARCHIVE"; then
  echo "class-data sharing archive: $(wc -l < "$WORK/classes" | tr -d ' ') classes in $ARCHIVE"
else
  rm -f "$ARCHIVE.tmp"
  echo "class-data sharing archive: not made ($("$JAVA" -version 2>&1 | head -n 1) cannot; the studio starts without it)"
  tail -n 3 "$WORK/dump.log"
fi
exit 0
