#!/usr/bin/env bash
# Builds and pushes the service images with Jib (no Docker daemon needed for them).
#   deploy/build-images.sh REGISTRY TAG          CPU images of the four services: REGISTRY/headcount/<service>:TAG
#   deploy/build-images.sh REGISTRY TAG cuda     the GPU workers' images REGISTRY/headcount/<worker>:TAG-cuda, on the
#                                                CUDA base image (deploy/images/cuda-base, built and pushed first
#                                                with docker buildx or podman: CUDA runtime, JDK 17, PyTorch's CUDA build)
# TAG is a release (X.Y.Z): the overlays pin it (deploy/README.md, images).
set -euo pipefail
if [[ $# -lt 2 || ! "$2" =~ ^[0-9]+\.[0-9]+\.[0-9]+$ ]]; then
  echo "usage: $0 REGISTRY TAG [cuda]   (TAG: a release X.Y.Z, never a SNAPSHOT)" >&2
  exit 2
fi
registry=$1 tag=$2 flavour=${3:-cpu}
cd "$(dirname "$0")/.."
# a <property> of the root pom.xml, the one place the versions live
property() { sed -n "s:.*<$1>\(.*\)</$1>.*:\1:p" pom.xml | head -1; }
common=(-B -DskipTests -Dquarkus.container-image.build=true -Dquarkus.container-image.push=true
        -Dquarkus.container-image.registry="$registry")
case "$flavour" in
  cpu)
    mvn "${common[@]}" package -pl report-service,scorer-service,pruner-service,finetune-service -am \
      -Dquarkus.container-image.tag="$tag" ;;
  cuda)
    cuda=$(property cuda.version) torch=$(property pytorch.native.version) torch_flavour=$(property pytorch.cuda.flavor)
    base="$registry/headcount/cuda-base:$cuda-pytorch$torch-$torch_flavour"
    args=(--build-arg CUDA_VERSION="$cuda" --build-arg PYTORCH_VERSION="$torch" --build-arg PYTORCH_FLAVOR="$torch_flavour")
    if command -v docker >/dev/null; then
      docker buildx build --platform linux/amd64 "${args[@]}" -t "$base" --push deploy/images/cuda-base
    elif command -v podman >/dev/null; then
      podman build --platform linux/amd64 "${args[@]}" -t "$base" deploy/images/cuda-base && podman push "$base"
    else
      echo "building the CUDA base image needs docker (buildx) or podman" >&2; exit 1
    fi
    mvn "${common[@]}" package -Pcuda -pl scorer-service,pruner-service,finetune-service -am \
      -Dheadcount.cuda.base-image="$base" -Dheadcount.image.tag="$tag" ;;
  *) echo "unknown flavour '$flavour': cpu or cuda" >&2; exit 2 ;;
esac
