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

And, for samplegen (compiled in with include_str!), tools/samplegen/data/oxford_lsoa_points.tsv:
one line per Oxford LSOA (`LSOA11CD` then `lat,lon` pairs), up to 24 of the points of a
16 x 16 grid over the LSOA's bounds that lie inside it at least 40 m from its edge, so a made-up
postcode given one of them lies in its own LSOA on the map however the boundary is
generalised.
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


def inside(x, y, polys):
    odd = False
    for poly in polys:
        for r in poly:
            for i in range(len(r) - 1):
                (ax, ay), (bx, by) = r[i], r[i + 1]
                if (ay > y) != (by > y) and x < ax + (y - ay) / (by - ay) * (bx - ax):
                    odd = not odd
    return odd


def edge_distance(x, y, polys, cos):
    """Distance in metres from (x, y) to the nearest edge (equirectangular)."""
    best = float("inf")
    for poly in polys:
        for r in poly:
            for i in range(len(r) - 1):
                (ax, ay), (bx, by) = r[i], r[i + 1]
                ax, bx, px = ax * cos, bx * cos, x * cos
                dx, dy = bx - ax, by - ay
                t = 0.0 if dx == dy == 0 else max(0.0, min(1.0, ((px - ax) * dx + (y - ay) * dy) / (dx * dx + dy * dy)))
                d = ((ax + t * dx - px) ** 2 + (ay + t * dy - y) ** 2) ** 0.5
                best = min(best, d)
    return best * 111_320.0


def interior_points(polys, n=16, margin=40.0):
    xs = [p[0] for poly in polys for r in poly for p in r]
    ys = [p[1] for poly in polys for r in poly for p in r]
    cos = __import__("math").cos(__import__("math").radians((min(ys) + max(ys)) / 2))
    out = []
    for i in range(n):
        for j in range(n):
            x = min(xs) + (max(xs) - min(xs)) * (i + 0.5) / n
            y = min(ys) + (max(ys) - min(ys)) * (j + 0.5) / n
            if inside(x, y, polys) and edge_distance(x, y, polys, cos) >= margin:
                out.append((round(y, 6), round(x, 6)))
    return out


def r5(pts):
    return [[round(x, 5), round(y, 5)] for x, y in pts]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--geo", default="/work/shared/data/real/geo/boundaries")
    ap.add_argument("--out", default="sample-data/reference/boundaries")
    ap.add_argument("--points", default="tools/samplegen/data/oxford_lsoa_points.tsv")
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
    lines = ["# LSOA11CD then lat,lon points inside it (tools/samplegen/extract_boundaries.py)"]
    for ft in feats:
        g = ft["geometry"]
        polys = [g["coordinates"]] if g["type"] == "Polygon" else g["coordinates"]
        pts = interior_points(polys) or interior_points(polys, 32, 10.0)
        pts = pts[:: max(1, len(pts) // 24)][:24]
        lines.append("\t".join([ft["properties"]["LSOA11CD"]] + [f"{la},{lo}" for la, lo in pts]))
    with open(a.points, "w") as f:
        f.write("\n".join(lines) + "\n")
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
