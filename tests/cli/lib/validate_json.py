# validate_json.py: check JSON output against a schema of docs/schemas/ with the jsonschema library.
#
#   python3 validate_json.py --schemas SCHEMA...          every schema is valid 2020-12 and uses
#                                                         only keywords jsonschema checks
#   python3 validate_json.py SCHEMA FILE [--lines]        FILE (one document, or JSON Lines) follows SCHEMA
#
# References between the schemas ("report.schema.json#/$defs/table") resolve
# against the schema's own directory, from memory: nothing is fetched. Prints one
# line per problem and exits 1 when there is any.
import json
import pathlib
import sys

import jsonschema

Validator = jsonschema.Draft202012Validator

# Keywords that only annotate (the validator has no function for them) but are fine to use.
ANNOTATIONS = {"$schema", "$id", "$defs", "$comment", "title", "description", "examples", "default",
               "deprecated", "readOnly", "writeOnly"}
# Keywords jsonschema knows but does not assert by default: a schema using them would look
# stricter than the test is.
NOT_ASSERTED = {"format", "contentEncoding", "contentMediaType", "contentSchema"}
SUBSCHEMA_MAPS = ("properties", "patternProperties", "$defs", "dependentSchemas")
SUBSCHEMA_LISTS = ("allOf", "anyOf", "oneOf", "prefixItems")
SUBSCHEMAS = ("items", "additionalProperties", "not", "if", "then", "else", "contains",
              "propertyNames", "unevaluatedItems", "unevaluatedProperties")


def load(path):
    with open(path, encoding="utf-8") as f:
        return json.load(f)


def keyword_problems(schema, where):
    """Keywords in schema (recursively) that jsonschema would silently ignore."""
    if isinstance(schema, bool):
        return []
    if not isinstance(schema, dict):
        return ["%s: a schema must be an object or a boolean" % where]
    out = []
    for key, value in schema.items():
        if key.startswith("x-"):
            continue          # extensions for parley's own tests (x-columns)
        if key in NOT_ASSERTED:
            out.append("%s: '%s' is not asserted by the validator; use pattern or enum" % (where, key))
        elif key not in Validator.VALIDATORS and key not in ANNOTATIONS:
            out.append("%s: unknown keyword '%s'" % (where, key))
        if key in SUBSCHEMA_MAPS:
            for name, sub in value.items():
                out += keyword_problems(sub, "%s/%s/%s" % (where, key, name))
        elif key in SUBSCHEMA_LISTS:
            for i, sub in enumerate(value):
                out += keyword_problems(sub, "%s/%s/%d" % (where, key, i))
        elif key in SUBSCHEMAS:
            out += keyword_problems(value, "%s/%s" % (where, key))
    return out


def validator_for(path):
    """A validator for the schema at path that resolves references to its sibling schemas."""
    path = pathlib.Path(path).resolve()
    store = {p.as_uri(): load(p) for p in path.parent.glob("*.json")}
    schema = store[path.as_uri()]
    try:
        import referencing          # jsonschema 4.18 and later
        registry = referencing.Registry().with_resources(
            (uri, referencing.Resource.from_contents(s, default_specification=referencing.jsonschema.DRAFT202012))
            for uri, s in store.items())
        return Validator({"$ref": path.as_uri()}, registry=registry)
    except ImportError:             # Debian 12's jsonschema 4.10
        resolver = jsonschema.RefResolver(base_uri=path.as_uri(), referrer=schema, store=store)
        return Validator(schema, resolver=resolver)


def where(error):
    return "/" + "/".join(str(p) for p in error.absolute_path)


def check_schemas(paths):
    problems = []
    for p in paths:
        schema = load(p)
        try:
            Validator.check_schema(schema)
        except jsonschema.exceptions.SchemaError as e:
            problems.append("%s: not a valid schema: %s" % (p, e.message))
        problems += ["%s: %s" % (pathlib.Path(p).name, m) for m in keyword_problems(schema, "#")]
    return problems


def check_instances(schema_path, file_path, lines):
    validator = validator_for(schema_path)
    with open(file_path, encoding="utf-8") as f:
        docs = [json.loads(line) for line in f if line.strip()] if lines else [json.load(f)]
    if not docs:
        return ["%s: no records" % file_path]
    problems = []
    for n, doc in enumerate(docs, 1):
        errors = list(validator.iter_errors(doc))
        if errors:   # the deepest, most specific error says most; the count says how bad it is
            best = jsonschema.exceptions.best_match(errors)
            more = " (and %d more)" % (len(errors) - 1) if len(errors) > 1 else ""
            problems.append("%s%s %s: %s%s" % (file_path, ":%d" % n if lines else "", where(best),
                                               best.message[:200], more))
    return problems


def main(argv):
    if argv[:1] == ["--schemas"]:
        problems = check_schemas(argv[1:])
    elif len(argv) in (2, 3):
        problems = check_instances(argv[0], argv[1], argv[2:] == ["--lines"])
    else:
        print(__doc__.strip(), file=sys.stderr)
        return 2
    for p in problems:
        print(p)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
