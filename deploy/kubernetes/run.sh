#!/bin/sh
# Runs a sharded rasflow job on the current kubectl context: the volume, the shards, a wait for
# all of them, then the merge; prints the merged summary. Usage: deploy/kubernetes/run.sh
set -eu
here=$(dirname "$0")
kubectl apply -f "$here/results-pvc.yaml"
kubectl delete job rasflow-shards rasflow-merge --ignore-not-found
kubectl apply -f "$here/shards-job.yaml"
kubectl wait --for=condition=complete --timeout=24h job/rasflow-shards
kubectl apply -f "$here/merge-job.yaml"
kubectl wait --for=condition=complete --timeout=1h job/rasflow-merge
kubectl logs job/rasflow-merge
