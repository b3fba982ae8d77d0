#!/bin/sh
# Makes the class-data sharing archive of the installed app (issue 16 part 2, decision 0154): APP/lib/app/studio.jsa,
# and adds it to the settings of both launchers (lib/app/*.cfg), so that every start maps the studio's classes from
# it. The image carries this script as lib/app/make-archive.sh; the .deb's postinst runs it on /opt/prompt-studio.
#   make-archive.sh APP            make (or make again) the archive
#   make-archive.sh --remove APP   take the archive and its settings lines away again (the .deb's prerm)
#
# With Java 17 an archive serves only the class path it was dumped with, each jar at the same place, and one that
# does not fit turns all sharing off: so it is made here, where the app is installed, with the app's own runtime
# (lib/runtime/bin/java) and the class path, options and main class the launchers' .cfg give. As the build's
# packaging/cds/make-archive.sh: the same training run of typical commands (lib/app/archive-training.sh, a copy of
# packaging/cds/training.sh) records the classes each loads, and the archive is made from their union with
# -Xshare:dump. The training's home, cache and config folders are a temporary folder.
# Only when the launcher is seen to load org.promptstudio.Main from the archive are the settings lines kept.
# Never fails: anything that goes wrong leaves no archive and the .cfg files as jpackage made them, and one line says
# so. Prints one line.
set -u
MARK="Prompt Studio: class-data sharing archive"
REMOVE=false
if [ "${1:-}" = --remove ]; then
  REMOVE=true
  shift
