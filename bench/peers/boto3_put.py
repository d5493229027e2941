"""The peer for bulk writes: what the SageMaker Python SDK's `ingest` does — PutRecord per row from a
thread pool — with boto3 against the same sandbox endpoint and credentials.

Usage: python3 boto3_put.py <endpoint> <feature-group> <rows.jsonl> <threads>
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
    records = []
    with open(path, encoding="utf-8") as f:
        for line in f:
            row = json.loads(line)
            record = []
            for name, value in row.items():
                if isinstance(value, list):
                    record.append({"FeatureName": name, "ValueAsStringList": [str(v) for v in value]})
                else:
                    record.append({"FeatureName": name, "ValueAsString": str(value)})
            records.append(record)

    errors = 0

    def put(record):
        nonlocal errors
        try:
            client.put_record(FeatureGroupName=group, Record=record)
        except Exception:  # noqa: BLE001 - the benchmark counts failures, whatever they are
            errors += 1

    started = time.perf_counter()
    with ThreadPoolExecutor(max_workers=threads) as pool:
        list(pool.map(put, records))
    seconds = time.perf_counter() - started
    print(json.dumps({"records": len(records), "seconds": seconds, "errors": errors}))


if __name__ == "__main__":
    main()
