#!/usr/bin/env python3
"""Ingests BEIR-layout corpora into Tributary and scores vector/keyword/hybrid search (nDCG@10, recall@10).

Documents are ranked by their best chunk: every search asks for topK=10 with maxPerRecord=1, so the
ten results are ten different documents. Relevance is document-level (qrels/dev.tsv, binary).
"""
import argparse
import json
import math
import os
import re
import statistics
import time
import urllib.request

DATASETS = ["cranfield", "covid-qa"]
MODES = ["vector", "keyword", "hybrid"]
HEADERS = {"Content-Type": "application/json", "X-Tributary-Caller": "eval-retrieval",
           "X-Tributary-Principals": "eval"}


def post(url, body):
    req = urllib.request.Request(url, data=json.dumps(body).encode(), headers=HEADERS, method="POST")
    with urllib.request.urlopen(req, timeout=600) as r:
        return json.load(r)


def read_jsonl(path):
    with open(path, encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]


def ingest(url, source, corpus):
    batch, sent, statuses = [], 0, {}
    for doc in corpus:
        text = (doc.get("text") or "").strip() or (doc.get("title") or "").strip()
        if not text:
            continue
        batch.append({"id": doc["_id"], "text": text, "acl": ["eval"]})
        if len(batch) == 50:
            sent += flush(url, source, batch, statuses)
            batch = []
    sent += flush(url, source, batch, statuses)
    return sent, statuses


def flush(url, source, batch, statuses):
    if not batch:
        return 0
    for r in post(f"{url}/v1/sources/{source}/records", {"records": batch})["results"]:
        statuses[r["status"]] = statuses.get(r["status"], 0) + 1
    return len(batch)


def ndcg_at_10(ranked, relevant):
    dcg = sum(1 / math.log2(i + 2) for i, d in enumerate(ranked[:10]) if d in relevant)
    ideal = sum(1 / math.log2(i + 2) for i in range(min(len(relevant), 10)))
    return dcg / ideal if ideal else 0.0


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--url", required=True)
    ap.add_argument("--corpora", required=True)
    ap.add_argument("--doc", required=True)
    args = ap.parse_args()

    rows = []
    for name in DATASETS:
        folder = os.path.join(args.corpora, name)
        source = "eval-" + name
        corpus = read_jsonl(os.path.join(folder, "corpus.jsonl"))
        queries = {q["_id"]: q["text"] for q in read_jsonl(os.path.join(folder, "queries.jsonl"))}
        qrels = {}
        with open(os.path.join(folder, "qrels", "dev.tsv"), encoding="utf-8") as f:
            next(f)
            for line in f:
                qid, did, score = line.rstrip("\n").split("\t")
                if int(score) > 0:
                    qrels.setdefault(qid, set()).add(did)
        start = time.time()
        sent, statuses = ingest(args.url, source, corpus)
        print(f"{name}: {sent} documents ingested in {time.time() - start:.0f} s {statuses}", flush=True)
        judged = [q for q in qrels if q in queries]
        for mode in MODES:
            ndcgs, recalls, latencies = [], [], []
            for qid in judged:
                t = time.time()
                res = post(f"{args.url}/v1/search", {"query": queries[qid], "mode": mode, "topK": 10,
                                                      "maxPerRecord": 1, "filter": {"source": source}})
                latencies.append((time.time() - t) * 1000)
                ranked = [h["provenance"]["recordId"] for h in res["results"]]
                rel = qrels[qid]
                ndcgs.append(ndcg_at_10(ranked, rel))
                recalls.append(len(rel & set(ranked[:10])) / len(rel))
            row = (name, mode, len(judged), statistics.mean(ndcgs), statistics.mean(recalls),
                   statistics.median(latencies))
            rows.append(row)
            print(f"{name:10} {mode:8} queries={row[2]} nDCG@10={row[3]:.3f} recall@10={row[4]:.3f}"
                  f" median={row[5]:.0f} ms", flush=True)

    table = ["| corpus | mode | queries | nDCG@10 | recall@10 | median latency (HTTP) |",
             "|---|---|---:|---:|---:|---:|"]
    table += [f"| {r[0]} | {r[1]} | {r[2]} | {r[3]:.3f} | {r[4]:.3f} | {r[5]:.0f} ms |" for r in rows]
    stamp = time.strftime("%Y-%m-%d", time.gmtime())
    block = (f"<!-- eval-retrieval:begin -->\nMeasured {stamp} by `scripts/eval-retrieval.sh` "
             f"(dev queries only):\n\n" + "\n".join(table) + "\n<!-- eval-retrieval:end -->")
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
    main()
