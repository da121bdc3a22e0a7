# Sourced by scripts/test.sh: a Java runtime for PySpark (Spark local mode in the tests).
#
# PySpark (from PyPI, the `dev` extra) needs a JVM it supports: Java 17 or 21 for Spark 4.0
# (17 also runs Spark 3.5). If none is found, Debian's openjdk-17-jre-headless (or
# default-jre-headless) is installed with apt-get, non-interactively (CI runs as root on Debian 12).
# Exports JAVA_HOME, and PYSPARK_PYTHON / PYSPARK_DRIVER_PYTHON pointing at the test interpreter so
# Spark's Python workers import the same distillguard as pytest.
#
# This file is sourced under `set -euo pipefail`: everything lives in functions that `return`,
# never `exit`, and a JVM that cannot be provided fails the run with one clear line.

_dg_java_major() {  # major version of the java binary $1 (17, 21, ...), or nothing
  local v
  v=$("$1" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java\.specification\.version = //p' | head -n1) || true
  printf '%s' "${v#1.}"
}

_dg_java_ok() {  # is $1 a java binary that PySpark supports?
  local m
  [ -x "$1" ] || return 1
  m=$(_dg_java_major "$1")
  case "$m" in 17 | 21) return 0 ;; *) return 1 ;; esac
}

# where installed JVMs are looked for (a test may point it elsewhere to exercise the apt-get path)
_DG_JVM_GLOB=${_DG_JVM_GLOB:-/usr/lib/jvm/*/bin/java}

_dg_find_java() {  # prints a supported java binary: JAVA_HOME, then PATH, then installed JVMs ($1 more globs)
  local cand
  # shellcheck disable=SC2086 # the globs expand here on purpose
  for cand in ${JAVA_HOME:+"$JAVA_HOME/bin/java"} "$(command -v java 2>/dev/null || true)" $_DG_JVM_GLOB ${1:-}; do
    [ -n "$cand" ] || continue
    cand=$(readlink -f "$cand" 2>/dev/null || printf '%s' "$cand")
    if _dg_java_ok "$cand"; then
      printf '%s' "$cand"
      return 0
    fi
  done
  return 1
}

_dg_install_java() {
  local sudo=""
  if [ "$(id -u)" != 0 ]; then
    if command -v sudo >/dev/null 2>&1; then sudo="sudo -n"; else
      echo "10-java.sh: no supported Java (17 or 21) found and not root: install openjdk-17-jre-headless" >&2
      return 1
    fi
  fi
  if ! command -v apt-get >/dev/null 2>&1; then
    echo "10-java.sh: no supported Java (17 or 21) found and no apt-get: install a Java 17 runtime and set JAVA_HOME" >&2
    return 1
  fi
  echo "10-java.sh: installing a Java runtime from Debian (openjdk-17-jre-headless)" >&2
  export DEBIAN_FRONTEND=noninteractive
  # the JRE's postinst writes man pages links; slim images lack the directory
  mkdir -p /usr/share/man/man1 2>/dev/null || true
  $sudo apt-get update -qq >/dev/null || return 1
  $sudo apt-get install -y -qq --no-install-recommends openjdk-17-jre-headless >/dev/null \
    || $sudo apt-get install -y -qq --no-install-recommends default-jre-headless >/dev/null \
    || return 1
}

_dg_setup_java() {
  local java
  if ! java=$(_dg_find_java); then
    _dg_install_java || { echo "10-java.sh: could not install a Java runtime with apt-get; Spark tests cannot run" >&2; return 1; }
    java=$(_dg_find_java "/usr/lib/jvm/java-17-openjdk-*/bin/java /usr/lib/jvm/default-java/bin/java") || { echo "10-java.sh: installed a Java runtime but found no Java 17 or 21 to use" >&2; return 1; }
  fi
  JAVA_HOME=$(dirname "$(dirname "$java")")
  export JAVA_HOME
  local py="$PWD/.venv/bin/python"
  [ -x "$py" ] || py=$(command -v python3)
  export PYSPARK_PYTHON="$py" PYSPARK_DRIVER_PYTHON="$py"
  # the tests' Spark session must not fail because the host name does not resolve
  export SPARK_LOCAL_IP="${SPARK_LOCAL_IP:-127.0.0.1}"
  # tell the Spark tests that this run promised them a JVM: a missing one is a failure, not a skip
  export DISTILLGUARD_REQUIRE_SPARK=1
}

_dg_setup_java
