#!/usr/bin/env bash
# Installs what bench/run.ts races backprop against; safe to run again (skips what is there).
#   apt (as root):  python3-torch, python3-sklearn (numpy comes with them), dataset-fashion-mnist
#   npm:            the devDependencies, TensorFlow.js among them (@tensorflow/tfjs, -core,
#                   -backend-cpu, -backend-wasm); none of them needs an install script
set -euo pipefail
cd "$(dirname "$0")/.."

APT_PACKAGES=(python3-torch python3-sklearn dataset-fashion-mnist)

missing=()
for p in "${APT_PACKAGES[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2> /dev/null | grep -q "install ok installed"; then missing+=("$p"); fi
done
if [ ${#missing[@]} -eq 0 ]; then
  echo "apt: ${APT_PACKAGES[*]} already installed"
elif ! command -v apt-get > /dev/null; then
  echo "apt: no apt-get here; install ${missing[*]} by other means (the bench skips what is missing)"
elif [ "$(id -u)" != 0 ]; then
  echo "apt: ${missing[*]} missing; run this script as root to install them (the bench skips what is missing)"
else
  export DEBIAN_FRONTEND=noninteractive
  echo "apt: installing ${missing[*]}"
  apt-get install -y -qq "${missing[@]}" > /dev/null ||
    { apt-get update -qq > /dev/null && apt-get install -y -qq "${missing[@]}" > /dev/null; }
fi

# the devDependencies; npm install is a no-op when node_modules already matches the lock file
npm install --no-audit --no-fund

# what the bench will find
if /usr/bin/python3 -c "import torch, numpy; print('python: torch', torch.__version__, '/ numpy', numpy.__version__)" 2> /dev/null; then :; else
  echo "python: /usr/bin/python3 cannot import torch (the PyTorch rows will say so)"
fi
if [ -e /usr/share/datasets/fashion-mnist/train-images-idx3-ubyte.gz ] || [ -e /usr/share/datasets/fashion-mnist/train-images-idx3-ubyte ]; then
  echo "data: Fashion-MNIST in /usr/share/datasets/fashion-mnist"
else
  echo "data: no Fashion-MNIST in /usr/share/datasets/fashion-mnist (the MLP benchmark will say so)"
fi
node -e "for (const p of ['@tensorflow/tfjs', '@tensorflow/tfjs-backend-wasm']) console.log('npm:', p, require(p + '/package.json').version)"
