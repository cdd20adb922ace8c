#!/usr/bin/env python3
"""Outside references for the creditclass benchmarks, on the data a benchmark wrote.

Usage: python reference.py WORKLOAD DIR [--runs R]

WORKLOAD
  logistic  scikit-learn StandardScaler + LogisticRegression(lbfgs) on DIR/x.f64 (column-major
            float64, n x p), DIR/y.u8 and DIR/meta.json {"n", "p", "train", "l2"}: the first
            `train` rows fit, the rest are the test rows. C = 1 / l2 (the same penalty as
            fitLogistic: sum of log-losses + l2 / 2 * |beta|^2, intercept unpenalised).
  gbm       scikit-learn HistGradientBoostingClassifier on DIR/x.f64 (column-major float64, NaN =
            missing), DIR/y.u8 and DIR/meta.json {"n", "p", "train", "iterations", "learning_rate",
            "max_depth", "max_leaf_nodes", "min_samples_leaf", "l2", "max_bins"}: the first `train`
            rows fit (no early stopping, so every iteration is grown), the rest are the test rows.
            Timed with its default OpenMP threads and again limited to one thread (threadpoolctl).
  lightgbm  LightGBM's LGBMClassifier with the gbm workload's settings on the same files (one
            thread and two), then its exact TreeSHAP (`predict(pred_contrib=True)`, C++, two
            threads) on the test rows: the reference for explaining every row. Skipped with a note
            when lightgbm is not installed.
  score     numpy scoring without reasons on DIR/x.f64 (column-major float64) and DIR/spec.json
            {"n", "offset", "indicators": [...], "cutoffs"}: per column, bins look up their points by
            np.searchsorted(edges, x, side) ({"edges", "points", "side"}), curves interpolate
            ({"xs", "ys"}, np.interp), NaN takes the column's "missing" points; weights and the
            published scale are folded into the points and the offset. The class index (0 = A) is
            the number of cut-offs above the score (a score equal to a cut-off takes the better class).

Prints one JSON line: the median seconds of R timed runs after one warm-up, every run, the
versions, the process's peak memory, and what the benchmark checks (AUC and coefficients; score sum and class counts).
"""
import argparse
import json
import os
import resource
import statistics
import sys
import time

import numpy as np


def timed(fn, runs):
    """Median seconds of `runs` runs after one warm-up, every run, and the last result."""
    out = fn()
    seconds = []
    for _ in range(runs):
        start = time.perf_counter()
        out = fn()
        seconds.append(time.perf_counter() - start)
    return statistics.median(seconds), seconds, out


def columns(folder, n, p):
    """The column-major n x p matrix a benchmark wrote, as a Fortran-ordered array (no copy)."""
    flat = np.fromfile(os.path.join(folder, "x.f64"), dtype="<f8")
    return flat.reshape(p, n).T


def logistic(folder, runs):
    import sklearn
    from sklearn.linear_model import LogisticRegression
    from sklearn.metrics import roc_auc_score
    from sklearn.preprocessing import StandardScaler

    meta = json.load(open(os.path.join(folder, "meta.json")))
    n, p, train = meta["n"], meta["p"], meta["train"]
    x = columns(folder, n, p)
    y = np.fromfile(os.path.join(folder, "y.u8"), dtype=np.uint8)
    x_train, y_train, x_test, y_test = x[:train], y[:train], x[train:], y[train:]

    def fit():
        scaler = StandardScaler().fit(x_train)
        model = LogisticRegression(solver="lbfgs", C=1.0 / meta["l2"], max_iter=1000).fit(scaler.transform(x_train), y_train)
        return scaler, model

    median, seconds, (scaler, model) = timed(fit, runs)
    auc = roc_auc_score(y_test, model.predict_proba(scaler.transform(x_test))[:, 1])
    coefficients = model.coef_[0] / scaler.scale_
    intercept = model.intercept_[0] - float(np.dot(scaler.mean_, coefficients))
    return {
        "tool": f"scikit-learn {sklearn.__version__} StandardScaler + LogisticRegression(lbfgs)",
        "seconds": median, "runs": seconds, "auc": auc, "iterations": int(model.n_iter_[0]),
        "intercept": intercept, "coefficients": coefficients.tolist(),
    }


