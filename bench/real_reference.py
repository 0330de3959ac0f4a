"""Reference AUCs for `npm run bench:discover-real`: scikit-learn on the same train and test files
icpkit discovers on and scores. One-hot (min_frequency=5, unknown values ignored) for text columns,
standardised numbers with missing values imputed by the training median, as the bank-marketing NOTES.md
describes. Run with Debian's /usr/bin/python3 (python3-sklearn, python3-pandas).

usage: /usr/bin/python3 bench/real_reference.py train.csv test.csv SEP OUTCOME POSITIVE DROP[,DROP…]
       → JSON on stdout: logistic_regression / gradient_boosting {auc, lift10}
"""
import json
import sys
import warnings

import numpy as np
import pandas as pd
from sklearn.ensemble import HistGradientBoostingClassifier
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import roc_auc_score
from sklearn.preprocessing import OneHotEncoder, StandardScaler

warnings.filterwarnings("ignore")
train_path, test_path, sep, outcome, positive, drop = sys.argv[1:7]
drop = [d for d in drop.split(",") if d]
train = pd.read_csv(train_path, sep=sep, dtype=str, keep_default_na=False)
test = pd.read_csv(test_path, sep=sep, dtype=str, keep_default_na=False)
ytr = (train.pop(outcome).str.strip().str.lower() == positive.lower()).astype(int).values
yte = (test.pop(outcome).str.strip().str.lower() == positive.lower()).astype(int).values
train = train.drop(columns=[c for c in drop if c in train.columns])
test = test.drop(columns=[c for c in drop if c in test.columns])
nums, cats = [], []
for c in train.columns:
    v = pd.to_numeric(train[c].replace("", np.nan), errors="coerce")
    present = (train[c] != "").sum()
    # numbers as pandas would infer them: (nearly) every present cell parses
    (nums if present and v.notna().sum() >= 0.95 * present else cats).append(c)


def numeric(d):
    return d[nums].apply(lambda s: pd.to_numeric(s.replace("", np.nan), errors="coerce"))


med = numeric(train).median()
sc = StandardScaler().fit(numeric(train).fillna(med)) if nums else None
oh = OneHotEncoder(min_frequency=5, handle_unknown="infrequent_if_exist").fit(train[cats]) if cats else None


def X(d):
    parts = []
    if oh is not None:
        parts.append(oh.transform(d[cats]).toarray())
    if sc is not None:
        parts.append(sc.transform(numeric(d).fillna(med)))
    return np.hstack(parts)


def lift10(p):
    k = int(round(0.1 * len(p)))
    top = np.argsort(-p, kind="stable")[:k]
    return float(yte[top].mean() / yte.mean())


lr = LogisticRegression(C=1.0, max_iter=5000).fit(X(train), ytr).predict_proba(X(test))[:, 1]
hgb = HistGradientBoostingClassifier(random_state=0).fit(X(train), ytr).predict_proba(X(test))[:, 1]
print(json.dumps({
    "logistic_regression": {"auc": roc_auc_score(yte, lr), "lift10": lift10(lr)},
    "gradient_boosting": {"auc": roc_auc_score(yte, hgb), "lift10": lift10(hgb)},
}))
