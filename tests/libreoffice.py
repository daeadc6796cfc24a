"""LibreOffice, headless, as a real client of the .docx files: open, accept or reject every
tracked change, save as PDF or text.

Each test session gets a private LibreOffice profile (``-env:UserInstallation``), so that
parallel runs do not share one, holding a small Basic macro that does the accepting and
rejecting, and then brings every field up to date (LibreOffice would otherwise do so only
when it next lays the pages out, which a text export may not wait for). The shipped fonts are made visible to LibreOffice through a fontconfig file.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
TIMEOUT = 240

MACRO = """<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE script:module PUBLIC "-//OpenOffice.org//DTD OfficeDocument 1.0//EN" "module.dtd">
<script:module xmlns:script="http://openoffice.org/2000/script" script:name="Module1" script:language="StarBasic">
Sub Convert(sIn As String, sOut As String, sMode As String, sFilter As String)
  Dim aLoad(0) As New com.sun.star.beans.PropertyValue
  aLoad(0).Name = &quot;Hidden&quot;
  aLoad(0).Value = True
  oDoc = StarDesktop.loadComponentFromURL(ConvertToURL(sIn), &quot;_blank&quot;, 0, aLoad())
  oDisp = createUnoService(&quot;com.sun.star.frame.DispatchHelper&quot;)
  If sMode = &quot;accept&quot; Then
    oDisp.executeDispatch(oDoc.CurrentController.Frame, &quot;.uno:AcceptAllTrackedChanges&quot;, &quot;&quot;, 0, Array())
  ElseIf sMode = &quot;reject&quot; Then
    oDisp.executeDispatch(oDoc.CurrentController.Frame, &quot;.uno:RejectAllTrackedChanges&quot;, &quot;&quot;, 0, Array())
  End If
  oDoc.getTextFields().refresh()
  Dim aStore(0) As New com.sun.star.beans.PropertyValue
  aStore(0).Name = &quot;FilterName&quot;
  aStore(0).Value = sFilter
  oDoc.storeToURL(ConvertToURL(sOut), aStore())
  oDoc.close(True)
End Sub
</script:module>
"""

FONTS_CONF = """<?xml version="1.0"?>
<!DOCTYPE fontconfig SYSTEM "fonts.dtd">
<fontconfig>
  <include ignore_missing="yes">/etc/fonts/fonts.conf</include>
  <dir>{fonts}</dir>
  <cachedir>{cache}</cachedir>
</fontconfig>
"""

FILTERS = {"pdf": "writer_pdf_Export", "txt": "Text (encoded)"}


def soffice() -> str | None:
    return shutil.which("soffice") or shutil.which("libreoffice")


class LibreOffice:
    def __init__(self, binary: str, home: Path):
        self.binary = binary
        self.profile = home / "profile"
        fonts = home / "fonts.conf"
        fonts.write_text(FONTS_CONF.format(fonts=ROOT / "templates" / "fonts", cache=home / "fc-cache"))
        self.env = {**os.environ, "FONTCONFIG_FILE": str(fonts), "HOME": str(home)}
        self._run("--terminate_after_init")  # creates the profile, then the macro goes in
        module = self.profile / "user" / "basic" / "Standard" / "Module1.xba"
        if not module.is_file():
            pytest.fail(f"LibreOffice did not create its profile in {self.profile}")
        module.write_text(MACRO, encoding="utf-8")

    def _run(self, *args: str) -> None:
        cmd = [self.binary, f"-env:UserInstallation={self.profile.as_uri()}", "--headless", "--norestore", *args]
        subprocess.run(cmd, env=self.env, capture_output=True, timeout=TIMEOUT, check=False)

    def convert(self, source: Path, fmt: str, changes: str = "show") -> Path:
        """``source`` as PDF or text; ``changes``: show, accept or reject every tracked change."""
        return self.convert_all([(source, fmt, changes)])[0]

    def convert_all(self, jobs: list[tuple[Path, str, str]]) -> list[Path]:
        """Several conversions, (source, format, changes) each, in one LibreOffice run."""
        targets, calls = [], []
        for source, fmt, changes in jobs:
            target = source.with_name(f"{source.stem}.{changes}.{fmt}")
            target.unlink(missing_ok=True)
            args = ",".join(f'"{a}"' for a in (source.resolve(), target.resolve(), changes, FILTERS[fmt]))
            calls.append(f"macro:///Standard.Module1.Convert({args})")
            targets.append(target)
        self._run(*calls)
        for (source, fmt, _), target in zip(jobs, targets, strict=True):
            if not target.is_file():
                pytest.fail(f"LibreOffice did not convert {source.name} to {fmt}")
        return targets


def text_lines(path: Path) -> list[str]:
    """A text export's lines, whitespace collapsed, without the blank ones at the end."""
    lines = [" ".join(line.split()) for line in path.read_text(encoding="utf-8-sig").splitlines()]
    while lines and not lines[-1]:
        lines.pop()
    return lines
