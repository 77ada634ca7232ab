//! Shared borders found once: rings cut into arcs where areas meet, each arc stored and simplified once, so that neighbours keep one common border for print (no gaps, no overlaps).
//!
//! This is the arc topology of TopoJSON and mapshaper, written for what localis needs. A
//! point is a *junction* when the rings passing through it do not all have the same two
//! neighbours there (where three areas meet, or where a shared border ends at the coast).
//! Every ring is cut at its junctions into arcs; an arc walked by two neighbours (once each
//! way) is stored once. A ring without any junction (an island, or an enclave the same as
//! its surrounding area's hole) is one closed arc. Points are matched by their coordinates
//! as the file writes them (rounded to 1e-7, about a centimetre), so borders that two areas
//! share vertex by vertex become one arc.
//!
//! Simplification is Douglas-Peucker on each arc with its ends fixed: both neighbours get
//! the same simplified border. A ring that simplification would flatten (fewer than three
//! distinct points, as a small area between two junctions would be) keeps the farthest point
//! of each of its arcs, for its neighbours too.

use rustc_hash::FxHashMap;

use super::projection::Xy;

/// A ring's use of an arc: its index, and whether the ring walks it backwards.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ArcRef {
    /// Index into the arcs.
    pub arc: u32,
    /// The ring walks the arc from its last point to its first.
    pub reversed: bool,
}

/// A ring as a sequence of arcs, each arc's last point being the next one's first.
pub(crate) type Ring = Vec<ArcRef>;

/// The arcs of a map at full resolution.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Topology {
    /// The points of every arc; the first and last are junctions (equal for a closed arc).
    pub arcs: Vec<Vec<Xy>>,
    /// How many rings walk each arc (1: on the outline of the whole map; 2: a shared border).
    pub uses: Vec<u32>,
}

/// Collects the distinct points of a map: coordinates rounded to 1e-7 identify a point.
#[derive(Debug, Default)]
pub(crate) struct Points {
    ids: FxHashMap<(i64, i64), u32>,
    /// The projected position of each point.
    pub xy: Vec<Xy>,
}

impl Points {
    /// The id of the point with coordinates `(x, y)` as the file writes them, projected to `xy`.
    pub(crate) fn id(&mut self, (x, y): (f64, f64), xy: Xy) -> u32 {
        let key = ((x * 1e7).round() as i64, (y * 1e7).round() as i64);
        let next = self.xy.len() as u32;
        *self.ids.entry(key).or_insert_with(|| {
            self.xy.push(xy);
            next
        })
    }

    /// How many distinct points there are.
    pub(crate) fn len(&self) -> usize {
        self.xy.len()
    }
}

/// A ring of point ids cleaned for the topology: consecutive repeats removed, and the
/// closing point if the ring repeats its first. `None` when fewer than three points remain.
pub(crate) fn clean_ring(mut ring: Vec<u32>) -> Option<Vec<u32>> {
    ring.dedup();
    while ring.len() > 1 && ring.first() == ring.last() {
        ring.pop();
    }
    (ring.len() >= 3).then_some(ring)
}

