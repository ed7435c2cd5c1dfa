"""Local Sphinx extension: re-execute the chapters when the ``guidance`` package changes.

myst-nb caches executed notebooks keyed on the chapter's own code, so a change to the
evidence register or a calculation alone would leave stale numbers in the book. This
extension fingerprints the package (its Python and data files, and the register named by
``GUIDANCE_EVIDENCE_FILE`` if set) and the app address the calculator boxes link to
(``GUIDANCE_APP_URL``). When the fingerprint differs from the last build's, it clears the
execution cache and marks every page as outdated, so the book is rebuilt from fresh
outputs; when nothing changed, cached rebuilds stay fast.
"""

from __future__ import annotations

import hashlib
import os
import shutil
from pathlib import Path

SUFFIXES = {".py", ".csv", ".bib", ".json"}


def package_fingerprint() -> str:
    """SHA-256 over the guidance package's source and data files."""
    import guidance

    root = Path(guidance.__file__).resolve().parent
    digest = hashlib.sha256()
    for path in sorted(root.rglob("*")):
        if path.is_file() and path.suffix in SUFFIXES and "__pycache__" not in path.parts:
            digest.update(str(path.relative_to(root)).encode())
            digest.update(path.read_bytes())
    # the served app's address goes into every calculator box's link (guidance_applink)
    digest.update(os.environ.get("GUIDANCE_APP_URL", "").encode())
    override = os.environ.get("GUIDANCE_EVIDENCE_FILE")
    if override and Path(override).is_file():
        digest.update(Path(override).read_bytes())
    return digest.hexdigest()


def _check(app, config) -> None:
    build_dir = Path(app.outdir).parent
    stamp = build_dir / ".guidance-fingerprint"
    fingerprint = package_fingerprint()
    previous = stamp.read_text(encoding="utf-8") if stamp.is_file() else None
    app.guidance_changed = previous != fingerprint
    if app.guidance_changed:
        cache = config.nb_execution_cache_path or build_dir / ".jupyter_cache"
        shutil.rmtree(cache, ignore_errors=True)
        build_dir.mkdir(parents=True, exist_ok=True)
        stamp.write_text(fingerprint, encoding="utf-8")


def _outdated(app, env, added, changed, removed):
    return sorted(env.found_docs) if getattr(app, "guidance_changed", False) else []


def setup(app):
    app.connect("config-inited", _check)
    app.connect("env-get-outdated", _outdated)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
