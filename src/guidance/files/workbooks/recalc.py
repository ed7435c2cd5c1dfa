"""Recalculate workbooks with LibreOffice headless, so their values are cached in the file.

openpyxl writes formulas without values; Excel's Protected View, phone viewers and file
previews would show blanks or zeros. One ``soffice`` process converts every file
(xlsx to xlsx) with a throwaway profile set to always recalculate on load.
"""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from collections.abc import Sequence
from pathlib import Path

__all__ = ["recalculate", "soffice"]

_PROFILE = """<?xml version="1.0" encoding="UTF-8"?>
<oor:items xmlns:oor="http://openoffice.org/2001/registry"
 xmlns:xs="http://www.w3.org/2001/XMLSchema" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
<item oor:path="/org.openoffice.Office.Calc/Formula/Load">
 <prop oor:name="OOXMLRecalcMode" oor:op="fuse"><value>0</value></prop></item>
<item oor:path="/org.openoffice.Office.Calc/Formula/Load">
 <prop oor:name="ODFRecalcMode" oor:op="fuse"><value>0</value></prop></item>
</oor:items>
"""


def soffice() -> str:
    """The LibreOffice program, or a RuntimeError saying how to install it."""
    found = shutil.which("soffice") or shutil.which("libreoffice")
    if found is None:
        raise RuntimeError(
            "LibreOffice is needed to put the numbers into the workbooks: install it with "
            "'sudo apt-get install libreoffice-calc-nogui' (bash scripts/setup-env does)."
        )
    return found


def recalculate(paths: Sequence[Path], timeout: float = 600, processes: int = 1) -> None:
    """Recalculate ``paths`` in place, in one LibreOffice process (or ``processes`` at
    once, each with its own share of the files and its own throwaway profile).

    Raises
    ------
    RuntimeError
        If LibreOffice is missing or did not write every file.
    """
    paths = [Path(p).resolve() for p in paths]
    if not paths:
        return
    if len({p.name for p in paths}) != len(paths):
        raise ValueError("recalculate needs files with different names")
    program = soffice()
    shares = [paths[i::processes] for i in range(max(1, processes))]
    shares = [s for s in shares if s]
    with tempfile.TemporaryDirectory(prefix="guidance-lo-") as tmp:
        running = []
        for i, share in enumerate(shares):
            profile = Path(tmp) / f"profile{i}"
            (profile / "user").mkdir(parents=True)
            (profile / "user" / "registrymodifications.xcu").write_text(_PROFILE)
            out = Path(tmp) / f"out{i}"
            out.mkdir()
            command = [
                program,
                f"-env:UserInstallation={profile.as_uri()}",
                "--headless",
                "--norestore",
                "--nologo",
                "--convert-to",
                "xlsx:Calc MS Excel 2007 XML",
                "--outdir",
                str(out),
                *map(str, share),
            ]
            process = subprocess.Popen(
                command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True
            )
            running.append((process, share, out))
        for process, share, out in running:
            try:
                _, stderr = process.communicate(timeout=timeout)
            except subprocess.TimeoutExpired:
                process.kill()
                process.communicate()
                raise RuntimeError(f"LibreOffice took longer than {timeout:.0f} s") from None
            missing = [p for p in share if not (out / p.name).exists()]
            if missing:
                raise RuntimeError(
                    f"LibreOffice did not recalculate {len(missing)} of {len(share)} "
                    f"workbook(s) (first: {missing[0].name}): {stderr.strip()[-500:]}"
                )
            for p in share:
                shutil.move(str(out / p.name), str(p))