/// Builds the arcs of cleaned rings of point ids; returns the topology and each ring as arcs.
pub(crate) fn build(points: &Points, rings: &[Vec<u32>]) -> (Topology, Vec<Ring>) {
    const UNSET: (u32, u32) = (u32::MAX, u32::MAX);
    let n = points.len();
    let mut pair = vec![UNSET; n];
    let mut junction = vec![false; n];
    for ring in rings {
        let len = ring.len();
        for i in 0..len {
            let (p, q) = (ring[(i + len - 1) % len], ring[(i + 1) % len]);
            let key = if p < q { (p, q) } else { (q, p) };
            let at = ring[i] as usize;
            if pair[at] == UNSET {
                pair[at] = key;
            } else if pair[at] != key {
                junction[at] = true;
            }
        }
    }
    let mut ids: FxHashMap<Vec<u32>, u32> = FxHashMap::default();
    let mut arcs: Vec<Vec<u32>> = Vec::new();
    let mut uses: Vec<u32> = Vec::new();
    let mut intern = |seq: Vec<u32>, reversed: bool| -> ArcRef {
        let arc = match ids.get(&seq) {
            Some(&id) => id,
            None => {
                let id = arcs.len() as u32;
                arcs.push(seq.clone());
                uses.push(0);
                ids.insert(seq, id);
                id
            }
        };
        uses[arc as usize] += 1;
        ArcRef { arc, reversed }
    };
    let mut out = Vec::with_capacity(rings.len());
    for ring in rings {
        let len = ring.len();
        let cuts: Vec<usize> = (0..len).filter(|&i| junction[ring[i] as usize]).collect();
        if cuts.is_empty() {
            // one closed arc, starting at its smallest point, walked towards the smaller neighbour
            let start = (0..len).min_by_key(|&i| ring[i]).unwrap_or(0);
            let rotated: Vec<u32> = ring[start..]
                .iter()
                .chain(&ring[..start])
                .copied()
                .collect();
            let forward = rotated[1] <= rotated[len - 1];
            let mut seq: Vec<u32> = if forward {
                rotated.clone()
            } else {
                std::iter::once(rotated[0])
                    .chain(rotated[1..].iter().rev().copied())
                    .collect()
            };
            seq.push(rotated[0]);
            out.push(vec![intern(seq, !forward)]);
            continue;
        }
        let mut refs = Vec::with_capacity(cuts.len());
        for k in 0..cuts.len() {
            let (a, b) = (cuts[k], cuts[(k + 1) % cuts.len()]);
            let seq: Vec<u32> = if b > a {
                ring[a..=b].to_vec()
            } else {
                ring[a..].iter().chain(&ring[..=b]).copied().collect()
            };
            let (first, last) = (seq[0], seq[seq.len() - 1]);
            let reverse = first > last || (first == last && seq[1] > seq[seq.len() - 2]);
            if reverse {
                refs.push(intern(seq.into_iter().rev().collect(), true));
            } else {
                refs.push(intern(seq, false));
            }
        }
        out.push(refs);
    }
    let arcs = arcs
        .into_iter()
        .map(|seq| seq.into_iter().map(|p| points.xy[p as usize]).collect())
        .collect();
    (Topology { arcs, uses }, out)
}

/// The points of a ring from arcs (full or simplified), without the closing point.
pub(crate) fn ring_points(arcs: &[Vec<Xy>], ring: &[ArcRef]) -> Vec<Xy> {
    let mut out: Vec<Xy> = Vec::new();
    for r in ring {
        let arc = &arcs[r.arc as usize];
        let mut push = |p: Xy| {
            if out.last() != Some(&p) {
                out.push(p);
            }
        };
        if r.reversed {
            arc.iter().rev().for_each(|&p| push(p));
        } else {
            arc.iter().for_each(|&p| push(p));
        }
    }
    while out.len() > 1 && out.first() == out.last() {
        out.pop();
    }
    out
}

/// Twice the signed area of a ring (positive when counter-clockwise with y to the north).
pub(crate) fn signed_area2(ring: &[Xy]) -> f64 {
    let n = ring.len();
    let mut sum = 0.0;
    for i in 0..n {
        let (a, b) = (ring[i], ring[(i + 1) % n]);
        sum += a.0 * b.1 - b.0 * a.1;
    }
    sum
}

/// The same ring walked the other way.
pub(crate) fn reverse(ring: &mut Ring) {
    ring.reverse();
    for r in ring.iter_mut() {
        r.reversed = !r.reversed;
    }
}

/// Squared distance from `p` to the segment `a`-`b`.
pub(crate) fn segment_distance2(p: Xy, a: Xy, b: Xy) -> f64 {
    let (dx, dy) = (b.0 - a.0, b.1 - a.1);
    let len2 = dx * dx + dy * dy;
    let t = if len2 > 0.0 {
        (((p.0 - a.0) * dx + (p.1 - a.1) * dy) / len2).clamp(0.0, 1.0)
    } else {
        0.0
    };
    let (x, y) = (a.0 + t * dx - p.0, a.1 + t * dy - p.1);
    x * x + y * y
}

/// The point between `a` and `b` (exclusive) farthest from the chord `a`-`b`, with its squared distance.
fn farthest(points: &[Xy], a: usize, b: usize) -> Option<(usize, f64)> {
    (a + 1..b)
        .map(|i| (i, segment_distance2(points[i], points[a], points[b])))
        .fold(None, |best, (i, d)| match best {
            Some((_, bd)) if bd >= d => best,
            _ => Some((i, d)),
        })
}

