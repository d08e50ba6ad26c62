#!/usr/bin/env python3
"""Ingests BEIR-layout corpora into a running Tributary and records, per judged query, what each search
mode returns (nDCG@10 and recall@10 need nothing else) plus each mode's long candidate list, so that
eval_fusion.py can tune the hybrid fusion offline on one split and report on the other.

Documents are ranked by their best chunk: every scored search asks for topK=10 with maxPerRecord=1, so
the ten results are ten different documents. Relevance is document-level (qrels/dev.tsv, binary).
Writes one JSON file (--out) per model; the corpus is ingested into the sources eval-<corpus>.
"""
import argparse
import json
import os
import time
import urllib.request

DATASETS = ["cranfield", "covid-qa"]
MODES = ["vector", "keyword", "hybrid"]
CANDIDATES = 640  # what SearchService fetches at most per list for topK 10 with maxPerRecord (10*4*4*4)


def post(url, key, body):
    req = urllib.request.Request(url, data=json.dumps(body).encode(), method="POST",
                                 headers={"Content-Type": "application/json",
                                          "Authorization": "Bearer " + key})
    with urllib.request.urlopen(req, timeout=3600) as r:
        return json.load(r)


def read_jsonl(path):
    with open(path, encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]


def load(folder):
    corpus = read_jsonl(os.path.join(folder, "corpus.jsonl"))
    queries = {q["_id"]: q["text"] for q in read_jsonl(os.path.join(folder, "queries.jsonl"))}
    qrels = {}
    with open(os.path.join(folder, "qrels", "dev.tsv"), encoding="utf-8") as f:
        next(f)
        for line in f:
            qid, did, score = line.rstrip("\n").split("\t")
            if int(score) > 0:
                qrels.setdefault(qid, set()).add(did)
    return corpus, queries, qrels


def doc_text(doc):
    return (doc.get("text") or "").strip() or (doc.get("title") or "").strip()


def ingest(url, key, source, corpus):
    batch, statuses, chunks = [], {}, 0
    for doc in corpus:
        text = doc_text(doc)
        if text:
            batch.append({"id": doc["_id"], "text": text, "acl": ["eval"]})
        # at most 50 documents or ~60,000 characters a request: COVID-QA's full articles are ~60 chunks
        # each, and 50 of them took longer than a request may wait on a loaded machine
        if len(batch) == 50 or sum(len(r["text"]) for r in batch) > 60_000:
            chunks += flush(url, key, source, batch, statuses)
            batch = []
    chunks += flush(url, key, source, batch, statuses)
    return statuses, chunks


def flush(url, key, source, batch, statuses):
    if not batch:
        return 0
    chunks = 0
    for r in post(f"{url}/v1/sources/{source}/records", key, {"records": batch})["results"]:
        statuses[r["status"]] = statuses.get(r["status"], 0) + 1
        chunks += r.get("chunks") or 0
    return chunks


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--url", required=True)
    ap.add_argument("--key", required=True)
    ap.add_argument("--corpora", required=True)
    ap.add_argument("--model", required=True)
    ap.add_argument("--out", required=True)
    ap.add_argument("--datasets", default=" ".join(DATASETS),
                    help="the corpora to run, space-separated (default: all)")
    args = ap.parse_args()
    out = {"model": args.model, "corpora": {}}
    for name in args.datasets.split():
        corpus, queries, qrels = load(os.path.join(args.corpora, name))
        source = "eval-" + name
        start = time.time()
        statuses, chunks = ingest(args.url, args.key, source, corpus)
        seconds = time.time() - start
        print(f"{args.model} {name}: ingested in {seconds:.0f} s, {chunks} chunks {statuses}", flush=True)
        per_query = {}
        for qid in [q for q in qrels if q in queries]:
            row = {}
            for mode in MODES:
                t = time.time()
                res = post(f"{args.url}/v1/search", args.key,
                           {"query": queries[qid], "mode": mode, "topK": 10, "maxPerRecord": 1,
                            "filter": {"source": source}})
                row[mode] = [h["provenance"]["recordId"] for h in res["results"]]
                row[mode + "Ms"] = (time.time() - t) * 1000
            for mode in ["vector", "keyword"]:
                res = post(f"{args.url}/v1/search", args.key,
                           {"query": queries[qid], "mode": mode, "topK": CANDIDATES,
                            "filter": {"source": source}})
                row[mode + "Candidates"] = [[h["chunkId"], h["provenance"]["recordId"], h["score"]]
                                            for h in res["results"]]
            per_query[qid] = row
        out["corpora"][name] = {"ingestSeconds": seconds, "chunks": chunks, "statuses": statuses,
                                "queries": per_query}
    os.makedirs(os.path.dirname(os.path.abspath(args.out)), exist_ok=True)
    with open(args.out, "w", encoding="utf-8") as f:
        json.dump(out, f)
    print(f"wrote {args.out}")


if __name__ == "__main__":
    main()
