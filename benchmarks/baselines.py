"""Time mq.baselines on 100k rows x 20 features against fitting the user's model once,
and deepchecks' SimpleModelComparison on the same data, as whole processes.

    bash benchmarks/setup_envs.sh
    python benchmarks/baselines.py --repeat 2
"""

from __future__ import annotations

import argparse

import numpy as np
from make_data import DATA, frame
from run import time_tools

PREPARE = """
import pandas as pd
df = pd.read_parquet(DATA + "/baselines_100000.parquet")
y = df.pop("target")
for c in df.columns:
    if df[c].dtype == object or str(df[c].dtype) in ("str", "string"):
        # the model takes at most 255 levels as categories; larger ones as codes
        df[c] = df[c].astype("category") if df[c].nunique() <= 250 else df[c].astype("category").cat.codes
from sklearn.ensemble import HistGradientBoostingClassifier
model = HistGradientBoostingClassifier(max_iter=100, categorical_features="from_dtype", random_state=0)
"""

SCRIPTS = {
    "fit the model once": ("mlqa", PREPARE + "model.fit(df, y)\n"),
    "mlqa_nb baselines (5 folds: model + 3 baselines)": ("mlqa", PREPARE + """
import mlqa_nb as mq
mq.baselines(model, df, y, cv=5).save(OUT + ".html")
"""),
    "deepchecks SimpleModelComparison (one split)": ("deepchecks", PREPARE + """
from deepchecks.tabular import Dataset
from deepchecks.tabular.checks import SimpleModelComparison
cut = int(len(df) * 0.8)
cats = [c for c in df.columns if str(df[c].dtype) == "category"]
train = Dataset(df.iloc[:cut].assign(target=y.iloc[:cut]), label="target", cat_features=cats)
test = Dataset(df.iloc[cut:].assign(target=y.iloc[cut:]), label="target", cat_features=cats)
model.fit(df.iloc[:cut], y.iloc[:cut])
SimpleModelComparison().run(train, test, model).save_as_html(OUT + ".html", as_widget=False)
"""),
}


def make(n: int = 100_000) -> None:
    data = frame(n)
    data = data.drop(columns=["user_id", "comment", "created", "shipped"])
    rng = np.random.default_rng(7)
    for i in range(5):  # 20 features
        data[f"f_extra_{i}"] = rng.normal(size=n) + 0.2 * i * data["target"]
    data.to_parquet(DATA / f"baselines_{n}.parquet")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=2)
    parser.add_argument("--tools", nargs="*", default=list(SCRIPTS))
    args = parser.parse_args()
    DATA.mkdir(exist_ok=True)
    if not (DATA / "baselines_100000.parquet").exists():
        make()
    time_tools(SCRIPTS, args.tools, args.repeat, "baselines")


if __name__ == "__main__":
    main()
