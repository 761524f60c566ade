#!/usr/bin/env python3
"""Reference values for Wusheng's `score` command, computed once; the tests read the JSON this prints.

What LLaMA-Factory does to a generated_predictions.jsonl (scripts/eval_bleu_rouge.py; the same per-sample
code as ComputeSimilarity in src/llamafactory/train/sft/metric.py):
  - ROUGE: hypothesis/reference = list(jieba.cut(text)); if either " ".join(...).split() is empty, all ROUGE
    scores are 0; else rouge_chinese's Rouge().get_scores(" ".join(hyp), " ".join(ref))[0].
  - BLEU-4: nltk sentence_bleu([list(label)], list(predict), smoothing_function=SmoothingFunction().method3).
  - each score round(f * 100, 4); the summary is sum(scores) / len(scores).

jieba and NLTK are the real ones (Debian: python3-jieba, python3-nltk). rouge_chinese (1.0.3) is not packaged
for Debian, so its definitions are written out below from its source (rouge.py: Rouge.cut_sent and
_get_scores; rouge_score.py: rouge_n with exclusive n-gram sets, rouge_l_summary_level with a plain LCS).

Usage: /usr/bin/python3 llamafactory_reference.py generated_predictions.jsonl > llamafactory-reference.json
"""
import json
import logging
import re
import sys

import jieba
from nltk.translate.bleu_score import SmoothingFunction, sentence_bleu

jieba.setLogLevel(logging.CRITICAL)


# --- rouge_chinese 1.0.3, its definitions ---------------------------------------------------------------
def cut_sent(para):
    para = re.sub("([。！？\\?])([^”’])", r"\1\n\2", para)
    para = re.sub("(\\.{6})([^”’])", r"\1\n\2", para)
    para = re.sub("(\\…{2})([^”’])", r"\1\n\2", para)
    para = re.sub("([。！？\\?][”’])([^，。！？\\?])", r"\1\n\2", para)
    return para.rstrip().split("\n")


def sentences(text):
    # _get_scores: the empty-check is on the raw piece, before whitespace is collapsed
    return [" ".join(piece.split()) for piece in cut_sent(text) if len(piece) > 0]


def words(sents):
    out = []
    for s in sents:
        out.extend(s.split(" "))
    return out


def ngram_set(n, toks):
    return {tuple(toks[i : i + n]) for i in range(len(toks) - n + 1)}


def f_of(p, r):
    return 2.0 * ((p * r) / (p + r + 1e-8))


def rouge_n(hyp_sents, ref_sents, n):
    if len(hyp_sents) <= 0 or len(ref_sents) <= 0:
        raise ValueError("empty")
    h = ngram_set(n, words(hyp_sents))
    r = ngram_set(n, words(ref_sents))
    overlap = len(h & r)
    p = overlap / len(h) if len(h) else 0.0
    rc = overlap / len(r) if len(r) else 0.0
    return f_of(p, rc)


def lcs_len(x, y):
    table = {}
    for i in range(len(x) + 1):
        for j in range(len(y) + 1):
            if i == 0 or j == 0:
                table[i, j] = 0
            elif x[i - 1] == y[j - 1]:
                table[i, j] = table[i - 1, j - 1] + 1
            else:
                table[i, j] = max(table[i - 1, j], table[i, j - 1])
    return table[len(x), len(y)]


def rouge_l(hyp_sents, ref_sents):
    if len(hyp_sents) <= 0 or len(ref_sents) <= 0:
        raise ValueError("empty")
    ref = words(ref_sents)
    hyp = words(hyp_sents)
    llcs = lcs_len(ref, hyp)
    r = llcs / len(ref)
    p = llcs / len(hyp)
    return 2.0 * ((p * r) / (p + r + 1e-8))


def rouge_get_scores(hyp, ref):
    hs, rs = sentences(hyp), sentences(ref)
    return {"rouge-1": rouge_n(hs, rs, 1), "rouge-2": rouge_n(hs, rs, 2), "rouge-l": rouge_l(hs, rs)}


# --- LLaMA-Factory's per-sample scores ------------------------------------------------------------------
def compute_metrics(sample):
    hypothesis = list(jieba.cut(sample["predict"]))
    reference = list(jieba.cut(sample["label"]))
    bleu = sentence_bleu(
        [list(sample["label"])], list(sample["predict"]), smoothing_function=SmoothingFunction().method3
    )
    if len(" ".join(hypothesis).split()) == 0 or len(" ".join(reference).split()) == 0:
        result = {"rouge-1": 0.0, "rouge-2": 0.0, "rouge-l": 0.0}
    else:
        result = rouge_get_scores(" ".join(hypothesis), " ".join(reference))
    out = {k: round(v * 100, 4) for k, v in result.items()}
    out["bleu-4"] = round(bleu * 100, 4)
    out["words"] = [hypothesis, reference]
    return out


def main(path):
    with open(path, encoding="utf-8") as f:
        samples = [json.loads(line) for line in f if line.strip()]
    rows = [compute_metrics(s) for s in samples]
    keys = ["bleu-4", "rouge-1", "rouge-2", "rouge-l"]
    mean = {k: sum(r[k] for r in rows) / len(rows) for k in keys}
    print(
        json.dumps(
            {
                "about": "Computed by llamafactory_reference.py from generated_predictions.jsonl with Debian's "
                "python3-jieba %s and python3-nltk %s; do not edit by hand." % (jieba.__version__, __import__("nltk").__version__),
                "n": len(rows),
                "mean": mean,
                "rows": rows,
            },
            ensure_ascii=False,
            indent=1,
        )
    )


if __name__ == "__main__":
    main(sys.argv[1])
