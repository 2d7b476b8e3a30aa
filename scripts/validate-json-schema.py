#!/usr/bin/env python3
"""Validates JSON documents against a JSON Schema with the `jsonschema` package.

Usage: validate-json-schema.py SCHEMA DOCUMENT...

The validator is the one the schema's `$schema` declares (draft-04 for the official SARIF 2.1.0
schema, 2020-12 for Reports/schema/archverify-report.schema.json); the schema itself is checked
first. Prints `DOCUMENT: valid` per valid document, or every error with its JSON pointer on
standard error, and exits 1 when any document is invalid, 2 on a usage error. The archverify
tests run it with the interpreter of the test venv (`make test-venv`).
"""

import json
import sys

try:
    import jsonschema
    from jsonschema import validators
except ImportError:
    sys.stderr.write(
        "validate-json-schema.py: the jsonschema package is missing; "
        "run `make test-venv` and use .build/test-venv/bin/python\n"
    )
    sys.exit(2)


def pointer(path):
    return "/" + "/".join(str(part).replace("~", "~0").replace("/", "~1") for part in path)


def main(arguments):
    if len(arguments) < 2:
        sys.stderr.write("usage: validate-json-schema.py SCHEMA DOCUMENT...\n")
        return 2
    schema_path, documents = arguments[0], arguments[1:]
    with open(schema_path, encoding="utf-8") as handle:
        schema = json.load(handle)
    validator_class = validators.validator_for(schema)
    validator_class.check_schema(schema)
    validator = validator_class(schema, format_checker=validator_class.FORMAT_CHECKER)
    failed = False
    for document_path in documents:
        with open(document_path, encoding="utf-8") as handle:
            document = json.load(handle)
        errors = sorted(validator.iter_errors(document), key=lambda error: list(error.absolute_path))
        if not errors:
            print(f"{document_path}: valid")
            continue
        failed = True
        for error in errors:
            message = error.message if len(error.message) <= 300 else error.message[:300] + "..."
            sys.stderr.write(
                f"{document_path}: {pointer(error.absolute_path)}: {message} "
                f"(schema {pointer(error.absolute_schema_path)})\n"
            )
    return 1 if failed else 0


if __name__ == "__main__":
    try:
        sys.exit(main(sys.argv[1:]))
    except (OSError, ValueError, jsonschema.SchemaError) as error:
        sys.stderr.write(f"validate-json-schema.py: {error}\n")
        sys.exit(2)
