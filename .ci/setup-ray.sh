# Sourced by .ci/run (set -euo pipefail is on): what python/tests need.
#
# - pip installs pytest, pyarrow, datatrove, ray (and maturin for `pip install .`)
#   into .ci/venv;
# - exports PYO3_BUILD_EXTENSION_MODULE=1 so the `cargo test --workspace` that
#   follows builds crates/tamis-py as a real extension module (no libpython link,
#   as maturin does). crates/tamis-py/tests/python.rs then runs python/tests
#   against that freshly built module: no second (release) build of the workspace;
# - starts a two-node Ray cluster on loopback (a head and a worker, one CPU each)
#   and exports TAMIS_RAY_ADDRESS for the Ray executor tests, and
#   TAMIS_REQUIRE_RAY=1: from here on, a Ray test without its cluster fails.
export TAMIS_REQUIRE_RAY=1
_ray_t0=$(date +%s)
_py="$PWD/.ci/venv/bin/python"
"$_py" -m pip install --quiet --disable-pip-version-check -r .ci/requirements-py.txt
export PYO3_BUILD_EXTENSION_MODULE=1
export PYO3_PYTHON="$_py"
echo "ci: setup-ray: pip install took $(( $(date +%s) - _ray_t0 ))s"

_ray="$PWD/.ci/venv/bin/ray"
_ray_port=6391
export RAY_USAGE_STATS_ENABLED=0
"$_ray" stop --force >/dev/null 2>&1 || true
# Small object stores (the tasks exchange files, not objects); /dev/shm needs ~200 MB.
"$_ray" start --head --node-ip-address=127.0.0.1 --port="$_ray_port" --num-cpus=1 \
  --object-store-memory=100000000 --include-dashboard=false --disable-usage-stats \
  >/tmp/tamis-ray-head.log 2>&1 || { cat /tmp/tamis-ray-head.log; false; }
"$_ray" start --address="127.0.0.1:$_ray_port" --node-ip-address=127.0.0.1 --num-cpus=1 \
  --object-store-memory=100000000 --disable-usage-stats \
  >/tmp/tamis-ray-worker.log 2>&1 || { cat /tmp/tamis-ray-worker.log; false; }
export TAMIS_RAY_ADDRESS="127.0.0.1:$_ray_port"
# Ready when both nodes are alive (timeout 90 s).
"$_py" - <<'PY'
import os, sys, time
import ray
ray.init(address=os.environ["TAMIS_RAY_ADDRESS"], log_to_driver=False)
deadline = time.time() + 90
while True:
    alive = [n for n in ray.nodes() if n["Alive"]]
    if len(alive) >= 2:
        break
    if time.time() > deadline:
        sys.exit(f"ray: only {len(alive)} node(s) alive after 90 s")
    time.sleep(1)
ray.shutdown()
PY
echo "ci: setup-ray: Ray cluster with 2 nodes at $TAMIS_RAY_ADDRESS; setup took $(( $(date +%s) - _ray_t0 ))s"
unset _py _ray _ray_port _ray_t0
