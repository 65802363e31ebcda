#!/usr/bin/env python3
"""Extract the sample partnership's area boundaries from the real ones.

Run once, by hand, like extract_oxon_geography.py; the output is committed:

    python3 tools/samplegen/extract_boundaries.py \
        [--geo /work/shared/data/real/geo/boundaries] [--out sample-data/reference/boundaries]

Inputs (martinjc/UK-GeoJSON, see ../shared/data/real/geo/PROVENANCE.md):
  lsoa11_E07000178.geojson     Oxford's 83 LSOAs (2011), generalised, WGS 84
  topo_lad_england_2013.json   England's 326 districts (2013 codes), TopoJSON

Outputs:
  oxford_lsoa11.geojson        the Oxford LSOAs, coordinates rounded to 5 decimals (~1 m)
  england_lad13.geojson.gz     the districts decoded from the topology and simplified
                               (Douglas-Peucker on each shared arc, 0.004 degrees,
                               ~300 m, half a pixel of the England map), gzipped, so the
                               sample also exercises a gzipped layer
  LICENCE.txt                  the notices these boundaries must carry
Both keep the published properties (LSOA11CD/LSOA11NM, LAD13CD/LAD13NM).
"""

import argparse
import gzip
import json
import os

NOTICE = """Boundaries: GeoJSON/TopoJSON conversion by Martin Chorley (github.com/martinjc/UK-GeoJSON),
CC BY 4.0. Contains Ordnance Survey and Office for National Statistics data © Crown copyright
and database right 2016, Open Government Licence v3 and OS OpenData Licence.
Extracted and simplified for the sample by tools/samplegen/extract_boundaries.py.
"""


def decode_arcs(topo):
    sx, sy = topo["transform"]["scale"]
    tx, ty = topo["transform"]["translate"]
    arcs = []
    for arc in topo["arcs"]:
        x = y = 0
        pts = []
        for dx, dy in arc:
            x += dx
            y += dy
            pts.append((x * sx + tx, y * sy + ty))
        arcs.append(pts)
    return arcs


def ring(arcs, ids):
    pts = []
    for i in ids:
        a = arcs[i] if i >= 0 else list(reversed(arcs[~i]))
        pts.extend(a if not pts else a[1:])
    return pts


def dp(points, eps):
    """Douglas-Peucker on an open polyline (keeps both ends)."""
    if len(points) < 3:
        return points
    (x1, y1), (x2, y2) = points[0], points[-1]
    dx, dy = x2 - x1, y2 - y1
    norm = (dx * dx + dy * dy) ** 0.5
    best, at = -1.0, 0
    for i in range(1, len(points) - 1):
        px, py = points[i]
        d = (abs(dy * px - dx * py + x2 * y1 - y2 * x1) / norm) if norm else ((px - x1) ** 2 + (py - y1) ** 2) ** 0.5
        if d > best:
            best, at = d, i
    if best <= eps:
        return [points[0], points[-1]]
    return dp(points[: at + 1], eps)[:-1] + dp(points[at:], eps)


def r5(pts):
    return [[round(x, 5), round(y, 5)] for x, y in pts]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--geo", default="/work/shared/data/real/geo/boundaries")
    ap.add_argument("--out", default="sample-data/reference/boundaries")
    a = ap.parse_args()
    os.makedirs(a.out, exist_ok=True)

    with open(os.path.join(a.geo, "lsoa11_E07000178.geojson")) as f:
        lsoa = json.load(f)
    feats = []
    for ft in sorted(lsoa["features"], key=lambda f: f["properties"]["LSOA11CD"]):
        g = ft["geometry"]
        polys = [g["coordinates"]] if g["type"] == "Polygon" else g["coordinates"]
        coords = [[r5(r) for r in p] for p in polys]
        geom = {"type": "Polygon", "coordinates": coords[0]} if len(coords) == 1 else {"type": "MultiPolygon", "coordinates": coords}
        feats.append({"type": "Feature", "properties": {k: ft["properties"][k] for k in ("LSOA11CD", "LSOA11NM")}, "geometry": geom})
    with open(os.path.join(a.out, "oxford_lsoa11.geojson"), "w") as f:
        json.dump({"type": "FeatureCollection", "features": feats}, f, separators=(",", ":"))
        f.write("\n")

    with open(os.path.join(a.geo, "topo_lad_england_2013.json")) as f:
        topo = json.load(f)
    arcs = decode_arcs(topo)
    # Simplify each arc once, so neighbouring districts keep one shared border.
    arcs = [dp(a, 0.004) for a in arcs]
    feats = []
    for g in topo["objects"]["lad"]["geometries"]:
        if g["type"] == "Polygon":
            polys = [g["arcs"]]
        else:
            polys = g["arcs"]
        coords = [[r5(ring(arcs, r)) for r in p] for p in polys]
        coords = [[r for r in p if len(r) >= 4] for p in coords]
        coords = [p for p in coords if p]
        props = {k: g["properties"][k] for k in ("LAD13CD", "LAD13NM")}
        feats.append({"type": "Feature", "properties": props, "geometry": {"type": "MultiPolygon", "coordinates": coords}})
    feats.sort(key=lambda f: f["properties"]["LAD13CD"])
    text = json.dumps({"type": "FeatureCollection", "features": feats}, separators=(",", ":")) + "\n"
    with gzip.GzipFile(os.path.join(a.out, "england_lad13.geojson.gz"), "wb", mtime=0) as f:
        f.write(text.encode())
    with open(os.path.join(a.out, "LICENCE.txt"), "w") as f:
        f.write(NOTICE)


if __name__ == "__main__":
    main()
