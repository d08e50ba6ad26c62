#!/usr/bin/env python3
"""Scores the search modes recorded by eval_retrieval.py, computes a BM25 baseline in the same run, tunes
the hybrid fusion on one half of the judged queries (the "tune" split: one fusion for all models, the best
worst case over models and corpora of hybrid / the better single mode; printed, not applied) and reports
the other half ("held-out") for the fusion the service ran (--service-fusion), writing the table into
docs/retrieval.md.

A run may lack a corpus (eval_retrieval.py --datasets): it is left out of that model's tuning and rows.
The split is fixed: a query is held out when the first byte of SHA-256("<corpus>:<query id>") is odd.
BM25 (k1=0.9, b=0.4, the Anserini defaults) ranks whole documents over PostgreSQL's 'english' lexemes
(Snowball stemming, stop words dropped, the same analysis as keyword mode), so it differs from keyword
mode only in the ranking function (keyword mode weights each word's ts_rank by its idf) and the unit
(document, not chunk).
A fusion is simulated from each query's vector and keyword candidate lists exactly as SearchService
fuses and widens (checked against the service's own hybrid answers for the fusion it ran).
"""
import argparse
import csv
import hashlib
import json
import math
import os
import re
import statistics
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from eval_retrieval import DATASETS, doc_text, load  # noqa: E402

TOP_K, MAX_FETCH = 10, 1000


def held_out(corpus, qid):
    return hashlib.sha256(f"{corpus}:{qid}".encode()).digest()[0] % 2 == 1


def ndcg10(ranked, rel):
    dcg = sum(1 / math.log2(i + 2) for i, d in enumerate(ranked[:10]) if d in rel)
    ideal = sum(1 / math.log2(i + 2) for i in range(min(len(rel), 10)))
    return dcg / ideal if ideal else 0.0


def recall10(ranked, rel):
    return len(rel & set(ranked[:10])) / len(rel)


def lexemes(texts):
    """{id: {lexeme: tf}} through PostgreSQL's to_tsvector('english', ...)."""
    with tempfile.NamedTemporaryFile("w", suffix=".csv", delete=False, encoding="utf-8") as f:
        w = csv.writer(f)
        for i, t in texts.items():
            w.writerow([i, t])
        path = f.name
    sql = ("CREATE TEMP TABLE t(id text, body text);\n"
           f"\\copy t FROM '{path}' WITH (FORMAT csv)\n"
           "SELECT id, (u).lexeme, coalesce(array_length((u).positions, 1), 1)"
           " FROM (SELECT id, unnest(to_tsvector('english', body)) u FROM t) x;\n")
    res = subprocess.run(["psql", "-h", "127.0.0.1", "-U", "postgres", "-d", "postgres", "-AtqF", "\t"],
                         input=sql, capture_output=True, text=True, check=True)
    os.unlink(path)
    out = {}
    for line in res.stdout.splitlines():
        i, lex, tf = line.split("\t")
        out.setdefault(i, {})[lex] = int(tf)
    return out


def bm25(docs, queries, k1=0.9, b=0.4):
    n = len(docs)
    avg = statistics.mean(sum(d.values()) for d in docs.values())
    df = {}
    for d in docs.values():
        for t in d:
            df[t] = df.get(t, 0) + 1
    ranked = {}
    for qid, q in queries.items():
        scores = {}
        for t in q:
            if t not in df:
                continue
            idf = math.log(1 + (n - df[t] + 0.5) / (df[t] + 0.5))
            for did, d in docs.items():
                tf = d.get(t)
                if tf:
                    dl = sum(d.values())
                    scores[did] = scores.get(did, 0) + idf * tf * (k1 + 1) / (tf + k1 * (1 - b + b * dl / avg))
        ranked[qid] = [d for d, _ in sorted(scores.items(), key=lambda x: (-x[1], x[0]))[:10]]
    return ranked


def rrf(k, wv, wk):
    def fuse(v, kw):
        s, first = {}, {}
        for w, lst in ((wv, v), (wk, kw)):
            for i, (cid, rec, _) in enumerate(lst):
                s[cid] = s.get(cid, 0) + w / (k + i + 1)
                first.setdefault(cid, rec)
        return [first[c] for c in sorted(s, key=lambda c: -s[c])]
    fuse.name = f"rrf k={k} wv={wv} wk={wk}"
    return fuse


