"""CI check: the Dutch messages are extracted, translated and compiled.

1. Re-extract messages (makemessages) and fail when the code has msgids that the
   committed django.po lacks (someone forgot `make messages`).
2. Fail on untranslated or fuzzy entries in the committed django.po.
3. Compile the .po with msgfmt and fail when the committed .mo differs.
Needs GNU gettext (xgettext, msgfmt). The committed files are restored afterwards.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "src" / "zicht"
LOCALE = PACKAGE / "locale" / "nl" / "LC_MESSAGES"


def msgids(po: Path) -> dict[str, tuple[str, bool]]:
    """msgid -> (msgstr, fuzzy). Plural forms use the first msgstr."""
    entries: dict[str, tuple[str, bool]] = {}
    msgid = msgstr = None
    fuzzy = False
    current = None
    for line in po.read_text(encoding="utf-8").splitlines() + [""]:
        if line.startswith("#,") and "fuzzy" in line:
            fuzzy = True
        elif line.startswith("msgid "):
            msgid, current = _unquote(line[6:]), "id"
        elif line.startswith("msgid_plural"):
            current = "plural"
        elif line.startswith("msgstr ") or line.startswith("msgstr[0]"):
            msgstr, current = _unquote(line.split(" ", 1)[1]), "str"
        elif line.startswith("msgstr["):
            current = "other"
        elif line.startswith('"'):
            if current == "id":
                msgid += _unquote(line)
            elif current == "str":
                msgstr += _unquote(line)
        elif not line.strip():
            if msgid:
                entries[msgid] = (msgstr or "", fuzzy)
            msgid = msgstr = None
            fuzzy = False
            current = None
    return entries


def _unquote(text: str) -> str:
    text = text.strip()
    return text[1:-1] if text.startswith('"') and text.endswith('"') else text


def main() -> int:
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "zicht.settings.test", "PYTHONPATH": str(ROOT / "src")}
    django_admin = [sys.executable, "-m", "django"]
    problems: list[str] = []
    with tempfile.TemporaryDirectory() as tmp:
        backup = Path(tmp) / "backup"
        shutil.copytree(LOCALE, backup)
        try:
            for domain in ("django", "djangojs"):
                subprocess.run(
                    [*django_admin, "makemessages", "-l", "nl", "-d", domain, "--no-location", "--no-obsolete"],
                    cwd=PACKAGE, env=env, check=True, capture_output=True,
                )
            for domain in ("django", "djangojs"):
                fresh, committed = LOCALE / f"{domain}.po", backup / f"{domain}.po"
                if not fresh.exists():
                    continue
                missing = sorted(set(msgids(fresh)) - set(msgids(committed)) if committed.exists() else msgids(fresh))
                problems += [f"{domain}.po lacks msgid {m!r} (run `make messages`)" for m in missing]
        finally:
            shutil.rmtree(LOCALE)
            shutil.copytree(backup, LOCALE)
        for domain in ("django", "djangojs"):
            po = LOCALE / f"{domain}.po"
            if not po.exists():
                continue
            for msgid, (msgstr, fuzzy) in msgids(po).items():
                if not msgstr:
                    problems.append(f"{domain}.po: no Dutch translation for {msgid!r}")
                elif fuzzy:
                    problems.append(f"{domain}.po: fuzzy translation for {msgid!r}")
            compiled = Path(tmp) / f"{domain}.mo"
            subprocess.run(["msgfmt", "--check-format", "-o", str(compiled), str(po)], check=True)
            mo = LOCALE / f"{domain}.mo"
            if not mo.exists() or mo.read_bytes() != compiled.read_bytes():
                problems.append(f"{domain}.mo is not compiled from {domain}.po (run `make messages`)")
    for problem in problems:
        print(problem)
    print(f"check_messages: {len(problems)} problem(s)")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
