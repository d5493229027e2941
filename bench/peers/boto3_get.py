"""The peer for bulk reads: GetRecord per id from a thread pool with boto3.

Usage: python3 boto3_get.py <endpoint> <feature-group> <ids.txt> <threads>
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
    errors = 0

    def get(record_id):
        nonlocal errors
        try:
            client.get_record(FeatureGroupName=group, RecordIdentifierValueAsString=record_id)
        except Exception:  # noqa: BLE001
            errors += 1

    started = time.perf_counter()
    with ThreadPoolExecutor(max_workers=threads) as pool:
        list(pool.map(get, ids))
    print(json.dumps({"records": len(ids), "seconds": time.perf_counter() - started, "errors": errors}))


if __name__ == "__main__":
    main()
