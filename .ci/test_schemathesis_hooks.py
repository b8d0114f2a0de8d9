"""Checks of .ci/schemathesis_hooks.py: it must call a form valid only when the server reads it
as valid, so that it can never hide a server that accepts an invalid form.

Run by .ci/run with the venv's python, from the repository root.
"""

import importlib.util
import sys

import yaml

spec = importlib.util.spec_from_file_location("hooks", ".ci/schemathesis_hooks.py")
hooks = importlib.util.module_from_spec(spec)
spec.loader.exec_module(hooks)

with open("specs/authlete.yaml") as file:
    root = yaml.safe_load(file)
operation = root["paths"]["/api/{serviceId}/client/authorization/update/{clientId}"]["post"]
media = hooks._resolve(operation, root)["requestBody"]["content"][hooks.FORM]
schema, encoding = media["schema"], media.get("encoding", {})


def valid(form: str, media: dict = media) -> bool:
    return hooks.valid_as_sent(form, media) is not None


cases = [
    # A space-delimited list, one item or several, or none.
    ("subject=john&scopes=AAA", True),
    ("subject=john&scopes=openid+email", True),
    ("subject=john&scopes=", True),
    # What a server cannot read as the schema says stays invalid.
    ("scopes=openid", False),  # `subject` is required
    ("subject=john&subject=jane&scopes=", True),
]
failed = [(form, expected) for form, expected in cases if valid(form) != expected]

token = hooks._resolve(root["paths"]["/api/{serviceId}/auth/token/update"]["post"], root)
token_media = token["requestBody"]["content"][hooks.FORM]
for form, expected in [
    ("accessToken=t&accessTokenExpiresAt=5", True),
    ("accessToken=t&accessTokenExpiresAt=abc", False),  # not an integer
    ("accessToken=t&accessTokenPersistent=yes", False),  # not a boolean
    ("accessTokenExpiresAt=5", False),  # `accessToken` is required
    ("accessToken=t&properties=key&properties=value", True),  # objects are left out
]:
    if valid(form, token_media) != expected:
        failed.append((form, expected))
    cases.append((form, expected))
assert hooks._read_form("subject=a&scopes=x+y", schema, encoding) == {"subject": "a", "scopes": ["x", "y"]}
assert hooks._scalar("12", {"type": "integer"}) == 12
for text, kind in [
    ("abc", "integer"),
    ("1.5", "integer"),
    (" 5", "integer"),
    ("1_0", "integer"),
    ("yes", "boolean"),
    ("x", "number"),
    ("nan", "number"),
]:
    try:
        hooks._scalar(text, {"type": kind})
    except ValueError:
        continue
    failed.append((text, kind))
if failed:
    print(f"schemathesis_hooks misjudges: {failed}")
    sys.exit(1)
print(f"schemathesis_hooks: {len(cases) + 8} checks passed")
