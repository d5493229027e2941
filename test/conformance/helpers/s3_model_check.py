"""Checks each S3 answer against botocore's S3 model (service-2.json), before botocore parses it.

botocore's REST-XML parser is lenient: it drops elements it does not know and never complains about
a misspelt one. This check is not: every element of a 2xx body must be a member of the output
shape (by its serialized name, flattened lists included), scalars must parse as their type, list
items must carry the member's element name, the root must be the one S3's API reference gives,
and error bodies must be <Error> with a Code and Message.

Used two ways, both appending one JSON line per answer to $FSHARE_S3_MODEL_LOG:
- as an AWS CLI v1 plugin (config `[plugins] s3modelcheck = s3_model_check`, module on PYTHONPATH);
- from s3_calls.py, registered on a boto3 client's events.
"""
import json
import os
import re
import xml.etree.ElementTree as ET

# Root element names from the S3 API reference (botocore's model does not carry them).
ROOTS = {
    "ListBuckets": "ListAllMyBucketsResult",
    "ListObjects": "ListBucketResult",
    "ListObjectsV2": "ListBucketResult",
    "GetBucketAcl": "AccessControlPolicy",
    "GetBucketLocation": "LocationConstraint",
    "DeleteObjects": "DeleteResult",
    "CreateMultipartUpload": "InitiateMultipartUploadResult",
    "CompleteMultipartUpload": "CompleteMultipartUploadResult",
    "ListParts": "ListPartsResult",
    "ListMultipartUploads": "ListMultipartUploadsResult",
    "CopyObject": "CopyObjectResult",
    "UploadPartCopy": "CopyPartResult",
}

ISO8601 = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$")


def _tag(element):
    return element.tag.split("}", 1)[-1]


def _scalar_problem(shape, text, path):
    kind = shape.type_name
    if kind in ("integer", "long") and not re.fullmatch(r"-?\d+", text):
        return f"{path}: {text!r} is not an {kind}"
    if kind == "boolean" and text not in ("true", "false"):
        return f"{path}: {text!r} is not a boolean"
    if kind == "timestamp" and not ISO8601.match(text):
        return f"{path}: {text!r} is not an ISO 8601 timestamp"
    enum = shape.metadata.get("enum")
    if enum and text not in enum and not (path == "LocationConstraint" and text == ""):
        return f"{path}: {text!r} is not one of {shape.name}'s values"
    return None


def _element_name(name, member):
    """The element a structure member appears as; a flattened list repeats its own name."""
    if member.type_name == "list" and member.serialization.get("flattened"):
        return member.serialization.get("name") or member.member.serialization.get("name", name)
    return member.serialization.get("name", name)


def check_value(shape, element, path, problems):
    kind = shape.type_name
    if kind == "structure":
        members = {
            _element_name(name, m): m
            for name, m in shape.members.items()
            if m.serialization.get("location") is None
        }
        for child in element:
            member = members.get(_tag(child))
            where = f"{path}/{_tag(child)}"
            if member is None:
                problems.append(f"{where}: not a member of {shape.name}")
            elif member.type_name == "list" and member.serialization.get("flattened"):
                check_value(member.member, child, where, problems)
            else:
                check_value(member, child, where, problems)
    elif kind == "list":
        item_name = shape.member.serialization.get("name", "member")
        for child in element:
            if _tag(child) != item_name:
                problems.append(f"{path}/{_tag(child)}: {shape.name} items are <{item_name}>")
            else:
                check_value(shape.member, child, f"{path}/{item_name}", problems)
    else:
        if len(element):
            problems.append(f"{path}: a {kind} has child elements")
            return
        # us-east-1's location is an empty <LocationConstraint/>, as S3 answers.
        problem = _scalar_problem(shape, element.text or "", path)
        if problem:
            problems.append(problem)


def check(operation_model, status, headers, body):
    """Problems with one answer, as strings; an empty list when it fits the model."""
    problems = []
    name = operation_model.name
    raw = body if isinstance(body, (bytes, bytearray)) else None
    if status >= 300:
        if raw:
            root = ET.fromstring(raw)
            children = [_tag(c) for c in root]
            if _tag(root) != "Error" or "Code" not in children or "Message" not in children:
                problems.append(f"error body is not <Error> with <Code> and <Message>: {raw[:200]!r}")
        return problems
    output = operation_model.output_shape
    if output is None:
        return problems
    for member_name, member in output.members.items():
        if member.serialization.get("location") == "header":
            value = headers.get(member.serialization.get("name", member_name))
            if value is not None and member.type_name != "timestamp":
                problem = _scalar_problem(member, value, f"header {member_name}")
                if problem:
                    problems.append(problem)
    payload = output.serialization.get("payload")
    if payload is not None:
        member = output.members[payload]
        if member.type_name != "structure":
            return problems  # a blob or string payload (GetObject, GetBucketPolicy): any bytes fit
        shape = member
    else:
        shape = output
    body_members = [m for m in output.members.values() if m.serialization.get("location") is None]
    if raw is None:
        return problems
    if not raw.strip():
        if name in ROOTS:
            problems.append(f"{name}: empty body, expected <{ROOTS[name]}>")
        return problems
    if not body_members:
        problems.append(f"{name}: the model has no body, got {raw[:120]!r}")
        return problems
    root = ET.fromstring(raw)
    expected_root = ROOTS.get(name)
    if expected_root and _tag(root) != expected_root:
        problems.append(f"{name}: root <{_tag(root)}>, S3 answers <{expected_root}>")
    if name == "GetBucketLocation":
        check_value(output.members["LocationConstraint"], root, "LocationConstraint", problems)
    else:
        check_value(shape, root, _tag(root), problems)
    return problems


def _log(record):
    target = os.environ.get("FSHARE_S3_MODEL_LOG")
    if target:
        with open(target, "a", encoding="utf-8") as out:
            out.write(json.dumps(record) + "\n")


def before_parse(operation_model, response_dict, **_kwargs):
    try:
        problems = check(
            operation_model,
            response_dict["status_code"],
            response_dict["headers"],
            response_dict.get("body"),
        )
    except ET.ParseError as error:
        problems = [f"not XML: {error}"]
    except Exception as error:  # noqa: BLE001 - a checker bug must show up as a problem, not hide
        problems = [f"checker failed: {error!r}"]
    _log({"operation": operation_model.name, "status": response_dict["status_code"], "problems": problems})


def register(events):
    events.register("before-parse.s3", before_parse)


def awscli_initialize(event_hooks):
    register(event_hooks)