def convex(alpha):
    """alpha * minmax(cosine) + (1 - alpha) * minmax(ts_rank) over each list's candidates."""
    def norm(lst):
        if not lst:
            return {}
        hi, lo = lst[0][2], lst[-1][2]
        return {c: (sc - lo) / (hi - lo) if hi > lo else 1.0 for c, _, sc in lst}

    def fuse(v, kw):
        nv, nk = norm(v), norm(kw)
        recs = {c: r for c, r, _ in v + kw}
        s = {c: alpha * nv.get(c, 0) + (1 - alpha) * nk.get(c, 0) for c in recs}
        return [recs[c] for c in sorted(s, key=lambda c: -s[c])]
    fuse.name = f"convex alpha={alpha}"
    return fuse


def agreement(v, kw, depth=10):
    """Rrf.agreement: the share of the vector list's first 10 chunks among the keyword list's first 10."""
    top = {c for c, _, _ in kw[:depth]}
    return sum(1 for c, _, _ in v[:depth] if c in top) / depth


def dynamic(base, per_agreement):
    """convex fusion whose vector weight is base + per_agreement * agreement, clamped to [0, 1]."""
    def fuse(v, kw):
        return convex(max(0.0, min(1.0, base + per_agreement * agreement(v, kw))))(v, kw)
    fuse.name = f"convex vector-weight={base} agreement-weight={per_agreement}"
    return fuse


def parse_fusion(spec):
    """'convex <vector-weight> [<agreement-weight>]' or 'rrf <k> <vector weight> <keyword weight>'."""
    kind, *p = spec.split()
    if kind == "convex":
        return dynamic(float(p[0]), float(p[1]) if len(p) > 1 else 0.0)
    return rrf(int(p[0]), float(p[1]), float(p[2]))


def simulate(fuse, row, candidates=50):
    """SearchService.find for topK 10, maxPerRecord 1: fetch 40, widen x4 until 10 records are kept."""
    v, kw = row["vectorCandidates"], row["keywordCandidates"]
    fetch = TOP_K * 4
    while True:
        each = max(fetch, candidates)
        kept = []
        for rec in fuse(v[:each], kw[:each]):
            if rec not in kept:
                kept.append(rec)
            if len(kept) == TOP_K:
                break
        exhausted = len(v[:each]) < each and len(kw[:each]) < each
        if len(kept) >= TOP_K or exhausted or fetch >= MAX_FETCH or each >= len(v) and each >= len(kw):
            return kept
        fetch = min(fetch * 4, MAX_FETCH)


def scores(rankings, qrels, qids):
    return (statistics.mean(ndcg10(rankings[q], qrels[q]) for q in qids),
            statistics.mean(recall10(rankings[q], qrels[q]) for q in qids))


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--corpora", required=True)
    ap.add_argument("--doc", required=True)
    ap.add_argument("--service-fusion", required=True,
                    help="the fusion the service ran when the dumps were recorded (parse_fusion)")
    ap.add_argument("dumps", nargs="+")
    args = ap.parse_args()
    runs = [json.load(open(d, encoding="utf-8")) for d in args.dumps]
    data, base = {}, {}
    for name in DATASETS:
        corpus, queries, qrels = load(os.path.join(args.corpora, name))
        qids = [q for q in qrels if q in queries]
        t = time.time()
        docs = lexemes({d["_id"]: doc_text(d) for d in corpus if doc_text(d)})
        qlex = lexemes({q: queries[q] for q in qids})
        base[name] = bm25(docs, {q: qlex.get(q, {}) for q in qids})
        print(f"{name}: BM25 over {len(docs)} documents in {time.time() - t:.0f} s", flush=True)
        data[name] = (qrels, [q for q in qids if not held_out(name, q)], [q for q in qids if held_out(name, q)])

    fusions = [rrf(k, 1.0, wk) for k in (5, 10, 20, 40, 60) for wk in (0.5, 0.75, 1.0, 1.5, 2.0, 3.0)]
    fusions += [dynamic(a / 20, b / 20) for a in range(0, 21) for b in (0, 1, 2, 3, 4, 5, 6, 8, 10)
                if a + b <= 20]
    service = parse_fusion(args.service_fusion)
    objective = {}
    for run in runs:
        model = run["model"]
        # the fusion the service ran when this was recorded, simulated: does the simulation agree?
        agree = total = 0
        for name in [n for n in DATASETS if n in run["corpora"]]:
            for row in run["corpora"][name]["queries"].values():
                total += 1
                agree += simulate(service, row) == row["hybrid"]
        print(f"{model}: simulated {service.name} equals the service's hybrid answer for {agree}/{total} queries")
    # One fusion for every model (the service has one setting): the best worst case, over models and
    # corpora, of hybrid / the better single mode on the tune split.
    for fuse in fusions:
        objs = []
        for run in runs:
            for name in [n for n in DATASETS if n in run["corpora"]]:
                qrels, tune, _ = data[name]
                rows = run["corpora"][name]["queries"]
                h = scores({q: simulate(fuse, rows[q]) for q in tune}, qrels, tune)[0]
                v = scores({q: rows[q]["vector"] for q in tune}, qrels, tune)[0]
                k = scores({q: rows[q]["keyword"] for q in tune}, qrels, tune)[0]
                objs.append(h / max(v, k))
        objective[fuse.name] = (min(objs), fuse)
    ranked = sorted(objective.values(), key=lambda x: -x[0])
    for obj, fuse in ranked[:5]:
        print(f"tune split: {fuse.name} (worst model and corpus hybrid/best-single {obj:.3f})")
    return runs, data, base, ranked[0][1], args


