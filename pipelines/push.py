"""``babelshard push OUT REPO_ID``: upload a finished, verified output to the Hugging Face Hub.

Before anything goes over the network the output is checked: its manifest must
exist (the job finished) and every file it lists must match its recorded size and
sha256. Then the dataset card is (re)written if missing, the Hub is asked who the
token belongs to (a clear stop without access), the dataset repository is created
if needed and the folder is uploaded with ``huggingface_hub``'s large-folder upload:
many commits, resumable by running the same command again (files already on the
Hub are skipped). Work files (``_work/``) and upload caches never go up.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from babelshard.pipelines.io import filesystem
from babelshard.pipelines.io.dataset_card import CARD_NAME, write_card
from babelshard.pipelines.io.manifest import read_manifest, verify_output

IGNORE_PATTERNS = ["_work/**", "**/.*", ".*", "**/.cache/**", "preview.html"]
HUB_DATASETS = "https://huggingface.co/datasets"


class PushError(RuntimeError):
    """An upload that cannot start or finish; the message says what to do."""


def check_output(out_dir: str) -> dict[str, Any]:
    """The manifest of a finished output whose files all match it; PushError otherwise."""
    if not filesystem.is_local(out_dir):
        raise PushError(
            f"{out_dir} is not a local folder; copy it here first (e.g. gcloud storage cp -r)"
        )
    try:
        manifest = read_manifest(out_dir)
    except FileNotFoundError as error:
        raise PushError(str(error)) from error
    problems = verify_output(out_dir)
    if problems:
        more = f" (+{len(problems) - 3} more)" if len(problems) > 3 else ""
        shown = "; ".join(problems[:3]) + more
        raise PushError(f"{out_dir} does not match its manifest, not uploading: {shown}")
    if manifest["totals"].get("unaccounted"):
        raise PushError(f"{out_dir}: {manifest['totals']['unaccounted']} inputs unaccounted")
    return manifest


def _first_line(error: BaseException) -> str:
    text = str(error).strip()
    return text.splitlines()[0] if text else type(error).__name__


def _hub_access(api: Any) -> str:
    """Who the Hub says we are; PushError (one line) without network or a valid token."""
    try:
        return api.whoami()["name"]
    except Exception as error:  # offline mode, no token, bad token, no route: all one stop
        raise PushError(
            f"cannot reach the Hugging Face Hub with a valid token ({_first_line(error)}); "
            "log in with `hf auth login` or set HF_TOKEN, and unset HF_HUB_OFFLINE"
        ) from error


def _uploader(api: Any) -> Callable[..., Any]:
    """The large-folder upload of this ``huggingface_hub``.

    0.25 - 1.x: ``upload_large_folder`` (multi-commit, resumable). 2.x folded it into
    ``upload_folder`` (streamed, multi-commit, resumable with hf_xet).
    """
    upload = getattr(api, "upload_large_folder", None)
    return upload if upload is not None else api.upload_folder


def push_output(
    out_dir: str,
    repo_id: str,
    *,
    private: bool = False,
    revision: str | None = None,
    api: Any = None,
) -> str:
    """Verify ``out_dir``, then upload it to the dataset repo ``repo_id``; returns its URL."""
    check_output(out_dir)
    if not filesystem.exists(filesystem.join(out_dir, CARD_NAME)):
        write_card(out_dir)
    if api is None:
        from huggingface_hub import HfApi

        api = HfApi()
    _hub_access(api)
    try:
        api.create_repo(repo_id, repo_type="dataset", private=private, exist_ok=True)
        upload = _uploader(api)
        kwargs: dict[str, Any] = {
            "repo_id": repo_id,
            "folder_path": str(Path(out_dir)),
            "repo_type": "dataset",
            "ignore_patterns": IGNORE_PATTERNS,
        }
        if revision:
            kwargs["revision"] = revision
        upload(**kwargs)
    except Exception as error:  # an HTTP error mid-way: the rerun resumes
        raise PushError(
            f"upload to {repo_id} stopped ({_first_line(error)}); "
            "run the same command again to resume"
        ) from error
    return f"{HUB_DATASETS}/{repo_id}"
