"""Runs a list of boto3 S3 calls in one process, each answer checked against botocore's model.

Usage: python3 s3_calls.py < JSON_LIST, where each item is {"op": name, "params": {...}} and may add
"strip_checksums": true (the request leaves without Content-MD5 or x-amz-checksum-*, removed before
signing, so only the server's own rule can refuse it), "set_headers": {...} (added before signing,
after any stripping), or "client_config": {...} (botocore Config).
Ops are client methods, plus upload_file/download_file with "transfer": {TransferConfig args}.
A "BodyFile" param is read into Body. Credentials and endpoint come from the environment.
Prints a JSON list of {"ok": true, "response": {...}} or {"ok": false, "code", "status", "message"}.
"""
import json
import os
import sys

import boto3
from boto3.s3.transfer import TransferConfig
from botocore.config import Config
from botocore.exceptions import ClientError

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import s3_model_check  # noqa: E402


def strip_checksums(request, **_kwargs):
    for name in list(request.headers.keys()):
        lower = name.lower()
        if lower == "content-md5" or lower.startswith("x-amz-checksum-") or lower == "x-amz-sdk-checksum-algorithm":
            del request.headers[name]


def make_client(extra):
    client = boto3.client(
        "s3",
        endpoint_url=os.environ["AWS_ENDPOINT_URL"],
        region_name=os.environ.get("AWS_DEFAULT_REGION", "us-east-1"),
        config=Config(retries={"max_attempts": 1}, **extra),
    )
    s3_model_check.register(client.meta.events)
    return client


def run(client, call):
    op, params = call["op"], dict(call.get("params", {}))
    if "BodyFile" in params:
        with open(params.pop("BodyFile"), "rb") as source:
            params["Body"] = source.read()
    if op in ("upload_file", "download_file"):
        getattr(client, op)(**params, Config=TransferConfig(**call.get("transfer", {})))
        return {}
    handler = None
    if call.get("strip_checksums") or call.get("set_headers"):

        def handler(request, **_kwargs):
            if call.get("strip_checksums"):
                strip_checksums(request)
            for name, value in call.get("set_headers", {}).items():
                request.headers[name] = value

        client.meta.events.register_first("before-sign.s3", handler)
    try:
        response = getattr(client, op)(**params)
    finally:
        if handler:
            client.meta.events.unregister("before-sign.s3", handler)
    response.pop("ResponseMetadata", None)
    if "Body" in response:
        response["Body"] = response["Body"].read().decode("latin1")
    return response


def main():
    calls = json.load(sys.stdin)
    clients = {}
    out = []
    for call in calls:
        key = json.dumps(call.get("client_config", {}), sort_keys=True)
        if key not in clients:
            clients[key] = make_client(call.get("client_config", {}))
        try:
            out.append({"ok": True, "response": run(clients[key], call)})
        except ClientError as error:
            out.append(
                {
                    "ok": False,
                    "code": error.response.get("Error", {}).get("Code"),
                    "status": error.response.get("ResponseMetadata", {}).get("HTTPStatusCode"),
                    "message": error.response.get("Error", {}).get("Message"),
                }
            )
    print(json.dumps(out, default=str))


main()
