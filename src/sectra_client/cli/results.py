"""``sectra results``: an app's results on a slide, as JSON in and JSON out."""

from __future__ import annotations

from typing import Annotated, Any

import typer

from sectra_client.cli._common import (
    CommandFailed,
    JsonOption,
    TokenOption,
    UrlOption,
    echo_json,
    open_client,
    read_json_input,
    reported_errors,
)
from sectra_client.cli._messages import validated
from sectra_client.cli._tables import print_table, rows_table
from sectra_client.schemas import Result, ResultResponse

__all__ = ["register"]

results_app = typer.Typer(
    name="results",
    help="An application's results: list them, get, create and update them as JSON.",
    no_args_is_help=True,
)

AppOption = Annotated[
    str,
    typer.Option("--app", envvar="SECTRA_APP_ID", help="The application id.", show_default=False),
]
ResultId = Annotated[
    int, typer.Argument(help="The result's id.", metavar="RESULT_ID", show_default=False)
]
InputArgument = Annotated[
    str, typer.Argument(help="A JSON file, or - for stdin.", metavar="FILE", show_default=False)
]


RESULT_EXAMPLE = """\
{"slideId": "SLIDE_ID",
 "displayResult": "Tumour: 12 %",
 "applicationVersion": "1.0.0",
 "data": {"result": {"type": "primitive", "content": [
   {"polygons": [{"points": [{"x": 0.1, "y": 0.1}, {"x": 0.5, "y": 0.1},
                             {"x": 0.3, "y": 0.4}]}],
    "style": {"strokeStyle": "#00AA00", "size": 2}}]}}}"""
"""A minimal result, as ``results create`` reads it (shown in its help)."""

CREATE_HELP = f"""Store a new result (a Result as JSON); print it as stored, with its id.

For example (x and y are fractions of the image width; y runs from 0 to height/width):

{RESULT_EXAMPLE}

data.result.type is "primitive" (shapes and labels) or "patchCollection" (image patches)."""

_LISTED_FIELDS = ["id", "displayResult", "applicationVersion", "versionId"]


def register(app: typer.Typer) -> None:
    """Add the ``results`` command group to the ``sectra`` app."""
    app.add_typer(results_app)


@results_app.command("list")
def list_results(
    slide_id: Annotated[
        str, typer.Argument(help="The slide's id.", metavar="SLIDE_ID", show_default=False)
    ],
    app: AppOption,
    as_json: JsonOption = False,
    url: UrlOption = None,
    token: TokenOption = None,
) -> None:
    """List the app's results on a slide, oldest first (--json: the whole results)."""
    with reported_errors(token), open_client(url, token) as client:
        results = client.list_slide_results(app, slide_id)
        if as_json:
            echo_json(results)
            return
        rows = [result.model_dump(mode="json") for result in results]
        print_table(rows_table(f"{len(rows)} results", _LISTED_FIELDS, rows))


@results_app.command("get")
def get(
    result_id: ResultId, app: AppOption, url: UrlOption = None, token: TokenOption = None
) -> None:
    """Print one result, with its current versionId, as JSON."""
    with reported_errors(token), open_client(url, token) as client:
        echo_json(client.get_result(app, result_id))


@results_app.command("create", help=CREATE_HELP)
def create(
    source: InputArgument, app: AppOption, url: UrlOption = None, token: TokenOption = None
) -> None:
    with reported_errors(token), open_client(url, token) as client:
        result = validated(Result, _json_object(source))
        echo_json(client.create_result(app, result))


@results_app.command("update")
def update(
    result_id: ResultId,
    source: InputArgument,
    app: AppOption,
    url: UrlOption = None,
    token: TokenOption = None,
) -> None:
    """Replace a result with the JSON given, which must carry the versionId it was read
    with (edit the output of 'sectra results get'); print it as stored."""
    with reported_errors(token), open_client(url, token) as client:
        data = _json_object(source)
        if "versionId" not in data:
            raise CommandFailed(
                "the result has no versionId: edit the output of 'sectra results get', "
                "which carries it"
            )
        if data.setdefault("id", result_id) != result_id:
            raise CommandFailed(f"the JSON is result {data['id']}, not result {result_id}")
        echo_json(client.update_result(app, validated(ResultResponse, data)))


def _json_object(source: str) -> dict[str, Any]:
    data = read_json_input(source)
    if not isinstance(data, dict):
        raise CommandFailed("the input must be a JSON object (a result)")
    return data
