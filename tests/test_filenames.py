"""File names from Content-Disposition: RFC 6266 parsing, sanitising, fallbacks, uniqueness."""

from __future__ import annotations

import os
import unicodedata
from pathlib import Path
from urllib.parse import quote

import pytest
from _work_count import python_calls
from hypothesis import given, settings
from hypothesis import strategies as st

from sectra_client._download._filenames import (
    MAX_FILENAME_BYTES,
    UniqueNames,
    extension_for_content_type,
    fallback_filename,
    filename_from_content_disposition,
    safe_filename,
)


@pytest.mark.parametrize(
    ("header", "expected"),
    [
        ('attachment; filename="slide.svs"', "slide.svs"),
        ("attachment; filename=slide.svs", "slide.svs"),
        ('attachment; filename="i0000,0000b.dcm"', "i0000,0000b.dcm"),
        ('inline; FILENAME="upper.tiff"', "upper.tiff"),
        ('attachment;filename="no-space.bin";size=12', "no-space.bin"),
    ],
)
def test_plain_filename_parameter_is_read(header: str, expected: str) -> None:
    assert filename_from_content_disposition(header) == expected


def test_extended_filename_is_preferred_over_plain_filename() -> None:
    header = "attachment; filename=\"naive.bin\"; filename*=UTF-8''na%C3%AFve.bin"
    assert filename_from_content_disposition(header) == "naïve.bin"


def test_extended_filename_is_preferred_even_when_sent_first() -> None:
    header = "attachment; filename*=UTF-8''na%C3%AFve.bin; filename=\"naive.bin\""
    assert filename_from_content_disposition(header) == "naïve.bin"


def test_extended_filename_in_iso_8859_1_is_decoded() -> None:
    header = "attachment; filename*=ISO-8859-1'en'%A3%20rates.bin"
    assert filename_from_content_disposition(header) == "£ rates.bin"


def test_undecodable_extended_filename_falls_back_to_plain_filename() -> None:
    header = "attachment; filename*=UTF-8''%FF%FE.bin; filename=\"plain.bin\""
    assert filename_from_content_disposition(header) == "plain.bin"


def test_extended_filename_with_unknown_charset_falls_back_to_plain_filename() -> None:
    header = "attachment; filename*=no-such-charset''x.bin; filename=\"plain.bin\""
    assert filename_from_content_disposition(header) == "plain.bin"


def test_quoted_filename_may_hold_semicolons_and_escaped_quotes() -> None:
    header = r'attachment; filename="a;b \"quoted\" \\ name.svs"; size=3'
    assert filename_from_content_disposition(header) == 'a;b "quoted" \\ name.svs'


def test_unquoted_filename_with_spaces_is_read_whole() -> None:
    assert filename_from_content_disposition("attachment; filename=my slide.svs") == "my slide.svs"


def test_rfc2047_encoded_filename_is_decoded() -> None:
    header = 'attachment; filename="=?utf-8?B?bmHDr3ZlLmJpbg==?="'
    assert filename_from_content_disposition(header) == "naïve.bin"


@pytest.mark.parametrize(
    "header",
    [None, "", "attachment", "inline; size=3", 'attachment; filename=""', "attachment; filename"],
)
def test_header_without_a_filename_gives_none(header: str | None) -> None:
    assert filename_from_content_disposition(header) is None


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("../../etc/passwd", "passwd"),
        ("..\\..\\windows\\system32\\x.dll", "x.dll"),
        ("/abs/path", "path"),
        ("C:\\x", "x"),
        ("C:x.tiff", "C_x.tiff"),
        ("\\\\server\\share\\slide.svs", "slide.svs"),
        ("dir/sub/", "sub"),
        ("a\x00b.svs", "a_b.svs"),
        ("tab\there\nnew.bin", "tab_here_new.bin"),
        ("del\x7fc1\x85.bin", "del_c1_.bin"),
        ("evil\u202egpj.exe", "evil_gpj.exe"),
        ('what?<>:"|*.bin', "what_______.bin"),
        (".hidden", "hidden"),
        ("...dots", "dots"),
        ("  spaced out.svs  ", "spaced out.svs"),
        ("trailing.", "trailing"),
        ("CON", "_CON"),
        ("nul.txt", "_nul.txt"),
        ("i0000,0000b.dcm", "i0000,0000b.dcm"),
        ("Färgning HE 染色 ø.tiff", "Färgning HE 染色 ø.tiff"),
        ("lone\udcffsurrogate.bin", "lone_surrogate.bin"),
    ],
)
def test_safe_filename_reduces_a_name_to_one_safe_component(name: str, expected: str) -> None:
    assert safe_filename(name) == expected


@pytest.mark.parametrize("name", ["", ".", "..", "...", "/", "\\", "../", "..\\..", "  ", " . "])
def test_safe_filename_of_an_unusable_name_is_none(name: str) -> None:
    assert safe_filename(name) is None


def test_encoded_traversal_in_extended_filename_is_contained() -> None:
    name = filename_from_content_disposition("attachment; filename*=UTF-8''%2E%2E%2F%2E%2E%2Fx")
    assert name == "../../x"
    assert safe_filename(name) == "x"


def test_overlong_name_is_cut_to_255_bytes_keeping_its_extension() -> None:
    name = "ä" * 300 + ".tiff"
    safe = safe_filename(name)
    assert safe is not None
    assert len(safe.encode()) <= MAX_FILENAME_BYTES
    assert safe.endswith(".tiff")
    assert safe.startswith("ää")


def test_overlong_name_without_extension_is_cut_to_255_bytes() -> None:
    safe = safe_filename("x" * 1000)
    assert safe == "x" * MAX_FILENAME_BYTES


