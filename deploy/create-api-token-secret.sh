#!/usr/bin/env bash
# Creates (or keeps) Secret headcount-api-token in namespace headcount: the report-service's bearer token
# (report-service/README.md "Access"). The value exists only in the cluster; it is printed once so that it can be
# given to ./headcount (--token or HEADCOUNT_AUTH_TOKEN) and to the dashboard (http://HOST/#token=...).
# Usage: deploy/create-api-token-secret.sh [namespace]
set -euo pipefail
ns="${1:-headcount}"
if kubectl -n "$ns" get secret headcount-api-token >/dev/null 2>&1; then
  echo "secret $ns/headcount-api-token exists; keeping it (read it with: kubectl -n $ns get secret headcount-api-token -o jsonpath='{.data.token}' | base64 -d)"
  exit 0
fi
token="$(head -c 48 /dev/urandom | base64 | tr -dc 'A-Za-z0-9' | head -c 43)"
kubectl get namespace "$ns" >/dev/null 2>&1 || kubectl create namespace "$ns"
kubectl -n "$ns" create secret generic headcount-api-token --from-literal=token="$token"
echo "created secret $ns/headcount-api-token; the token (shown once): $token"
