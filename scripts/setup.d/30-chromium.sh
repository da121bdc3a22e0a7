# Headless Chromium for the report's browser test (tests/sinks/test_report_browser.py).
# Sourced by scripts/test.sh. Installs Debian's `chromium` package with apt-get when no Chromium
# is on the machine; Playwright drives that system browser (it never downloads one of its own).
# Exports DISTILLGUARD_CHROMIUM, the browser the test launches.
export PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1
_dg_chromium() {
  local c
  for c in "${DISTILLGUARD_CHROMIUM:-}" chromium chromium-browser; do
    [ -n "$c" ] && command -v "$c" >/dev/null 2>&1 && { command -v "$c"; return 0; }
  done
  return 1
}
if ! _dg_chromium >/dev/null; then
  if command -v apt-get >/dev/null 2>&1; then
    _dg_sudo=""
    [ "$(id -u)" -ne 0 ] && command -v sudo >/dev/null 2>&1 && _dg_sudo="sudo"
    echo "setup.d/30-chromium: installing Debian's chromium with apt-get" >&2
    $_dg_sudo apt-get update -qq >/dev/null || echo "setup.d/30-chromium: apt-get update failed" >&2
    DEBIAN_FRONTEND=noninteractive $_dg_sudo apt-get install -y -qq --no-install-recommends chromium fonts-dejavu-core >/dev/null \
      || echo "setup.d/30-chromium: apt-get install chromium failed; the browser test will fail" >&2
    unset _dg_sudo
  else
    echo "setup.d/30-chromium: no chromium and no apt-get; the browser test will fail" >&2
  fi
fi
if _dg_chromium >/dev/null; then
  DISTILLGUARD_CHROMIUM="$(_dg_chromium)"
  export DISTILLGUARD_CHROMIUM
fi
unset -f _dg_chromium