/// Marks the points Douglas-Peucker keeps between `a` and `b` at squared tolerance `tol2`.
fn douglas_peucker(points: &[Xy], a: usize, b: usize, tol2: f64, keep: &mut [bool]) {
    let mut stack = vec![(a, b)];
    while let Some((a, b)) = stack.pop() {
        if let Some((i, d)) = farthest(points, a, b)
            && d > tol2
        {
            keep[i] = true;
            stack.push((a, i));
            stack.push((i, b));
        }
    }
}

/// The kept points of one arc: ends fixed; a closed arc keeps at least a triangle; `force`
/// keeps the farthest point from the chord whatever the tolerance.
fn simplify_arc(points: &[Xy], tol2: f64, force: bool) -> Vec<Xy> {
    let n = points.len();
    if n <= 2 {
        return points.to_vec();
    }
    let mut keep = vec![false; n];
    keep[0] = true;
    keep[n - 1] = true;
    if points[0] == points[n - 1] {
        // closed: split at the point farthest from the start, and keep one point on each side
        if let Some((f, _)) = farthest(points, 0, n - 1) {
            keep[f] = true;
            for (a, b) in [(0, f), (f, n - 1)] {
                if let Some((g, _)) = farthest(points, a, b) {
                    keep[g] = true;
                }
            }
            let marked: Vec<usize> = (0..n).filter(|&i| keep[i]).collect();
            for w in marked.windows(2) {
                douglas_peucker(points, w[0], w[1], tol2, &mut keep);
            }
        }
    } else {
        if force && let Some((f, _)) = farthest(points, 0, n - 1) {
            keep[f] = true;
        }
        let marked: Vec<usize> = (0..n).filter(|&i| keep[i]).collect();
        for w in marked.windows(2) {
            douglas_peucker(points, w[0], w[1], tol2, &mut keep);
        }
    }
    (0..n).filter(|&i| keep[i]).map(|i| points[i]).collect()
}

