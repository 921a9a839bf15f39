#!/bin/bash
# Submits the shard array and a merge that starts only when every shard succeeded.
# Usage: RASFLOW_DIR=/shared/rasflow RESULTS=/shared/results [SCENARIO=…] deploy/slurm/submit.sh
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
export RASFLOW_DIR RESULTS SCENARIO="${SCENARIO:-$RASFLOW_DIR/examples/fleet-year-sampled.json}"
array=$(sbatch --parsable --export=ALL "$here/rasflow-shards.sbatch")
sbatch --parsable --export=ALL --dependency="afterok:$array" "$here/rasflow-merge.sbatch"
