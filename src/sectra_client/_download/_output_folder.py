"""The folders downloads write into: checked before anything is requested, never reached
through a link the library did not make.

:func:`check_output_folder` checks the folder the caller names (it may itself be a symbolic
link: the caller chose it) without creating it, so a request that fails leaves nothing behind.
:func:`prepare_slide_folder` makes a slide's subfolder of a case download, whose name comes
from the server: a symbolic link already standing under that name is refused, never followed
and never removed, so files cannot land wherever it points and nothing of the caller's is
deleted.
"""

from __future__ import annotations

import errno
import os
import stat
from pathlib import Path

from sectra_client._download._partial_files import remove_stale_temporary_files
from sectra_client.errors import OutputFolderError

__all__ = ["check_output_folder", "prepare_slide_folder"]


def check_output_folder(output_dir: str | os.PathLike[str]) -> None:
    """Check, before the request is sent, that ``output_dir`` can receive files.

    It must be a folder this process may write in, or be missing with its nearest existing
    parent such a folder (the download creates it when the first file arrives). When it
    exists, the temporary files that earlier downloads into it left behind when they were
    killed are removed (see
    :func:`~sectra_client._download._partial_files.remove_stale_temporary_files`; nothing else is
    touched).

    Raises:
        OutputFolderError: it is not a folder, is not writable, or cannot be created.
    """
    path = Path(output_dir)
    try:
        nearest = _nearest_existing(path.absolute())
    except NotADirectoryError:
        raise OutputFolderError(path, "cannot be created (a file is in its path)") from None
    except OSError as error:
        raise OutputFolderError(path, f"cannot be reached ({_reason(error)})") from None
    exists = nearest == path.absolute()
    if not nearest.is_dir():
        problem = "is not a folder" if exists else "cannot be created (a file is in its path)"
        raise OutputFolderError(path, problem)
    if not os.access(nearest, os.W_OK | os.X_OK):
        problem = "is not writable" if exists else "cannot be created (no permission)"
        raise OutputFolderError(path, problem)
    if exists:
        remove_stale_temporary_files(nearest)


def _nearest_existing(path: Path) -> Path:
    """``path`` or the nearest of its parents that exists (symbolic links followed).

    Raises:
        OSError: a component cannot be looked at, is a file, or is a broken link.
    """
    while True:
        try:
            os.stat(path)
        except FileNotFoundError:
            if os.path.lexists(path):
                raise FileNotFoundError(errno.ENOENT, "a broken link is in its path") from None
            path = path.parent
        else:
            return path


def prepare_slide_folder(folder: Path) -> Path:
    """Create a slide's folder inside a case's output folder (and the output folder, when
    missing), or accept a folder already there. The download into it checks it further
    (:func:`check_output_folder`).

    Returns:
        ``folder``.

    Raises:
        OutputFolderError: a symbolic link (to anything) or a file stands under its name, or
            the folder cannot be created.
    """
    try:
        folder.parent.mkdir(parents=True, exist_ok=True)
        os.mkdir(folder)
    except FileExistsError:
        pass
    except OSError as error:
        raise OutputFolderError(folder, f"cannot be created ({_reason(error)})") from None
    try:
        mode = os.lstat(folder).st_mode
    except OSError as error:
        raise OutputFolderError(folder, f"cannot be read ({_reason(error)})") from None
    if stat.S_ISLNK(mode):
        raise OutputFolderError(
            folder,
            "is a symbolic link, which a case download never follows: remove the link or "
            "choose another output folder",
        )
    if not stat.S_ISDIR(mode):
        raise OutputFolderError(folder, "is not a folder")
    return folder


def _reason(error: OSError) -> str:
    """What went wrong, without the paths an OSError's text carries."""
    return error.strerror or type(error).__name__