fi
if [ $# -ne 1 ]; then
  echo "usage: make-archive.sh [--remove] APP (the app folder, e.g. /opt/prompt-studio)" >&2
  exit 0
fi
# The launcher finds its folder from its own real path, so $APPDIR has no links in it: neither may the class path.
APP=$(CDPATH= cd -- "$1" 2>/dev/null && pwd -P) || { echo "$MARK: not made (no folder $1)"; exit 0; }
APPDIR="$APP/lib/app"
ARCHIVE="$APPDIR/studio.jsa"
JAVA="$APP/lib/runtime/bin/java"

# The settings lines, as the .cfg holds them ($APPDIR is the launcher's own variable). One option a line.
OPTIONS='java-options=-XX:SharedArchiveFile=$APPDIR/studio.jsa
java-options=-Xshare:auto
java-options=-Xlog:cds=off
java-options=-Xlog:cds+dynamic=off'

# Takes the archive and the lines away from every launcher's .cfg (each file rewritten in place, keeping its mode).
unconfigure() {
  rm -f "$ARCHIVE" "$ARCHIVE.tmp"
  for cfg in "$APPDIR"/*.cfg; do
    [ -f "$cfg" ] || continue
    if grep -q -x -F -e "$OPTIONS" "$cfg" 2>/dev/null; then
      grep -v -x -F -e "$OPTIONS" "$cfg" > "$cfg.tmp" && cat "$cfg.tmp" > "$cfg"
      rm -f "$cfg.tmp"
    fi
  done
}

unconfigure
if [ "$REMOVE" = true ]; then
  exit 0
fi

CFG=""
for cfg in "$APPDIR/studio.cfg" "$APPDIR"/*.cfg; do
  if [ -f "$cfg" ]; then CFG="$cfg"; break; fi
done
if [ -z "$CFG" ] || [ ! -x "$JAVA" ]; then
  echo "$MARK: not made (no launcher settings in $APPDIR or no $JAVA)"
  exit 0
fi
WORK=$(mktemp -d "${TMPDIR:-/tmp}/studio-cds.XXXXXX") || { echo "$MARK: not made (no temporary folder)"; exit 0; }
trap 'rm -rf "$WORK"' EXIT
trap 'exit 1' HUP INT TERM

# The launcher's values with its variables filled in: the key's lines in order.
values() {
  awk -v key="$1" -v appdir="$APPDIR" -v rootdir="$APP" -v bindir="$APP/bin" '
    function fill(s, name, value,   i, out) {
      out = ""
      while ((i = index(s, name)) > 0) { out = out substr(s, 1, i - 1) value; s = substr(s, i + length(name)) }
      return out s
    }
    index($0, key "=") == 1 {
      v = substr($0, length(key) + 2)
      v = fill(v, "$APPDIR", appdir); v = fill(v, "$ROOTDIR", rootdir); v = fill(v, "$BINDIR", bindir)
      print v
    }' "$CFG"
}
CP=$(values app.classpath | awk '{ printf "%s%s", (NR > 1 ? ":" : ""), $0 }')
MAIN=$(values app.mainclass | head -n 1)
if [ -z "$CP" ] || [ -z "$MAIN" ]; then
  echo "$MARK: not made (no class path or main class in $CFG)"
  exit 0
fi
# java's argument file: the launcher's options, one a line, quoted, then the class path.
{ values java-options; printf '%s\n' -cp "$CP"; } | sed 's/\\/\\\\/g; s/"/\\"/g; s/.*/"&"/' > "$WORK/java-options"

# Nothing from the caller's environment (JDK_JAVA_OPTIONS reaches java, not the launcher), nothing in root's home.
unset JAVA_TOOL_OPTIONS _JAVA_OPTIONS JDK_JAVA_OPTIONS CLASSPATH
HOME="$WORK/home"
XDG_CACHE_HOME="$WORK/home/.cache"
XDG_CONFIG_HOME="$WORK/home/.config"
export HOME XDG_CACHE_HOME XDG_CONFIG_HOME
mkdir -p "$HOME"
printf '[user]\n\tname = Prompt Studio\n\temail = studio@localhost\n' > "$HOME/.gitconfig"
TIMEOUT=""
if command -v timeout > /dev/null 2>&1; then TIMEOUT="timeout 300"; fi

n=0
# One training command: the runtime's java as the launcher starts it, recording the classes the JVM loads.
train() {
  n=$((n + 1))
  $TIMEOUT "$JAVA" @"$WORK/java-options" -Duser.home="$HOME" -XX:DumpLoadedClassList="$WORK/$n.classlist" \
    "$MAIN" "$@" > "$WORK/$n.out" 2>&1 < /dev/null
}
# The commands: the build's training (packaging/cds/training.sh), carried beside this script.
. "$(dirname -- "$0")/archive-training.sh"
training
# JDK 17 crashes while archiving lambda proxy classes (decision 0065): the list keeps the classes and leaves their
# lambdas to be made at run time. Each class once, in the order first loaded.
i=1
while [ "$i" -le "$n" ]; do
  cat "$WORK/$i.classlist" 2>/dev/null
  i=$((i + 1))
done | grep -v '^@lambda-proxy' | awk '!seen[$0]++' > "$WORK/classes"
if [ ! -s "$WORK/classes" ] || ! grep -q '^org/promptstudio/Main' "$WORK/classes"; then
  echo "$MARK: not made (the training run did not start the studio: $(head -n 1 "$WORK/1.out" 2>/dev/null))"
  exit 0
fi
if ! $TIMEOUT "$JAVA" @"$WORK/java-options" -Xshare:dump -XX:SharedClassListFile="$WORK/classes" \
    -XX:SharedArchiveFile="$ARCHIVE.tmp" > "$WORK/dump.log" 2>&1 || ! mv -f "$ARCHIVE.tmp" "$ARCHIVE"; then
  unconfigure
  echo "$MARK: not made ($("$JAVA" -version 2>&1 | head -n 1) could not dump it: $(tail -n 1 "$WORK/dump.log"))"
  exit 0
fi
chmod 644 "$ARCHIVE"

# The lines go right after [JavaOptions] in every launcher's .cfg.
printf '%s\n' "$OPTIONS" > "$WORK/cfg-lines"
for cfg in "$APPDIR"/*.cfg; do
  [ -f "$cfg" ] || continue
  if grep -q -x -F '[JavaOptions]' "$cfg"; then
    sed "/^\[JavaOptions\]\$/r $WORK/cfg-lines" "$cfg" > "$cfg.tmp"
  else
    { cat "$cfg"; printf '\n[JavaOptions]\n%s\n' "$OPTIONS"; } > "$cfg.tmp"
  fi
  cat "$cfg.tmp" > "$cfg"
  rm -f "$cfg.tmp"
done
# Each launcher must now load the studio's main class from the archive (a launcher that does not take it would
# start with no sharing at all, slower than without the lines).
for cfg in "$APPDIR"/*.cfg; do
  [ -f "$cfg" ] || continue
  launcher="$APP/bin/$(basename "$cfg" .cfg)"
  [ -x "$launcher" ] || continue
  JAVA_TOOL_OPTIONS="-Xlog:class+load=info" $TIMEOUT "$launcher" --version > "$WORK/check.out" 2>&1 < /dev/null
  if ! grep -q 'org\.promptstudio\.Main source: shared objects file' "$WORK/check.out"; then
    unconfigure
    echo "$MARK: not made (the launcher $launcher did not map it; the app starts without it)"
    exit 0
  fi
done
echo "$MARK: $(wc -l < "$WORK/classes" | tr -d ' ') classes in $ARCHIVE"
exit 0
