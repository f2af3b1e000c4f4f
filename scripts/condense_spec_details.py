"""Condenses the "specification details" of ``optic diff`` output; every other line passes as is.

Optic lists changes outside ``paths`` (webhooks, ``info``) as one line per kind of change: every
JSON pointer it touched, comma-separated, then ``added``, ``changed`` or ``removed``. A webhook's
schema is inlined once per union variant and response code, so one new field shows up as dozens
of pointers. This prints one line per changed place instead, e.g.::

    - added: webhook invocation POST request body: callbackInfo.expiresAt

Reads optic's text output on stdin and writes the condensed text to stdout.
"""

from __future__ import annotations

import re
import sys

DETAILS_HEADING = "specification details:"
KINDS = ("added", "changed", "removed")
# Lines about Optic's web view and cloud service, which this build does not use.
TOOL_HINTS = ("--web flag", "useoptic.com")
_COMBINATORS = {"oneOf", "anyOf", "allOf", "items", "additionalProperties"}


def describe_pointer(pointer: str) -> str:
    """A readable place for one JSON pointer of the spec."""
    parts = [part.replace("~1", "/").replace("~0", "~") for part in pointer.strip("/").split("/")]
    if parts[0] != "webhooks" or len(parts) < 3:
        return ".".join(parts)
    where = f"webhook {parts[1]} {parts[2].upper()}"
    rest = parts[3:]
    if rest[:1] == ["requestBody"]:
        where += " request body"
    elif rest[:1] == ["responses"] and len(rest) > 1:
        where += f" response {rest[1]}"
    fields: list[str] = []
    tail: list[str] = []
    index = 0
    while index < len(rest):
        part = rest[index]
        if part == "properties" and index + 1 < len(rest):
            fields.append(rest[index + 1])
            tail = []
            index += 2
            continue
        if part not in _COMBINATORS and not part.isdigit():
            tail.append(part)
        index += 1
    what = ".".join(fields) or "(body)"
    kept_tail = [part for part in tail if part not in {"schema", "content", "application/json"}]
    if kept_tail and kept_tail[-1] not in {"requestBody", "responses"}:
        what += f" ({' '.join(kept_tail[-2:])})"
    return f"{where}: {what}"


def condense(lines: list[str]) -> list[str]:
    """Optic's output lines with the details section condensed and its service hints dropped."""
    out: list[str] = []
    in_details = False
    for line in lines:
        if any(hint in line for hint in TOOL_HINTS):
            continue
        if line.strip() == DETAILS_HEADING:
            in_details = True
            out.append(line)
            continue
        match = re.fullmatch(r"- (.*) (added|changed|removed)", line.strip())
        if in_details and match:
            places = dict.fromkeys(describe_pointer(p) for p in match.group(1).split(", "))
            out.extend(f"- {match.group(2)}: {place}" for place in places)
            continue
        in_details = in_details and bool(line.strip())
        out.append(line)
    return out


def main() -> None:
    """Filter stdin to stdout."""
    sys.stdout.write("\n".join(condense(sys.stdin.read().splitlines())) + "\n")


if __name__ == "__main__":
    main()
