#!/usr/bin/env python3
"""Writes the compact schemas the deploy test validates against (deploy/src/test/resources/schemas/).

Run once per version bump, by hand, with the upstream files on disk (the test never touches the network):

  vendor.py OUT K8S_SWAGGER_JSON CRD_YAML...

K8S_SWAGGER_JSON: kubernetes/swagger.json.unprocessed of the Kubernetes Python client tag whose
scripts/constants.py names the Kubernetes release (v34.1.0 -> release-1.34). CRD_YAML: the operators' own
CustomResourceDefinitions at their release tags (Strimzi packaging/install/cluster-operator/04*-Crd-*.yaml,
KEDA config/crd/bases/keda.sh_*.yaml). Descriptions are dropped (size); every structural keyword is kept.
"""
import json
import sys

import yaml  # PyYAML

# the Kubernetes kinds the manifests use, by their OpenAPI definition
K8S_KINDS = {
    ("v1", "Namespace"): "io.k8s.api.core.v1.Namespace",
    ("v1", "ConfigMap"): "io.k8s.api.core.v1.ConfigMap",
    ("v1", "Service"): "io.k8s.api.core.v1.Service",
    ("v1", "PersistentVolumeClaim"): "io.k8s.api.core.v1.PersistentVolumeClaim",
    ("v1", "ServiceAccount"): "io.k8s.api.core.v1.ServiceAccount",
    ("v1", "Secret"): "io.k8s.api.core.v1.Secret",
    ("apps/v1", "Deployment"): "io.k8s.api.apps.v1.Deployment",
    ("apps/v1", "StatefulSet"): "io.k8s.api.apps.v1.StatefulSet",
    ("batch/v1", "CronJob"): "io.k8s.api.batch.v1.CronJob",
    ("policy/v1", "PodDisruptionBudget"): "io.k8s.api.policy.v1.PodDisruptionBudget",
    ("networking.k8s.io/v1", "NetworkPolicy"): "io.k8s.api.networking.v1.NetworkPolicy",
    ("rbac.authorization.k8s.io/v1", "Role"): "io.k8s.api.rbac.v1.Role",
    ("rbac.authorization.k8s.io/v1", "RoleBinding"): "io.k8s.api.rbac.v1.RoleBinding",
}

DROP = {"description", "x-kubernetes-group-version-kind", "x-kubernetes-patch-strategy",
        "x-kubernetes-patch-merge-key", "x-kubernetes-list-map-keys", "x-kubernetes-list-type",
        "x-kubernetes-map-type", "x-kubernetes-unions", "example", "default"}


def strip(node):
    if isinstance(node, dict):
        return {k: strip(v) for k, v in node.items() if k not in DROP}
    if isinstance(node, list):
        return [strip(v) for v in node]
    return node


def refs(node, into):
    if isinstance(node, dict):
        if "$ref" in node:
            into.add(node["$ref"].split("/")[-1])
        for v in node.values():
            refs(v, into)
    elif isinstance(node, list):
        for v in node:
            refs(v, into)


def main(out, swagger_path, crd_paths):
    with open(swagger_path) as f:
        definitions = json.load(f)["definitions"]
    keep, todo = set(), list(K8S_KINDS.values())
    while todo:
        name = todo.pop()
        if name in keep:
            continue
        keep.add(name)
        found = set()
        refs(definitions[name], found)
        todo.extend(found - keep)
    kinds = {f"{api}/{kind}": {"$ref": f"#/definitions/{d}"} for (api, kind), d in K8S_KINDS.items()}
    with open(f"{out}/kubernetes.json", "w") as f:
        json.dump({"kinds": kinds, "definitions": {n: strip(definitions[n]) for n in sorted(keep)}},
                  f, sort_keys=True, separators=(",", ":"))
    crds = {}
    for path in crd_paths:
        with open(path) as f:
            for crd in yaml.safe_load_all(f):
                if not crd or crd.get("kind") != "CustomResourceDefinition":
                    continue
                group, kind = crd["spec"]["group"], crd["spec"]["names"]["kind"]
                for version in crd["spec"]["versions"]:
                    if version.get("served"):
                        crds[f"{group}/{version['name']}/{kind}"] = strip(version["schema"]["openAPIV3Schema"])
    with open(f"{out}/crds.json", "w") as f:
        json.dump({"kinds": crds}, f, sort_keys=True, separators=(",", ":"))


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2], sys.argv[3:])
