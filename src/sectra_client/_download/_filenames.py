"""File names for downloaded slide files: read from headers, made safe, kept unique.

A server-sent name is only a suggestion. :func:`safe_filename` reduces it to one plain file
name that stays inside the output folder on any operating system; when nothing usable is left,
:func:`fallback_filename` names the file after the slide. :class:`UniqueNames` keeps two files
of one download from sharing a name.
"""

from __future__ import annotations

import mimetypes
import re
import unicodedata
from email.header import decode_header, make_header
from urllib.parse import unquote_to_bytes

__all__ = [
    "MAX_FILENAME_BYTES",
    "UniqueNames",
    "extension_for_content_type",
    "fallback_filename",
    "filename_from_content_disposition",
    "safe_filename",
]

MAX_FILENAME_BYTES = 255
"""The longest file name produced, in UTF-8 bytes (the limit of common file systems)."""

_MAX_EXTENSION_BYTES = 32
_PATH_SEPARATORS = re.compile(r"[/\\]")
# Control characters (C0, DEL, C1), characters Windows forbids in names, bidirectional
# overrides that disguise an extension, line separators and lone surrogates.
_UNSAFE_CHARACTERS = re.compile(
    '[\x00-\x1f\x7f-\x9f<>:"|?*\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069'
    "\ud800-\udfff]"
)
_LEADING_DOTS_AND_SPACE = re.compile(r"\A[\s.]+")
_TRAILING_DOTS_AND_SPACE = re.compile(r"[\s.]+\Z")
_WINDOWS_DEVICE_NAMES = frozenset(
    ["CON", "PRN", "AUX", "NUL", "CONIN$", "CONOUT$"]
    + [f"{port}{digit}" for port in ("COM", "LPT") for digit in "123456789¹²³"]
)
_ENCODED_WORD = re.compile(r"=\?[^?\s]+\?[bBqQ]\?[^?\s]*\?=")
_EXTENSION = re.compile(r"\.[A-Za-z0-9]{1,16}")
_EXTENSIONS_BY_MEDIA_TYPE = {
    "application/dicom": ".dcm",
    "application/octet-stream": ".bin",
    "application/x-zip-compressed": ".zip",
    "application/zip": ".zip",
    "image/jp2": ".jp2",
    "image/jpeg": ".jpg",
    "image/png": ".png",
    "image/tiff": ".tiff",
}


def filename_from_content_disposition(value: str | None) -> str | None:
    """The file name a ``Content-Disposition`` header value suggests, not yet made safe.

    Follows RFC 6266: ``filename*`` (RFC 8187, e.g. ``UTF-8''na%C3%AFve.bin`` or
    ``ISO-8859-1'en'%A3.bin``) wins over ``filename``; quoted strings may hold semicolons and
    backslash escapes. Sloppy real-world forms are tolerated: unquoted names with spaces, and an
    RFC 2047 encoded word (``=?utf-8?B?...?=``) as the ``filename``. Returns None when the value
    names no file or the name cannot be decoded. Pass the result to :func:`safe_filename`.
    """
    if not value:
        return None
    plain: str | None = None
    extended: str | None = None
    for parameter in _split_parameters(value)[1:]:
        name, equals, raw = parameter.partition("=")
        if not equals:
            continue
        name = name.strip().lower()
        if name == "filename*" and extended is None:
            extended = _decode_extended_value(_unquote(raw.strip()))
        elif name == "filename" and plain is None:
            plain = _decode_encoded_words(_unquote(raw.strip()))
    return extended or plain or None


def safe_filename(name: str) -> str | None:
    """``name`` reduced to a file name that is safe to create inside the output folder.

    The result is one path component: the last component of ``name`` (split on ``/`` and
    ``\\``), with control characters, characters Windows forbids (``<>:"|?*``), bidirectional
    overrides and lone surrogates replaced by ``_``; dots and whitespace at either end removed
    (so it is never hidden, ``.`` or ``..``, nor changed by Windows); a Windows device name
    (``CON``, ``NUL.txt``, ...) prefixed with ``_``; and cut to :data:`MAX_FILENAME_BYTES`
    UTF-8 bytes, keeping the extension. Other characters are kept, so DICOM names like
    ``i0000,0000b.dcm`` and unicode names pass unchanged.

    Returns None when nothing usable is left.
    """
    components = [part for part in _PATH_SEPARATORS.split(name) if part.strip()]
    if not components:
        return None
    cleaned = _UNSAFE_CHARACTERS.sub("_", components[-1])
    cleaned = _TRAILING_DOTS_AND_SPACE.sub("", _LEADING_DOTS_AND_SPACE.sub("", cleaned))
    if not cleaned:
        return None
    if cleaned.split(".", 1)[0].rstrip(" ").upper() in _WINDOWS_DEVICE_NAMES:
        cleaned = "_" + cleaned
    return _limit_length(cleaned)


def extension_for_content_type(content_type: str | None) -> str:
    """The file extension (with its dot) for a media type; ``.bin`` when unknown.

    ``image/tiff`` gives ``.tiff``, ``application/dicom`` ``.dcm``, ``image/jpeg`` ``.jpg``,
    ``application/zip`` ``.zip``; other types come from :mod:`mimetypes`.
    """
    media_type = (content_type or "").split(";", 1)[0].strip().lower()
    extension = _EXTENSIONS_BY_MEDIA_TYPE.get(media_type)
    if extension is None and media_type:
        extension = mimetypes.guess_extension(media_type, strict=False)
    if extension is None or _EXTENSION.fullmatch(extension) is None:
        return ".bin"
    return extension


