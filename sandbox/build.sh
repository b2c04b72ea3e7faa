#!/usr/bin/env bash
# Builds the sandbox cluster's programs (etcd, kube-apiserver,
# kube-controller-manager, kube-scheduler, kubectl, kwok) from the Go modules
# pinned in sandbox/go/go.mod, once per pinned set, into a cache folder outside
# the repository. A later run with the same build script, go.mod, go.sum and
# cmd/ sources reuses the cache.
#
# Environment:
#   KFD_SANDBOX_CACHE  cache root (default: $XDG_CACHE_HOME or ~/.cache, then kubeflow-desktop/sandbox)
# Prints the folder holding the programs as its last line.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
module="$here/go"
cache_root=${KFD_SANDBOX_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/kubeflow-desktop/sandbox}

# The key changes whenever a pinned version changes, so each pinned set gets its own folder.
key=$(cat "$0" "$module/go.mod" "$module/go.sum" "$module"/cmd/*/*.go | sha256sum | cut -c1-16)
out="$cache_root/$key/bin"
programs=(etcd kube-apiserver kube-controller-manager kube-scheduler kubectl kwok sandbox-certs sandbox-exec)
packages=(
  go.etcd.io/etcd/server/v3
  k8s.io/kubernetes/cmd/kube-apiserver
  k8s.io/kubernetes/cmd/kube-controller-manager
  k8s.io/kubernetes/cmd/kube-scheduler
  k8s.io/kubernetes/cmd/kubectl
  sigs.k8s.io/kwok/cmd/kwok
  ./cmd/sandbox-certs
  ./cmd/sandbox-exec
)

complete=1
[[ -f "$out/kwok-stages.yaml" ]] || complete=0
for program in "${programs[@]}"; do
  [[ -x "$out/$program" ]] || complete=0
done
if [[ $complete -eq 1 ]]; then
  echo "sandbox: programs already built in $out" >&2
  echo "$out"
  exit 0
fi

if ! command -v go >/dev/null 2>&1; then
  echo "sandbox: the go command was not found. Install Go 1.26 or later and put it on PATH (see README.md)." >&2
  exit 1
fi

started=$(date +%s)
staging="$cache_root/$key/staging.$$"
mkdir -p "$staging"
trap 'rm -rf "$staging"' EXIT

cd "$module"
echo "sandbox: downloading the Go modules that are not cached yet" >&2
go mod download

# A plain go build leaves the Kubernetes version at "v0.0.0-master". Stamp the
# pinned release into the variables that /version reports, as the upstream
# release build does.
kube_version=$(go list -m -f '{{.Version}}' k8s.io/kubernetes)
kube_minor=$(echo "$kube_version" | cut -d. -f2)
ldflags="-s -w"
for package in k8s.io/component-base/version k8s.io/client-go/pkg/version; do
  ldflags+=" -X $package.gitVersion=$kube_version -X $package.gitMajor=1 -X $package.gitMinor=$kube_minor"
  ldflags+=" -X $package.gitTreeState=clean"
done

for index in "${!packages[@]}"; do
  program=${programs[$index]}
  package=${packages[$index]}
  step_started=$(date +%s)
  echo "sandbox: building $program ($((index + 1))/${#packages[@]}) from $package" >&2
  # -trimpath keeps the cache folder's path out of the binaries; CGO is off
  # because none of these programs needs it and it keeps the build portable.
  CGO_ENABLED=0 go build -trimpath -ldflags="$ldflags" -o "$staging/$program" "$package"
  echo "sandbox: built $program in $(($(date +%s) - step_started)) s" >&2
done

# kwok has no built-in stages: it reads them from its configuration. Take the
# "fast" node and pod stages that ship with the pinned kwok module, so their
# version always matches the kwok binary.
kwok_dir=$(go list -m -f '{{.Dir}}' sigs.k8s.io/kwok)
stages="$kwok_dir/kustomize/stage"
for file in node/fast/node-initialize.yaml node/heartbeat-with-lease/node-heartbeat-with-lease.yaml \
  pod/fast/pod-ready.yaml pod/fast/pod-complete.yaml pod/fast/pod-delete.yaml; do
  echo "---"
  cat "$stages/$file"
done >"$staging/kwok-stages.yaml"

# Move the finished set into place in one rename, so an interrupted build never
# leaves a folder that looks complete.
mkdir -p "$(dirname "$out")"
rm -rf "$out"
mv "$staging" "$out"
trap - EXIT
# NOTE: builds of earlier pinned sets stay (about 400 MB each), because
# another checkout may still use them; delete old folders by hand.
echo "sandbox: build finished in $(($(date +%s) - started)) s" >&2
echo "$out"
