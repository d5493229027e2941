"""The peer for bulk reads by id: BatchGetRecord with 100 ids per call from a thread pool (boto3).

Usage: python3 boto3_batch_get.py <endpoint> <feature-group> <ids.txt> <threads>
Prints one JSON line: {"records": N, "seconds": S, "errors": E}.
"""
import json
import sys
import time
from concurrent.futures import ThreadPoolExecutor

import boto3
from botocore.config import Config


def main() -> None:
    endpoint, group, path, threads = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])
    client = boto3.client(
        "sagemaker-featurestore-runtime",
        endpoint_url=endpoint,
        config=Config(max_pool_connections=threads, retries={"max_attempts": 5, "mode": "standard"}),
    )
    with open(path, encoding="utf-8") as f:
        ids = [line.strip() for line in f if line.strip()]
    chunks = [ids[i : i + 100] for i in range(0, len(ids), 100)]
    errors = 0
    records = 0

    def get(chunk):
        nonlocal errors, records
        try:
            out = client.batch_get_record(
                Identifiers=[{"FeatureGroupName": group, "RecordIdentifiersValueAsString": chunk}]
            )
            records += len(out.get("Records", []))
        except Exception:  # noqa: BLE001
            errors += 1

    started = time.perf_counter()
    with ThreadPoolExecutor(max_workers=threads) as pool:
        list(pool.map(get, chunks))
    print(json.dumps({"records": records, "seconds": time.perf_counter() - started, "errors": errors}))


if __name__ == "__main__":
    main()