def gbm(folder, runs):
    import sklearn
    from sklearn.ensemble import HistGradientBoostingClassifier
    from sklearn.metrics import roc_auc_score
    from threadpoolctl import threadpool_info, threadpool_limits

    meta = json.load(open(os.path.join(folder, "meta.json")))
    n, p, train = meta["n"], meta["p"], meta["train"]
    x = np.ascontiguousarray(columns(folder, n, p))
    y = np.fromfile(os.path.join(folder, "y.u8"), dtype=np.uint8)
    x_train, y_train, x_test, y_test = x[:train], y[:train], x[train:], y[train:]

    def fit():
        return HistGradientBoostingClassifier(
            max_iter=meta["iterations"], learning_rate=meta["learning_rate"], max_depth=meta["max_depth"],
            max_leaf_nodes=meta["max_leaf_nodes"], min_samples_leaf=meta["min_samples_leaf"],
            l2_regularization=meta["l2"], max_bins=meta["max_bins"], early_stopping=False, random_state=0,
        ).fit(x_train, y_train)

    median, seconds, model = timed(fit, runs)
    with threadpool_limits(limits=1):
        one_median, one_seconds, _ = timed(fit, runs)
    auc = roc_auc_score(y_test, model.predict_proba(x_test)[:, 1])
    threads = max((i.get("num_threads", 1) for i in threadpool_info() if i.get("user_api") == "openmp"), default=1)
    return {
        "tool": f"scikit-learn {sklearn.__version__} HistGradientBoostingClassifier",
        "seconds": median, "runs": seconds, "oneThreadSeconds": one_median, "oneThreadRuns": one_seconds,
        "threads": threads, "auc": auc, "iterations": int(model.n_iter_),
        "leaves": int(sum(predictor[0].get_n_leaf_nodes() for predictor in model._predictors)),
    }


def lightgbm_reference(folder, runs):
    try:
        import lightgbm
    except ImportError:
        return {"tool": "lightgbm", "skipped": "lightgbm is not installed in the venv"}
    from sklearn.metrics import roc_auc_score

    meta = json.load(open(os.path.join(folder, "meta.json")))
    n, p, train = meta["n"], meta["p"], meta["train"]
    x = np.ascontiguousarray(columns(folder, n, p))
    y = np.fromfile(os.path.join(folder, "y.u8"), dtype=np.uint8)
    x_train, y_train, x_test, y_test = x[:train], y[:train], x[train:], y[train:]

    def fit(threads):
        return lambda: lightgbm.LGBMClassifier(
            n_estimators=meta["iterations"], learning_rate=meta["learning_rate"], max_depth=meta["max_depth"],
            num_leaves=meta["max_leaf_nodes"], min_child_samples=meta["min_samples_leaf"], reg_lambda=meta["l2"],
            max_bin=meta["max_bins"], num_threads=threads, verbose=-1, random_state=0,
        ).fit(x_train, y_train)

    one_median, one_seconds, model = timed(fit(1), runs)
    median, seconds, _ = timed(fit(2), runs)
    booster = model.booster_
    # One timed run, no warm-up: it takes minutes per million rows.
    start = time.perf_counter()
    contributions = booster.predict(x_test, pred_contrib=True, num_threads=2)
    contrib_seconds = time.perf_counter() - start
    raw = booster.predict(x_test, raw_score=True, num_threads=2)
    return {
        "tool": f"LightGBM {lightgbm.__version__}",
        "seconds": median, "runs": seconds, "oneThreadSeconds": one_median, "oneThreadRuns": one_seconds,
        "auc": roc_auc_score(y_test, model.predict_proba(x_test)[:, 1]),
        "leaves": int(sum(t["num_leaves"] for t in booster.dump_model()["tree_info"])),
        "contribRows": int(x_test.shape[0]), "contribSeconds": contrib_seconds,
        # Its contributions plus the expected value sum to the raw score, as ours do.
        "contribError": float(np.max(np.abs(contributions.sum(axis=1) - raw))),
    }


def score(folder, runs):
    spec = json.load(open(os.path.join(folder, "spec.json")))
    n, indicators = spec["n"], spec["indicators"]
    x = columns(folder, n, len(indicators))
    arrays = [{k: np.asarray(v, dtype=np.float64) if isinstance(v, list) else v for k, v in i.items()} for i in indicators]
    cutoffs = np.asarray(sorted(spec["cutoffs"]), dtype=np.float64)

    def points(column, i):
        if "edges" in i:
            return i["points"][np.searchsorted(i["edges"], column, side=i["side"])]
        return np.interp(column, i["xs"], i["ys"])

    def run():
        total = np.full(n, spec["offset"])
        for k, i in enumerate(arrays):
            column = x[:, k]
            total += np.where(np.isnan(column), i["missing"], points(column, i))
        return total, len(cutoffs) - np.searchsorted(cutoffs, total, side="right")

    median, seconds, (total, classes) = timed(run, runs)
    return {
        "tool": f"numpy {np.__version__} searchsorted per column (column-major)",
        "seconds": median, "runs": seconds, "scoreSum": float(total.sum()),
        "classCounts": np.bincount(classes, minlength=len(cutoffs) + 1).tolist(),
    }


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("workload", choices=["logistic", "gbm", "lightgbm", "score"])
    parser.add_argument("folder")
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    workloads = {"logistic": logistic, "gbm": gbm, "lightgbm": lightgbm_reference, "score": score}
    result = workloads[args.workload](args.folder, args.runs)
    result["python"] = sys.version.split()[0]
    result["peakGiB"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 2**20  # kB on Linux
    print(json.dumps(result))


if __name__ == "__main__":
    main()
