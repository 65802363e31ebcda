#!/usr/bin/env python3
"""What the maps cost (issue 26's bar: under 2 s added to the sample run).

    python3 bench/maps.py [--runs 10] [--bin target/release/spendgap] [--real ../shared/data/real]

Times, alternating in one run, `spendgap run` on the sample study as committed (Oxford's
83 LSOAs and England's 326 districts: areas.geojson, districts.geojson and three maps)
and on a copy of it with the `boundaries` lines removed (the baseline: no layers, no
maps). With the real data present, also times the sample with the real boundaries as
published: the five Oxfordshire districts' 407 LSOAs (plain GeoJSON) and England's
districts as TopoJSON, full resolution. Wall seconds and peak RSS come from GNU time.
"""
import argparse
import platform
import shutil
import statistics
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(Path(__file__).resolve().parent))
from report import timed  # noqa: E402  (wall seconds and peak RSS through GNU time)


def line(name, samples):
    walls = [s[0] for s in samples]
    rss = max(s[1] for s in samples)
    print(f"{name:<44} median {statistics.median(walls):6.3f} s  min {min(walls):6.3f} s  max {max(walls):6.3f} s  peak {rss:5.0f} MiB  ({len(walls)} runs)")
    return statistics.median(walls)


def study_copy(tmp, name, boundaries):
    """The sample study in tmp/name with its boundaries lines replaced."""
    dst = Path(tmp) / name
    shutil.copytree(ROOT / "sample-data", dst)
    text = (dst / "study.toml").read_text()
    kept = [l for l in text.splitlines() if not l.startswith("boundaries =")]
    if boundaries:
        i = kept.index("[reference]") + 1
        kept[i:i] = ["boundaries = [" + ", ".join(f'"{b}"' for b in boundaries) + "]"]
    (dst / "study.toml").write_text("\n".join(kept) + "\n")
    return dst / "study.toml"


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--runs", type=int, default=10)
    ap.add_argument("--bin", default="target/release/spendgap")
    ap.add_argument("--real", default=str(ROOT.parent / "shared/data/real"))
    a = ap.parse_args()
    print(f"machine: {platform.machine()}, {platform.processor() or 'cpu'}, python {platform.python_version()}")
    with tempfile.TemporaryDirectory() as tmp:
        sample = ROOT / "sample-data/study.toml"
        bare = study_copy(tmp, "bare", [])
        cases = [("sample, with boundaries (maps)", sample), ("sample, no boundaries (baseline)", bare)]
        real = Path(a.real) / "geo/boundaries"
        if real.is_dir():
            files = [str(p) for p in sorted(real.glob("lsoa11_E0700017*.geojson"))] + [str(p) for p in sorted(real.glob("lsoa11_E0700018*.geojson"))]
            files.append(str(real / "topo_lad_england_2013.json"))
            cases.append(("sample, real Oxfordshire + TopoJSON", study_copy(tmp, "real", files)))
        samples = {name: [] for name, _ in cases}
        for i in range(a.runs + 1):
            for name, study in cases:
                t = timed([a.bin, "run", str(study), "--out", str(Path(tmp) / f"out-{len(samples[name]) % 2}-{hash(name) % 1000}")])
                if i > 0:  # the first round warms the cache
                    samples[name].append(t)
        medians = {name: line(name, s) for name, s in samples.items()}
        base = medians["sample, no boundaries (baseline)"]
        for name, m in medians.items():
            if name != "sample, no boundaries (baseline)":
                print(f"maps add {m - base:+.3f} s ({name})")


if __name__ == "__main__":
    main()
