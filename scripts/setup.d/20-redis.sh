# Sourced by scripts/test.sh: make sure a redis-server binary is there for the online tests.
# The tests start their own throwaway server on a free loopback port (tests/online/conftest.py);
# nothing here starts a server or touches a system one.
if ! command -v redis-server >/dev/null 2>&1; then
  if command -v apt-get >/dev/null 2>&1 && [ "$(id -u)" = "0" ]; then
    echo "setup.d/20-redis: installing Debian's redis-server" >&2
    DEBIAN_FRONTEND=noninteractive apt-get update -qq >/dev/null 2>&1 || true
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends redis-server >/dev/null \
      || echo "setup.d/20-redis: apt-get install redis-server failed; the redis tests will fail" >&2
    # Debian's package starts a system service where systemd runs; the tests never use it
  else
    echo "setup.d/20-redis: redis-server is missing and cannot be installed here (not root or no apt-get)" >&2
  fi
fi
if command -v redis-server >/dev/null 2>&1; then
  DISTILLGUARD_REDIS_SERVER="$(command -v redis-server)"
  export DISTILLGUARD_REDIS_SERVER
fi