def report(runs, data, base, args, fusion_for_doc):
    table = ["| model | corpus | split | queries | BM25 | vector | keyword | hybrid RRF k=60 | hybrid "
             f"({fusion_for_doc.name}) | hybrid ÷ BM25 | hybrid ÷ best single |",
             "|---|---|---|---:|---:|---:|---:|---:|---:|---:|---:|"]
    for run in runs:
        for name in [n for n in DATASETS if n in run["corpora"]]:
            qrels, tune, held = data[name]
            rows = run["corpora"][name]["queries"]
            for split, qids in (("held-out", held), ("tune", tune)):
                b = scores(base[name], qrels, qids)
                v = scores({q: rows[q]["vector"] for q in qids}, qrels, qids)
                k = scores({q: rows[q]["keyword"] for q in qids}, qrels, qids)
                old = scores({q: simulate(rrf(60, 1.0, 1.0), rows[q]) for q in qids}, qrels, qids)
                new = scores({q: simulate(fusion_for_doc, rows[q]) for q in qids}, qrels, qids)
                cell = lambda s: f"{s[0]:.3f} / {s[1]:.3f}"  # noqa: E731
                table.append(f"| {run['model']} | {name} | {split} | {len(qids)} | {cell(b)} | {cell(v)} | "
                             f"{cell(k)} | {cell(old)} | {cell(new)} | {new[0] / b[0]:.2f} | "
                             f"{new[0] / max(v[0], k[0]):.2f} |")
    speed = ["| model | corpus | chunks | ingest s | chunks/s (ingest, end to end) |", "|---|---|---:|---:|---:|"]
    for run in runs:
        for name in [n for n in DATASETS if n in run["corpora"]]:
            c = run["corpora"][name]
            # a re-run finds its records unchanged and embeds nothing: no speed to report
            if c["chunks"] and not c["statuses"].get("unchanged"):
                speed.append(f"| {run['model']} | {name} | {c['chunks']} | {c['ingestSeconds']:.0f} | "
                             f"{c['chunks'] / c['ingestSeconds']:.1f} |")
    stamp = time.strftime("%Y-%m-%d", time.gmtime())
    block = (f"<!-- eval-retrieval:begin -->\nMeasured {stamp} by `scripts/eval-retrieval.sh`; cells are "
             "nDCG@10 / recall@10:\n\n" + "\n".join(table)
             + ("\n\n" + "\n".join(speed) if len(speed) > 2 else "")
             + "\n<!-- eval-retrieval:end -->")
    print(block)
    with open(args.doc, encoding="utf-8") as f:
        doc = f.read()
    doc, n = re.subn(r"<!-- eval-retrieval:begin -->.*?<!-- eval-retrieval:end -->", lambda _: block, doc,
                     flags=re.S)
    if n == 0:
        doc = doc.rstrip("\n") + "\n\n" + block + "\n"
    with open(args.doc, "w", encoding="utf-8") as f:
        f.write(doc)
    print(f"wrote {args.doc}")


if __name__ == "__main__":
    runs, data, base, best, args = main()
    fixed = os.environ.get("TRIBUTARY_EVAL_FUSION")  # what ships, e.g. "convex 0.3 0.4"
    report(runs, data, base, args, parse_fusion(fixed) if fixed else best)
