"""doctor's report as text for the terminal and as Markdown for a bug report."""

from __future__ import annotations

from sectra_client.doctor._report import DoctorReport

__all__ = ["render_markdown", "render_text"]


def render_text(report: DoctorReport) -> str:
    """A summary for the terminal: versions, deviations, facts, and the slowest calls."""
    lines = [
        f"Server: IA-API {report.api_version or '?'}, Sectra {report.software_version or '?'}",
        f"Calls: {len(report.calls)} ({'with writes' if report.wrote else 'read-only'})",
        f"Deviations from the contract: {len(report.deviations)}",
    ]
    for deviation in report.sorted_deviations():
        where = f" {deviation.path}" if deviation.path else ""
        seen = f" x{deviation.count}" if deviation.count > 1 else ""
        lines.append(f"  [{deviation.kind}] {deviation.operation}{where}: {deviation.detail}{seen}")
    if report.findings:
        lines.append("Facts about this server:")
        lines += [f"  {finding.question}: {finding.answer}" for finding in report.findings]
    lines.append("Latency per operation (slowest call):")
    for operation, seconds, count in _latencies(report):
        lines.append(f"  {operation}: {seconds * 1000:.0f} ms ({count} calls)")
    lines += [f"Note: {note}" for note in report.notes]
    return "\n".join(lines) + "\n"


def render_markdown(report: DoctorReport) -> str:
    """The report as Markdown, to paste into an issue: every deviation, fact and call."""
    out = [
        "# sectra doctor report",
        "",
        f"- Server: IA-API {report.api_version or '?'}, Sectra {report.software_version or '?'}",
        f"- Mode: {'with writes (--write)' if report.wrote else 'read-only'}",
        f"- Calls: {len(report.calls)}; deviations: {len(report.deviations)}",
        "",
        "## Deviations",
        "",
    ]
    if report.deviations:
        out += [
            "| kind | operation | path | detail | count | found by |",
            "|---|---|---|---|---|---|",
        ]
        for item in report.sorted_deviations():
            out.append(
                f"| {item.kind} | {item.operation} | {_cell(item.path)} | {_cell(item.detail)} "
                f"| {item.count} | {', '.join(item.found_by)} |"
            )
    else:
        out.append("None: every answer matched the contract.")
    out += ["", "## Facts", ""]
    out += [f"- {finding.question}: {finding.answer}" for finding in report.findings] or ["None."]
    out += ["", "## Calls", "", "| call | operation | method | path | status | ms | bytes |"]
    out.append("|---|---|---|---|---|---|---|")
    for call in report.calls:
        status = str(call.status) if call.status is not None else f"none ({call.failure})"
        out.append(
            f"| {call.label} | {call.operation} | {call.method} | `{call.path}` | {status} "
            f"| {call.seconds * 1000:.1f} | {call.size} |"
        )
    if report.notes:
        out += ["", "## Notes", ""] + [f"- {note}" for note in report.notes]
    return "\n".join(out) + "\n"


def _latencies(report: DoctorReport) -> list[tuple[str, float, int]]:
    slowest: dict[str, float] = {}
    counts: dict[str, int] = {}
    for call in report.calls:
        slowest[call.operation] = max(slowest.get(call.operation, 0.0), call.seconds)
        counts[call.operation] = counts.get(call.operation, 0) + 1
    return [(operation, slowest[operation], counts[operation]) for operation in slowest]


def _cell(text: str) -> str:
    return text.replace("|", "\\|") or "-"
