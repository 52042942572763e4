#!/usr/bin/env python3
"""Brings src/*/PublicAPI.Unshipped.txt up to date with the code.

Builds the libraries, reads the PublicApiAnalyzers diagnostics (RS0016: symbol missing from the list, RS0017: listed
symbol gone) and rewrites each project's PublicAPI.Unshipped.txt, sorted. Review the diff before committing: the list
is there so that API changes are seen.
Usage: python3 scripts/update-public-api.py [project-name ...]
"""
import re
import subprocess
import sys
from pathlib import Path

root = Path(__file__).resolve().parent.parent
wanted = sys.argv[1:] or [p.name for p in sorted((root / "src").iterdir()) if (p / "PublicAPI.Unshipped.txt").exists()]
pattern = re.compile(r"error (RS001[67]): Symbol '(.*?)' is (?:not part of the declared public API|part of the declared API, but is either not public or could not be found).*\[(.*?\.csproj)")

for name in wanted:
    proj = root / "src" / name / f"{name}.csproj"
    for _ in range(3):
        out = subprocess.run(["dotnet", "build", str(proj), "--no-incremental", "-v:q", "-nologo", "-p:TargetFramework=net10.0"],
                             capture_output=True, text=True).stdout
        add, remove = set(), set()
        for code, symbol, _ in pattern.findall(out):
            (add if code == "RS0016" else remove).add(symbol)
        if not add and not remove:
            break
        f = root / "src" / name / "PublicAPI.Unshipped.txt"
        lines = [l for l in f.read_text().splitlines() if l and l != "#nullable enable"]
        lines = sorted((set(lines) | add) - remove, key=str.lower)
        f.write_text("#nullable enable\n" + "".join(l + "\n" for l in lines))
        print(f"{name}: +{len(add)} -{len(remove)}")
