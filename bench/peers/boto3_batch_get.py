"""The peer for bulk reads by id: BatchGetRecord with 100 ids per call from a thread pool (boto3).

Usage: python3 boto3_batch_get.py <endpoint> <feature-group> <ids.txt> <threads>
Prints one JSON line: {"records": N, "seconds": S, "errors": E}.
"""
import sys

from pool import run_pool, runtime_client


def main() -> None:
    endpoint, group, path, threads = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])
    client = runtime_client(endpoint, threads)
    with open(path, encoding="utf-8") as f:
        ids = [line.strip() for line in f if line.strip()]
    chunks = [ids[i : i + 100] for i in range(0, len(ids), 100)]

    def get(chunk):
        out = client.batch_get_record(
            Identifiers=[{"FeatureGroupName": group, "RecordIdentifiersValueAsString": chunk}]
        )
        return len(out.get("Records", []))

    run_pool(get, chunks, threads)


if __name__ == "__main__":
    main()