/// Every arc simplified at `tolerance` (in projected units), rings kept from flattening.
pub(crate) fn simplify(topology: &Topology, rings: &[&Ring], tolerance: f64) -> Vec<Vec<Xy>> {
    let tol2 = tolerance * tolerance;
    let mut out: Vec<Vec<Xy>> = topology
        .arcs
        .iter()
        .map(|a| simplify_arc(a, tol2, false))
        .collect();
    let flat = |arcs: &[Vec<Xy>], ring: &Ring| {
        let pts = ring_points(arcs, ring);
        pts.len() < 3 || signed_area2(&pts) == 0.0
    };
    let mut forced = vec![false; out.len()];
    for ring in rings {
        if flat(&out, ring) {
            for r in ring.iter() {
                forced[r.arc as usize] = true;
            }
        }
    }
    for (i, f) in forced.iter().enumerate() {
        if *f {
            out[i] = simplify_arc(&topology.arcs[i], tol2, true);
        }
    }
    // a ring still flat after that keeps its full resolution
    for ring in rings {
        if flat(&out, ring) {
            for r in ring.iter() {
                out[r.arc as usize] = topology.arcs[r.arc as usize].clone();
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Interns rings given as lists of integer coordinates.
    fn rings(list: &[&[(i32, i32)]]) -> (Points, Vec<Vec<u32>>) {
        let mut points = Points::default();
        let ids = list
            .iter()
            .map(|r| {
                let ring = r
                    .iter()
                    .map(|&(x, y)| {
                        let p = (f64::from(x), f64::from(y));
                        points.id(p, p)
                    })
                    .collect();
                clean_ring(ring).unwrap()
            })
            .collect();
        (points, ids)
    }

    #[test]
    fn neighbours_share_one_arc_walked_both_ways() {
        // two squares side by side, sharing the border x = 2 from (2,0) to (2,2) through (2,1)
        let (points, ids) = rings(&[
            &[(0, 0), (2, 0), (2, 1), (2, 2), (0, 2)],
            &[(2, 0), (4, 0), (4, 2), (2, 2), (2, 1)],
        ]);
        let (topo, out) = build(&points, &ids);
        assert_eq!(topo.arcs.len(), 3, "{:?}", topo.arcs);
        let shared: Vec<u32> = out[0]
            .iter()
            .filter(|a| out[1].iter().any(|b| b.arc == a.arc))
            .map(|a| a.arc)
            .collect();
        assert_eq!(shared.len(), 1);
        let s = shared[0];
        assert_eq!(topo.uses[s as usize], 2);
        assert_eq!(topo.arcs[s as usize].len(), 3, "the border keeps (2,1)");
        let dir = |ring: &Ring| ring.iter().find(|r| r.arc == s).unwrap().reversed;
        assert_ne!(dir(&out[0]), dir(&out[1]), "walked once each way");
        // every ring is rebuilt as it was (up to its starting point)
        for (ring, ids) in out.iter().zip(&ids) {
            let pts = ring_points(&topo.arcs, ring);
            assert_eq!(pts.len(), ids.len());
            assert!(signed_area2(&pts).abs() > 0.0);
        }
    }

    #[test]
    fn an_enclave_and_the_hole_around_it_are_one_closed_arc() {
        let (points, ids) = rings(&[
            &[(0, 0), (10, 0), (10, 10), (0, 10)],
            &[(3, 3), (3, 6), (6, 6), (6, 3)], // hole of the first area
            &[(3, 3), (6, 3), (6, 6), (3, 6)], // the enclave, the other way round
        ]);
        let (topo, out) = build(&points, &ids);
        assert_eq!(topo.arcs.len(), 2);
        assert_eq!(out[1][0].arc, out[2][0].arc);
        assert_ne!(out[1][0].reversed, out[2][0].reversed);
        assert_eq!(topo.uses[out[1][0].arc as usize], 2);
        assert_eq!(topo.uses[out[0][0].arc as usize], 1);
    }

    #[test]
    fn simplified_neighbours_keep_a_common_border() {
        // a wiggly shared border simplified away; both rings get the same straight border
        let border: Vec<(i32, i32)> = (0..=100).map(|y| (50 + (y % 2), y)).collect();
        let mut left: Vec<(i32, i32)> = vec![(0, 100), (0, 0)];
        left.extend(border.iter().copied());
        let mut right: Vec<(i32, i32)> = vec![(100, 0), (100, 100)];
        right.extend(border.iter().rev().copied());
        let (points, ids) = rings(&[&left, &right]);
        let (topo, out) = build(&points, &ids);
        let refs: Vec<&Ring> = out.iter().collect();
        let simple = simplify(&topo, &refs, 2.0);
        let a = ring_points(&simple, &out[0]);
        let b = ring_points(&simple, &out[1]);
        assert_eq!(a.len(), 4, "{a:?}");
        assert_eq!(b.len(), 4, "{b:?}");
        let common: Vec<&Xy> = a.iter().filter(|p| b.contains(p)).collect();
        assert_eq!(common.len(), 2, "the two ends of the border");
    }

    #[test]
    fn small_areas_are_never_flattened() {
        // a thin lens between an area above and one below: its two borders run between the
        // same two junctions, and simplification would make both straight (a line)
        let (points, ids) = rings(&[
            &[(0, 0), (10, 1), (20, 1), (30, 0), (30, 10), (0, 10)],
            &[(0, 0), (0, -10), (30, -10), (30, 0), (20, -1), (10, -1)],
            &[(0, 0), (10, -1), (20, -1), (30, 0), (20, 1), (10, 1)],
        ]);
        let (topo, out) = build(&points, &ids);
        assert_eq!(out[2].len(), 2, "the lens is two arcs");
        let refs: Vec<&Ring> = out.iter().collect();
        let simple = simplify(&topo, &refs, 5.0);
        for ring in &out {
            let pts = ring_points(&simple, ring);
            assert!(pts.len() >= 3 && signed_area2(&pts).abs() > 0.0, "{pts:?}");
        }
        // the neighbours follow the lens's kept points: still no gap
        let lens = ring_points(&simple, &out[2]);
        let above = ring_points(&simple, &out[0]);
        assert!(lens.iter().filter(|p| above.contains(p)).count() >= 3);
        // an island alone keeps at least a triangle
        let (points, ids) = rings(&[&[(0, 0), (1, 0), (1, 1), (0, 1)]]);
        let (topo, out) = build(&points, &ids);
        let simple = simplify(&topo, &[&out[0]], 100.0);
        assert!(ring_points(&simple, &out[0]).len() >= 3);
    }
}
