#!/usr/bin/env python3
"""Accept or reject every tracked change of a DOCX in LibreOffice, save it,
and print the saved document's text.

Usage:
    review_changes.py accept|reject|none IN.docx OUT.docx

LibreOffice runs headless, driven through its Python UNO bridge (Debian's
python3-uno). `accept` accepts all tracked changes, `reject` rejects them
all, `none` leaves them; the document is then saved as DOCX to OUT.docx,
which is opened again, and its body's text printed: one line per non-empty
paragraph, a table row as its cells' text between " | ", spaces collapsed
and direction marks and joiners left out. Exit 0 on success, 1 when
LibreOffice cannot be started or the file not read.
"""

import os
import re
import shutil
import subprocess
import sys
import tempfile
import time

import uno  # noqa: F401  (Debian's python3-uno)
from com.sun.star.beans import PropertyValue
from com.sun.star.connection import NoConnectException

INVISIBLE = "\u200e\u200f\u200d\u2060\ufeff"


def prop(name, value):
    p = PropertyValue()
    p.Name = name
    p.Value = value
    return p


def normalise(text):
    text = "".join(c for c in text if c not in INVISIBLE)
    return re.sub(r"\s+", " ", text).strip()


def body_lines(doc):
    lines = []
    enum = doc.getText().createEnumeration()
    while enum.hasMoreElements():
        part = enum.nextElement()
        if part.supportsService("com.sun.star.text.TextTable"):
            rows = part.getRows().getCount()
            cols = part.getColumns().getCount()
            for r in range(rows):
                cells = []
                for c in range(cols):
                    cell = part.getCellByPosition(c, r)
                    if cell is not None:
                        cells.append(normalise(cell.getString()))
                line = " | ".join(cells)
                if line.strip(" |"):
                    lines.append(line)
        else:
            line = normalise(part.getString())
            if line:
                lines.append(line)
    return lines


def connect(pipe):
    local = uno.getComponentContext()
    resolver = local.ServiceManager.createInstanceWithContext(
        "com.sun.star.bridge.UnoUrlResolver", local
    )
    for _ in range(300):
        try:
            return resolver.resolve(
                f"uno:pipe,name={pipe};urp;StarOffice.ComponentContext"
            )
        except NoConnectException:
            time.sleep(0.1)
    raise RuntimeError("LibreOffice did not answer")


def main(argv):
    if len(argv) != 4 or argv[1] not in ("accept", "reject", "none"):
        print(__doc__, file=sys.stderr)
        return 2
    action, source, target = argv[1], os.path.abspath(argv[2]), os.path.abspath(argv[3])
    profile = tempfile.mkdtemp(prefix="review-changes-")
    pipe = f"review_changes_{os.getpid()}"
    office = subprocess.Popen(
        [
            shutil.which("soffice") or "soffice",
            "--headless",
            "--invisible",
            "--norestore",
            "--nologo",
            f"-env:UserInstallation=file://{profile}",
            f"--accept=pipe,name={pipe};urp;",
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        ctx = connect(pipe)
        smgr = ctx.ServiceManager
        desktop = smgr.createInstanceWithContext("com.sun.star.frame.Desktop", ctx)
        hidden = (prop("Hidden", True),)
        doc = desktop.loadComponentFromURL(uno.systemPathToFileUrl(source), "_blank", 0, hidden)
        if doc is None:
            print(f"{source}: LibreOffice cannot open it", file=sys.stderr)
            return 1
        if action != "none":
            dispatcher = smgr.createInstanceWithContext("com.sun.star.frame.DispatchHelper", ctx)
            frame = doc.getCurrentController().getFrame()
            command = ".uno:AcceptAllTrackedChanges" if action == "accept" else ".uno:RejectAllTrackedChanges"
            dispatcher.executeDispatch(frame, command, "", 0, ())
        doc.storeToURL(
            uno.systemPathToFileUrl(target),
            (prop("FilterName", "MS Word 2007 XML"),),
        )
        doc.close(True)
        saved = desktop.loadComponentFromURL(uno.systemPathToFileUrl(target), "_blank", 0, hidden)
        if saved is None:
            print(f"{target}: LibreOffice cannot open what it saved", file=sys.stderr)
            return 1
        print("\n".join(body_lines(saved)))
        saved.close(True)
        try:
            desktop.terminate()
        except Exception:  # the bridge goes down with the office
            pass
        return 0
    finally:
        try:
            office.wait(timeout=30)
        except subprocess.TimeoutExpired:
            office.kill()
        shutil.rmtree(profile, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main(sys.argv))
