#!/usr/bin/env bash
# Creates (or keeps) Secret headcount-mongodb in namespace headcount with random passwords.
# The values exist only in the cluster: nothing is written to the repository or to disk.
# Usage: deploy/create-mongodb-secret.sh [namespace]
set -euo pipefail
ns="${1:-headcount}"
if kubectl -n "$ns" get secret headcount-mongodb >/dev/null 2>&1; then
  echo "secret $ns/headcount-mongodb exists; keeping it (MongoDB created its users with those values)"
  exit 0
fi
random() { head -c 32 /dev/urandom | base64 | tr -dc 'A-Za-z0-9' | head -c 32; }
kubectl get namespace "$ns" >/dev/null 2>&1 || kubectl create namespace "$ns"
kubectl -n "$ns" create secret generic headcount-mongodb \
  --from-literal=root-username=root \
  --from-literal=root-password="$(random)" \
  --from-literal=username=headcount \
  --from-literal=password="$(random)"
echo "created secret $ns/headcount-mongodb"
