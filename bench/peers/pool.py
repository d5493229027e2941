"""What the bulk peers share: one boto3 Feature Store runtime client sized for a thread pool, and
the pool itself, timed. Each peer prints one JSON line: {"records": N, "seconds": S, "errors": E}.
"""
import json
import time
from concurrent.futures import ThreadPoolExecutor

import boto3
from botocore.config import Config


def runtime_client(endpoint, threads):
    return boto3.client(
        "sagemaker-featurestore-runtime",
        endpoint_url=endpoint,
        config=Config(max_pool_connections=threads, retries={"max_attempts": 5, "mode": "standard"}),
    )


def run_pool(call, items, threads):
    """Runs call(item) for every item on `threads` threads; call returns how many records it moved.
    Any exception counts as one error (the benchmark counts failures, whatever they are)."""
    errors = 0

    def guarded(item):
        nonlocal errors
        try:
            return call(item)
        except Exception:  # noqa: BLE001
            errors += 1
            return 0

    started = time.perf_counter()
    with ThreadPoolExecutor(max_workers=threads) as pool:
        records = sum(pool.map(guarded, items))
    seconds = time.perf_counter() - started
    print(json.dumps({"records": records, "seconds": seconds, "errors": errors}))
