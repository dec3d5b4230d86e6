#!/usr/bin/env bash
# Builds the container image's base layer as a `docker save` tarball, from this machine's JDK and
# libraries, so the Maven build needs no registry and no daemon (Jib stacks the application on it;
# docs/operations.md "Container image"). Reproducible for the same inputs: fixed mtimes, sorted
# entries, numeric owners.
#
#   base-image.sh JAVA_HOME DUCKDB_JAR OUT_DIR
#
# The layer holds: a jlink'ed Java runtime in /opt/java; every shared library that runtime and
# DuckDB's native library load (found with ldd, at the paths ldd names); root and the
# `switchboard` user (uid/gid 10001) in /etc/passwd and /etc/group; /tmp (1777) and /data owned by
# 10001; the CA certificates. Its config carries the health check (`switchboard health`), which
# Jib keeps because the image is written in the Docker format (OCI has no health check).
set -euo pipefail
java_home=$1 duckdb_jar=$2 out=$3
modules=java.base,java.compiler,java.logging,java.management,java.naming,java.net.http,java.scripting,java.security.jgss,java.security.sasl,java.sql,java.transaction.xa,java.xml,jdk.crypto.cryptoki,jdk.crypto.ec,jdk.jcmd,jdk.jfr,jdk.management,jdk.management.agent,jdk.management.jfr,jdk.naming.dns,jdk.net,jdk.unsupported,jdk.zipfs

stamp="$out/base.inputs"
inputs="$(cat "$0"; "$java_home/bin/java" -version 2>&1; sha256sum "$duckdb_jar")"
if [ -f "$out/base.tar" ] && [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$inputs" ]; then
  echo "base image up to date: $out/base.tar"
  exit 0
fi

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
root="$work/rootfs"
mkdir -p "$root/opt" "$root/etc" "$root/tmp" "$root/data" "$root/app"

"$java_home/bin/jlink" --add-modules "$modules" --strip-debug --no-man-pages --no-header-files \
  --compress=2 --output "$root/opt/java"
# Debian's JDK links cacerts to /etc/ssl/certs/java/cacerts: put the real file in the runtime.
rm -f "$root/opt/java/lib/security/cacerts"
cp -L "$java_home/lib/security/cacerts" "$root/opt/java/lib/security/cacerts"
if find "$root/opt/java" -xtype l | grep -q .; then
  echo "dangling links in the runtime:" >&2; find "$root/opt/java" -xtype l >&2; exit 1
fi

# DuckDB extracts its native library at run time; its dependencies must be in the image.
mkdir -p "$work/duckdb"
(cd "$work/duckdb" && "$java_home/bin/jar" xf "$duckdb_jar" libduckdb_java.so_linux_amd64)
elves=$(find "$root/opt/java" -type f \( -name '*.so' -o -path '*/bin/*' \); echo "$work/duckdb/libduckdb_java.so_linux_amd64")
for elf in $elves; do
  ldd "$elf" 2>/dev/null | awk '/=> \//{print $3} /^\t\/.*ld-linux/{print $1}'
done | sort -u | while read -r lib; do
  case "$lib" in "$root"*) continue ;; esac
  mkdir -p "$root$(dirname "$lib")"
  cp -L "$lib" "$root$lib"
done
# glibc resolves host names (Redis, PostgreSQL by service name) through NSS.
for lib in /lib/x86_64-linux-gnu/libnss_dns.so.2 /lib/x86_64-linux-gnu/libnss_files.so.2 /lib/x86_64-linux-gnu/libresolv.so.2; do
  if [ -e "$lib" ]; then mkdir -p "$root$(dirname "$lib")"; cp -L "$lib" "$root$lib"; fi
done
printf 'hosts: files dns\n' > "$root/etc/nsswitch.conf"
printf 'root:x:0:0:root:/root:/sbin/nologin\nswitchboard:x:10001:10001:Switchboard:/data:/sbin/nologin\n' > "$root/etc/passwd"
printf 'root:x:0:\nswitchboard:x:10001:\n' > "$root/etc/group"
mkdir -p "$root/etc/ssl/certs/java"
cp -L "$java_home/lib/security/cacerts" "$root/etc/ssl/certs/java/cacerts"
chmod 1777 "$root/tmp"

layer="$work/layer.tar"
tar --sort=name --mtime=@0 --numeric-owner --owner=0 --group=0 --exclude=./data -C "$root" -cf "$layer" .
# /data belongs to the switchboard user: appended as its own entry with that owner.
tar --mtime=@0 --numeric-owner --owner=10001 --group=10001 --no-recursion -C "$root" -rf "$layer" ./data
diff_id="sha256:$(sha256sum "$layer" | cut -d' ' -f1)"

mkdir -p "$work/image"
mv "$layer" "$work/image/layer.tar"
cat > "$work/image/config.json" <<JSON
{"architecture":"amd64","os":"linux","created":"1970-01-01T00:00:00Z",
 "config":{"Env":["PATH=/opt/java/bin:/usr/bin:/bin","JAVA_HOME=/opt/java","LANG=C.UTF-8"],
  "Healthcheck":{"Test":["CMD","/opt/java/bin/java","-XX:TieredStopAtLevel=1","-XX:+UseSerialGC","-Xmx32m","-cp","@/app/jib-classpath-file","io.switchboard.app.Main","health"],
   "Interval":15000000000,"Timeout":10000000000,"StartPeriod":60000000000,"Retries":3}},
 "rootfs":{"type":"layers","diff_ids":["$diff_id"]},
 "history":[{"created":"1970-01-01T00:00:00Z","created_by":"src/main/image/base-image.sh"}]}
JSON
printf '[{"Config":"config.json","RepoTags":["switchboard-base:local"],"Layers":["layer.tar"]}]' > "$work/image/manifest.json"
mkdir -p "$out"
tar --mtime=@0 --numeric-owner --owner=0 --group=0 -C "$work/image" -cf "$out/base.tar" manifest.json config.json layer.tar
printf '%s' "$inputs" > "$stamp"
echo "base image: $out/base.tar ($(du -h "$out/base.tar" | cut -f1))"