@pytest.mark.parametrize(
    ("content_type", "extension"),
    [
        ("image/tiff", ".tiff"),
        ("application/dicom", ".dcm"),
        ("image/jpeg", ".jpg"),
        ("application/zip", ".zip"),
        ("application/octet-stream", ".bin"),
        ("IMAGE/TIFF; charset=binary", ".tiff"),
        ("image/png", ".png"),
        ("application/x-unknown-thing", ".bin"),
        ("", ".bin"),
        (None, ".bin"),
    ],
)
def test_extension_follows_the_content_type(content_type: str | None, extension: str) -> None:
    assert extension_for_content_type(content_type) == extension


def test_fallback_name_is_the_slide_id_with_an_extension() -> None:
    assert fallback_filename("SLIDE-42", "image/tiff") == "SLIDE-42.tiff"


def test_fallback_names_of_parts_are_numbered() -> None:
    assert fallback_filename("1.2.840.5", "application/dicom", 3) == "1.2.840.5-3.dcm"


def test_fallback_name_sanitises_the_slide_id() -> None:
    assert fallback_filename("../../etc/evil", "image/tiff") == "evil.tiff"
    assert fallback_filename("..", None) == "slide.bin"


def test_fallback_name_of_a_very_long_slide_id_fits_the_limit() -> None:
    name = fallback_filename("s" * 400, "application/dicom", 12345)
    assert len(name.encode()) <= MAX_FILENAME_BYTES
    assert name.endswith("-12345.dcm")


def test_repeated_names_get_a_counter_before_the_extension() -> None:
    names = UniqueNames()
    claimed = [names.claim("scan.dcm") for _ in range(3)]
    assert claimed == ["scan.dcm", "scan (2).dcm", "scan (3).dcm"]


def test_names_differing_only_in_case_count_as_repeated() -> None:
    names = UniqueNames()
    assert names.claim("Scan.DCM") == "Scan.DCM"
    assert names.claim("scan.dcm") == "scan (2).dcm"


def test_a_counter_never_collides_with_a_name_sent_later() -> None:
    names = UniqueNames()
    claimed = [names.claim(name) for name in ("a.dcm", "a.dcm", "a (2).dcm")]
    assert len({name.casefold() for name in claimed}) == 3


def test_counter_on_a_maximal_name_stays_within_the_limit() -> None:
    names = UniqueNames()
    long_name = "x" * (MAX_FILENAME_BYTES - 4) + ".dcm"
    names.claim(long_name)
    second = names.claim(long_name)
    assert len(second.encode()) <= MAX_FILENAME_BYTES
    assert second.endswith(" (2).dcm")


hostile_names = st.one_of(
    st.text(),
    st.text(alphabet="./\\:\x00 \t\u202e%2EF"),
    st.lists(st.sampled_from(["..", ".", "/", "\\", "C:", "a", "%2E", "\x00", " "])).map("".join),
)

header_values = st.one_of(
    st.text(),
    hostile_names.map(lambda name: f'attachment; filename="{name}"'),
    hostile_names.map(lambda name: f"attachment; filename={name}"),
    hostile_names.map(lambda name: f"attachment; filename*=UTF-8''{quote(name, safe='')}"),
    hostile_names.map(lambda name: f"attachment; filename*=UTF-8''{name}"),
)


def assert_single_safe_component(name: str, folder: Path) -> None:
    assert name
    assert name not in (".", "..")
    assert "/" not in name
    assert "\\" not in name
    assert not name.startswith(".")
    assert not any(unicodedata.category(character) in ("Cc", "Cs") for character in name)
    assert len(name.encode("utf-8")) <= MAX_FILENAME_BYTES
    assert (folder / name).resolve().parent == folder.resolve()
    assert os.path.dirname(os.path.normpath(os.path.join(folder, name))) == str(folder)


@settings(max_examples=400, deadline=None)
@given(header=header_values)
def test_any_header_value_yields_one_safe_name_inside_the_folder(
    header: str, tmp_path_factory: pytest.TempPathFactory
) -> None:
    folder = tmp_path_factory.getbasetemp() / "output"
    suggested = filename_from_content_disposition(header)
    name = (safe_filename(suggested) if suggested else None) or fallback_filename("slide", None)
    assert_single_safe_component(name, folder)


@settings(max_examples=300, deadline=None)
@given(slide_id=hostile_names, content_type=st.text(), number=st.none() | st.integers(1, 10**6))
def test_any_slide_id_yields_a_safe_fallback_name(
    slide_id: str, content_type: str, number: int | None, tmp_path_factory: pytest.TempPathFactory
) -> None:
    folder = tmp_path_factory.getbasetemp() / "output"
    assert_single_safe_component(fallback_filename(slide_id, content_type, number), folder)


def test_claiming_one_name_10000_times_costs_what_10000_distinct_names_cost() -> None:
    count = 10_000
    distinct = python_calls(lambda: claim_all([f"scan-{n}.dcm" for n in range(count)]), 10**6)

    repeated = python_calls(lambda: claim_all(["scan.dcm"] * count), budget=3 * distinct)

    assert repeated <= 3 * distinct


def test_repeated_names_and_literal_counters_still_get_distinct_names() -> None:
    sent = ["scan.dcm", "scan.dcm", "scan (3).dcm", "SCAN.DCM", "scan.dcm", "scan (2).dcm"]

    claimed = claim_all(sent)

    assert claimed == [
        "scan.dcm",
        "scan (2).dcm",
        "scan (3).dcm",
        "SCAN (4).DCM",
        "scan (5).dcm",
        "scan (2) (2).dcm",
    ]


def claim_all(names: list[str]) -> list[str]:
    unique = UniqueNames()
    return [unique.claim(name) for name in names]
