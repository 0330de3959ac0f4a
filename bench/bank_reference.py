"""Reference AUCs on the bank-marketing split the icpkit benchmark uses: the same train and test
files (the first 70% of rows by time, the last 30%), `duration` dropped, one-hot with
min_frequency=5 + standardised numbers, as ../shared/data/bank-marketing/NOTES.md describes.
Run with Debian's /usr/bin/python3 (python3-sklearn).

usage: /usr/bin/python3 bench/bank_reference.py train.csv test.csv  → JSON on stdout
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
train = pd.read_csv(sys.argv[1], sep=";")
test = pd.read_csv(sys.argv[2], sep=";")
ytr = (train.pop("y") == "yes").astype(int).values
yte = (test.pop("y") == "yes").astype(int).values
train = train.drop(columns=["duration"])
test = test.drop(columns=["duration"])
cats = [c for c in train.columns if train[c].dtype == object]
nums = [c for c in train.columns if c not in cats]
oh = OneHotEncoder(min_frequency=5, handle_unknown="infrequent_if_exist").fit(train[cats])
sc = StandardScaler().fit(train[nums])
X = lambda d: np.hstack([oh.transform(d[cats]).toarray(), sc.transform(d[nums])])  # noqa: E731


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
