"""Held-out AUC of scikit-learn's LogisticRegression and HistGradientBoostingClassifier on the
same time split icp discover uses (train on the oldest 70% of outcomes by date, test on the
newest 30%; ties by row order). Run with Debian's /usr/bin/python3 (python3-sklearn).

usage: /usr/bin/python3 bench/sklearn_auc.py data.csv outcome_col date_col drop_col[,drop_col...]
"""
import csv
import json
import math
import re
import sys

import numpy as np
from sklearn.ensemble import HistGradientBoostingClassifier
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import roc_auc_score
from sklearn.preprocessing import StandardScaler

path, outcome, date_col, drop = sys.argv[1], sys.argv[2], sys.argv[3], set(sys.argv[4].split(","))
with open(path, newline="", encoding="utf-8") as f:
    rows = list(csv.DictReader(f))

SKIP = re.compile(r"(^|_)(id|name|domain|website|url|description|linkedin)$", re.I)
cols = [c for c in rows[0].keys() if c not in drop and c not in (outcome, date_col) and not SKIP.search(c)]


def num(v):
    v = (v or "").strip().replace(",", "").replace("$", "")
    m = re.fullmatch(r"(-?[0-9.]+)([kmb]?)", v.lower())
    if not m:
        return None
    return float(m.group(1)) * {"": 1, "k": 1e3, "m": 1e6, "b": 1e9}[m.group(2)]


features, names = [], []
for c in cols:
    vals = [r[c] for r in rows]
    present = [v for v in vals if v.strip()]
    nums = [num(v) for v in present]
    if present and sum(x is not None for x in nums) >= 0.95 * len(present) and len(set(present)) > 12:
        x = np.array([num(v) if num(v) is not None else np.nan for v in vals], dtype=float)
        features.append(x)
        names.append(c)
        continue
    if any(";" in v or "|" in v for v in present[:2000]):
        items = {}
        for v in present:
            for it in re.split(r"[;|,]", v):
                it = it.strip().lower()
                if it:
                    items[it] = items.get(it, 0) + 1
        for it, n in items.items():
            if n >= 20:
                features.append(np.array([1.0 if it in [s.strip().lower() for s in re.split(r"[;|,]", v)] else 0.0 for v in vals]))
                names.append(f"{c}={it}")
        continue
    counts = {}
    for v in vals:
        k = v.strip().lower()
        counts[k] = counts.get(k, 0) + 1
    if len(counts) > 200:
        continue
    for k, n in counts.items():
        if n >= 20:
            features.append(np.array([1.0 if v.strip().lower() == k else 0.0 for v in vals]))
            names.append(f"{c}={k}")

X = np.column_stack(features)
y = np.array([1 if r[outcome].strip().lower() in ("won", "true", "1", "yes") else 0 for r in rows])
order = sorted(range(len(rows)), key=lambda i: (rows[i][date_col], i))
cut = math.floor(0.7 * len(order))
train, test = np.array(order[:cut]), np.array(order[cut:])

# logistic regression: median-imputed numbers with missing indicators, standardised
Xl = X.copy()
extra = []
for j in range(X.shape[1]):
    miss = np.isnan(Xl[:, j])
    if miss.any():
        med = np.nanmedian(Xl[train, j])
        Xl[miss, j] = med
        extra.append(miss.astype(float))
if extra:
    Xl = np.column_stack([Xl] + extra)
sc = StandardScaler().fit(Xl[train])
lr = LogisticRegression(max_iter=5000, C=1.0).fit(sc.transform(Xl[train]), y[train])
auc_lr = roc_auc_score(y[test], lr.predict_proba(sc.transform(Xl[test]))[:, 1])

hgb = HistGradientBoostingClassifier(random_state=0).fit(X[train], y[train])
auc_hgb = roc_auc_score(y[test], hgb.predict_proba(X[test])[:, 1])

print(json.dumps({"features": X.shape[1], "train": int(cut), "test": int(len(order) - cut),
                  "logistic_regression": auc_lr, "hist_gradient_boosting": auc_hgb}))
