#!/usr/bin/env bash
# Creates one virtual environment per tool under benchmarks/envs/, so that each
# tool is timed with its own dependencies, as a user would install it.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
py=${PYTHON:-python3}
mk() {  # name, packages...
  local name=$1; shift
  if [ ! -x "$here/envs/$name/bin/python" ]; then
    "$py" -m venv "$here/envs/$name"
    "$here/envs/$name/bin/pip" install -q --upgrade pip
    "$here/envs/$name/bin/pip" install -q "$@"
  fi
}
mk mlqa "$here/.."
mk skrub skrub pyarrow
mk ydata ydata-profiling pyarrow setuptools
mk polars polars pyarrow
mk ydata-spark "ydata-profiling[spark]" setuptools  # Spark mode: spark_ydata.py
mk evidently evidently "pandas<3" pyarrow  # evidently 0.7 does not import with pandas 3
mk deepchecks deepchecks "scikit-learn<1.6" "pandas<2.2" "numpy<2" "pyarrow<18" "category-encoders<2.7"  # deepchecks 0.19 fails with newer scikit-learn
echo "environments ready in $here/envs"
