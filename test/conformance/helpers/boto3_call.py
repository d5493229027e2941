"""Calls one AWS operation with boto3 and prints the outcome as one JSON line.

Usage: python3 boto3_call.py SERVICE OPERATION 'JSON_PARAMS'
Credentials, region and endpoint come from the environment (AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY,
AWS_DEFAULT_REGION, AWS_ENDPOINT_URL). Prints {"ok": true, "response": {...}} or
{"ok": false, "code": ..., "status": ..., "message": ...}.
"""
import json
import os
import sys

import boto3
from botocore.config import Config
from botocore.exceptions import ClientError


def main() -> None:
    service, operation, params = sys.argv[1], sys.argv[2], json.loads(sys.argv[3])
    client = boto3.client(
        service,
        endpoint_url=os.environ["AWS_ENDPOINT_URL"],
        region_name=os.environ.get("AWS_DEFAULT_REGION", "us-east-1"),
        config=Config(retries={"max_attempts": 1}, inject_host_prefix=False),
    )
    try:
        response = getattr(client, operation)(**params)
        response.pop("ResponseMetadata", None)
        print(json.dumps({"ok": True, "response": response}, default=str))
    except ClientError as error:
        print(
            json.dumps(
                {
                    "ok": False,
                    "code": error.response.get("Error", {}).get("Code"),
                    "status": error.response.get("ResponseMetadata", {}).get("HTTPStatusCode"),
                    "message": error.response.get("Error", {}).get("Message"),
                }
            )
        )


main()
