"""The peer for one record: the few lines a boto3 user writes. Usage: boto3_get_one.py <endpoint> <group> <id>"""
import sys

import boto3

client = boto3.client("sagemaker-featurestore-runtime", endpoint_url=sys.argv[1])
print(client.get_record(FeatureGroupName=sys.argv[2], RecordIdentifierValueAsString=sys.argv[3])["Record"])
