"""The peer for bulk writes: what the SageMaker Python SDK's `ingest` does — PutRecord per row from a
thread pool — with boto3 against the same sandbox endpoint and credentials.

Usage: python3 boto3_put.py <endpoint> <feature-group> <rows.jsonl> <threads>
Prints one JSON line: {"records": N, "seconds": S, "errors": E}.
"""
import json
import sys

from pool import run_pool, runtime_client


def main() -> None:
    endpoint, group, path, threads = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])
    client = runtime_client(endpoint, threads)
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

    def put(record):
        client.put_record(FeatureGroupName=group, Record=record)
        return 1

    run_pool(put, records, threads)


if __name__ == "__main__":
    main()
