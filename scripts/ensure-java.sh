#!/usr/bin/env bash
# Java for Apache Spark (the audit's and the casual-contact computation's `--engine spark`):
# use the `java` on PATH when it is 17 or newer, install Debian's headless runtime otherwise.
set -euo pipefail
SUDO=""; [ "$(id -u)" -eq 0 ] || SUDO="sudo"
export DEBIAN_FRONTEND=noninteractive

java_major() {
  java -version 2>&1 | awk -F'"' '/version/ {split($2, v, "."); print (v[1] == "1" ? v[2] : v[1])}'
}

if command -v java >/dev/null 2>&1 && [ "$(java_major)" -ge 17 ] 2>/dev/null; then
  exit 0
fi
$SUDO apt-get install -y -q openjdk-17-jre-headless >/dev/null 2>&1 || {
  $SUDO apt-get update -q >/dev/null
  $SUDO apt-get install -y -q openjdk-17-jre-headless >/dev/null
}
command -v java >/dev/null 2>&1 || { echo "java was not installed" >&2; exit 1; }
