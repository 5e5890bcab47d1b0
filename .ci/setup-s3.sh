# Sourced by .ci/run (with `set -euo pipefail`): an S3-compatible server on
# loopback for crates/tamis-io/tests/remote.rs (object-storage inputs and
# outputs). moto in server mode, from PyPI, into .ci/venv; measured here at
# ~30 s to install on a cold venv and < 1 s to start.
# Exports TAMIS_S3_ENDPOINT and dummy AWS_* credentials pointing at it, and
# TAMIS_REQUIRE_S3=1: from here on, an S3 test without its server fails.
export TAMIS_REQUIRE_S3=1
s3_setup_start=$(date +%s)
.ci/venv/bin/pip install --quiet --disable-pip-version-check 'moto[server]>=5.1,<6'
# A free loopback port, chosen by the kernel.
s3_port=$(.ci/venv/bin/python -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
s3_log="${TMPDIR:-/tmp}/tamis-moto-server-$s3_port.log"
nohup .ci/venv/bin/moto_server -H 127.0.0.1 -p "$s3_port" > "$s3_log" 2>&1 &
export TAMIS_S3_PID=$!
export TAMIS_S3_ENDPOINT="http://127.0.0.1:$s3_port"
s3_ready=0
for _ in $(seq 1 150); do
  if .ci/venv/bin/python -c "import urllib.request, sys; urllib.request.urlopen(sys.argv[1], timeout=2)" "$TAMIS_S3_ENDPOINT/" 2>/dev/null; then
    s3_ready=1
    break
  fi
  sleep 0.2
done
if [ "$s3_ready" != 1 ]; then
  echo "ci: the S3 test server did not start on $TAMIS_S3_ENDPOINT; its log:" >&2
  cat "$s3_log" >&2 || true
  exit 1
fi
# What object_store's AmazonS3Builder::from_env reads (moto accepts any credentials).
export AWS_ENDPOINT_URL="$TAMIS_S3_ENDPOINT" AWS_ALLOW_HTTP=true AWS_REGION=us-east-1
export AWS_ACCESS_KEY_ID=testing AWS_SECRET_ACCESS_KEY=testing
echo "ci: S3 test server (moto) on $TAMIS_S3_ENDPOINT, setup took $(( $(date +%s) - s3_setup_start ))s"
