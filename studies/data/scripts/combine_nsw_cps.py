#!/usr/bin/env python3
"""Builds studies/data/nsw_cps.csv: the NSW treated men plus the CPS comparison group.

LaLonde (1986) and Dehejia & Wahba (1999) replaced the experiment's control group by a
sample from the Current Population Survey to ask whether observational estimators recover
the experimental benchmark. This script does the same, line by line, without changing a
byte of any row:

  1. the header and the 185 rows with treat = 1 of studies/data/nsw_dw.csv
     (the Dehejia-Wahba NSW sample, a copy of causaldata's nsw_mixtape.csv);
  2. all 15,992 rows of cps_mixtape.csv (causaldata's CPS comparison group, treat = 0).

The CPS file is not committed (it is 730 kB and only this script reads it); it is read from
shared/datasets/ beside the repository, or from $ASSAY_SHARED/datasets/, or from the path given
as the first argument. Both inputs are checked against their SHA-256 before anything is written,
so the output is byte-identical on every run (its hash is pinned in studies/nsw-cps-observational.yaml).

Standard library only. Run from anywhere:
    python3 studies/data/scripts/combine_nsw_cps.py [path/to/cps_mixtape.csv]
"""
import hashlib
import os
import sys
from pathlib import Path

DATA = Path(__file__).resolve().parent.parent          # studies/data
REPO = DATA.parent.parent                               # repository root
NSW = DATA / "nsw_dw.csv"
OUT = DATA / "nsw_cps.csv"
NSW_SHA256 = "75be812b62c26579d84de2d7d46791cbab7fb6a2b9bfa82dffa037ae6e92ba37"
CPS_SHA256 = "e048bb07e610d2184879983e8ab9be3cfa50f1aa6af364b69b0a38fbb33cc8a2"


def cps_path():
    if len(sys.argv) > 1:
        return Path(sys.argv[1])
    shared = Path(os.environ.get("ASSAY_SHARED", REPO.parent / "shared"))
    return shared / "datasets" / "cps_mixtape.csv"


def read_checked(path, sha256):
    data = path.read_bytes()
    digest = hashlib.sha256(data).hexdigest()
    if digest != sha256:
        sys.exit(f"error: {path} has SHA-256 {digest}, expected {sha256} (a different version of the data)")
    return data.decode("utf-8").splitlines()


def main():
    cps = cps_path()
    if not cps.exists():
        sys.exit(f"error: {cps} not found; pass the path of causaldata's cps_mixtape.csv as the first argument")
    nsw_lines = read_checked(NSW, NSW_SHA256)
    cps_lines = read_checked(cps, CPS_SHA256)
    header = nsw_lines[0]
    if cps_lines[0] != header:
        sys.exit("error: the NSW and CPS files have different headers")
    treat = header.split(",").index("treat")
    treated = [line for line in nsw_lines[1:] if line.split(",")[treat] == "1"]
    controls = cps_lines[1:]
    if any(line.split(",")[treat] != "0" for line in controls):
        sys.exit("error: the CPS file has a row with treat != 0")
    OUT.write_text("\n".join([header] + treated + controls) + "\n", encoding="utf-8")
    digest = hashlib.sha256(OUT.read_bytes()).hexdigest()
    print(f"wrote {OUT.relative_to(REPO)}: {len(treated)} treated + {len(controls)} controls; sha256 {digest}")


if __name__ == "__main__":
    main()