def fallback_filename(slide_id: str, content_type: str | None, number: int | None = None) -> str:
    """The name of a file the server did not name usably: the slide id plus an extension.

    ``number`` (the part's position, from 1) is added for parts of a multipart download, as in
    ``<slide id>-3.dcm``; the single-file form gives ``<slide id>.tiff``. A slide id that is not
    safe as a file name is reduced by :func:`safe_filename`, or replaced by ``slide``.
    """
    base = safe_filename(slide_id) or "slide"
    counter = "" if number is None else f"-{number}"
    extension = extension_for_content_type(content_type)
    limit = MAX_FILENAME_BYTES - len(counter.encode()) - len(extension.encode())
    return f"{_truncate_utf8(base, limit)}{counter}{extension}"


class UniqueNames:
    """Hands out file names so that no two files of one download share a name.

    A repeated name gets a counter before its extension: the second ``scan.dcm`` becomes
    ``scan (2).dcm``, the third ``scan (3).dcm``. Names are compared as case-insensitive
    file systems do (case-folded, unicode-normalised), so ``A.dcm`` and ``a.dcm`` count as the
    same name. Each name remembers the next counter to try, so claiming a name repeated
    ``n`` times costs time proportional to ``n``, not ``n²``.
    """

    def __init__(self) -> None:
        self._taken: set[str] = set()
        self._next_counter: dict[str, int] = {}

    def claim(self, name: str) -> str:
        """Reserve ``name``, or the first free numbered variant of it, and return it."""
        key = _comparison_key(name)
        candidate, candidate_key = name, key
        counter = self._next_counter.get(key, 2)
        while candidate_key in self._taken:
            candidate = _with_counter(name, counter)
            candidate_key = _comparison_key(candidate)
            counter += 1
        self._next_counter[key] = counter
        self._taken.add(candidate_key)
        return candidate


def _split_parameters(value: str) -> list[str]:
    """Split a header value on semicolons that are outside quoted strings."""
    segments: list[str] = []
    current: list[str] = []
    in_quotes = False
    escaped = False
    for character in value:
        if escaped:
            escaped = False
        elif in_quotes and character == "\\":
            escaped = True
        elif character == '"':
            in_quotes = not in_quotes
        elif character == ";" and not in_quotes:
            segments.append("".join(current))
            current = []
            continue
        current.append(character)
    segments.append("".join(current))
    return segments


def _unquote(raw: str) -> str:
    """The content of a quoted string (escapes resolved), or ``raw`` if it is not quoted."""
    if not raw.startswith('"'):
        return raw
    characters: list[str] = []
    escaped = False
    for character in raw[1:]:
        if escaped:
            characters.append(character)
            escaped = False
        elif character == "\\":
            escaped = True
        elif character == '"':
            break
        else:
            characters.append(character)
    return "".join(characters)


def _decode_extended_value(raw: str) -> str | None:
    """Decode an RFC 8187 ``charset'language'percent-encoded`` value; None if invalid."""
    charset, quote_1, rest = raw.partition("'")
    _language, quote_2, encoded = rest.partition("'")
    if not (quote_1 and quote_2 and charset.strip()):
        return None
    try:
        return unquote_to_bytes(encoded.strip()).decode(charset.strip())
    except (LookupError, UnicodeDecodeError, ValueError):
        return None


def _decode_encoded_words(value: str) -> str:
    """Decode a value made of RFC 2047 encoded words; other values are returned unchanged."""
    if _ENCODED_WORD.search(value) is None:
        return value
    try:
        return str(make_header(decode_header(value)))
    except (LookupError, UnicodeDecodeError, ValueError):
        return value


def _limit_length(name: str) -> str:
    if len(name.encode("utf-8")) <= MAX_FILENAME_BYTES:
        return name
    stem, extension = _split_extension(name)
    limit = MAX_FILENAME_BYTES - len(extension.encode("utf-8"))
    return _TRAILING_DOTS_AND_SPACE.sub("", _truncate_utf8(stem, limit)) + extension


def _split_extension(name: str) -> tuple[str, str]:
    """Split ``name`` into stem and extension (with its dot); a long suffix is not one."""
    stem, dot, suffix = name.rpartition(".")
    if dot and stem and 0 < len(suffix.encode("utf-8")) <= _MAX_EXTENSION_BYTES:
        return stem, "." + suffix
    return name, ""


def _truncate_utf8(text: str, limit: int) -> str:
    return text.encode("utf-8")[:limit].decode("utf-8", "ignore")


def _with_counter(name: str, counter: int) -> str:
    stem, extension = _split_extension(name)
    label = f" ({counter})"
    limit = MAX_FILENAME_BYTES - len(label.encode()) - len(extension.encode("utf-8"))
    return f"{_truncate_utf8(stem, limit)}{label}{extension}"


def _comparison_key(name: str) -> str:
    return unicodedata.normalize("NFC", name).casefold()
