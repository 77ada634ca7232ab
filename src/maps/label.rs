//! Where an area's label and status marker go: a point well inside its largest polygon.

use super::projection::Xy;
use super::topology::segment_distance2;

/// Horizontal lines tried across the polygon.
const LINES: usize = 15;

/// A point well inside a polygon (exterior ring first, then holes): of the midpoints of the
/// interior spans on 15 horizontal lines across it, the one farthest from every edge. For a
/// convex area this is near its centre; for a crescent or a ring-shaped area it stays inside.
pub(super) fn label_point(rings: &[Vec<Xy>]) -> Xy {
    let Some(outer) = rings.first().filter(|r| !r.is_empty()) else {
        return (0.0, 0.0);
    };
    let (mut x0, mut y0, mut x1, mut y1) = (f64::MAX, f64::MAX, f64::MIN, f64::MIN);
    for &(x, y) in outer {
        x0 = x0.min(x);
        x1 = x1.max(x);
        y0 = y0.min(y);
        y1 = y1.max(y);
    }
    let mut best = ((x0 + x1) / 2.0, (y0 + y1) / 2.0);
    let mut best_clearance = -1.0;
    for k in 1..=LINES {
        let y = y0 + (y1 - y0) * k as f64 / (LINES + 1) as f64;
        let mut xs: Vec<f64> = Vec::new();
        for ring in rings {
            let n = ring.len();
            for i in 0..n {
                let (a, b) = (ring[i], ring[(i + 1) % n]);
                if (a.1 <= y && y < b.1) || (b.1 <= y && y < a.1) {
                    xs.push(a.0 + (y - a.1) * (b.0 - a.0) / (b.1 - a.1));
                }
            }
        }
        xs.sort_by(f64::total_cmp);
        for span in xs.chunks_exact(2) {
            let mid = ((span[0] + span[1]) / 2.0, y);
            let clearance = rings
                .iter()
                .flat_map(|ring| {
                    let n = ring.len();
                    (0..n).map(move |i| segment_distance2(mid, ring[i], ring[(i + 1) % n]))
                })
                .fold(f64::MAX, f64::min);
            if clearance > best_clearance {
                best_clearance = clearance;
                best = mid;
            }
        }
    }
    best
}

#[cfg(test)]
mod tests {
    use super::*;

    fn inside(p: Xy, ring: &[Xy]) -> bool {
        let mut c = false;
        let n = ring.len();
        for i in 0..n {
            let (a, b) = (ring[i], ring[(i + 1) % n]);
            if (a.1 > p.1) != (b.1 > p.1) && p.0 < a.0 + (p.1 - a.1) * (b.0 - a.0) / (b.1 - a.1) {
                c = !c;
            }
        }
        c
    }

    #[test]
    fn labels_sit_inside_concave_areas_and_outside_holes() {
        // a U shape: its bounding box centre is outside it
        let u = vec![
            (0.0, 0.0),
            (10.0, 0.0),
            (10.0, 10.0),
            (7.0, 10.0),
            (7.0, 3.0),
            (3.0, 3.0),
            (3.0, 10.0),
            (0.0, 10.0),
        ];
        let p = label_point(std::slice::from_ref(&u));
        assert!(inside(p, &u), "{p:?}");
        // a square with a large hole in the middle
        let outer = vec![(0.0, 0.0), (10.0, 0.0), (10.0, 10.0), (0.0, 10.0)];
        let hole = vec![(2.0, 2.0), (2.0, 8.0), (8.0, 8.0), (8.0, 2.0)];
        let p = label_point(&[outer.clone(), hole.clone()]);
        assert!(inside(p, &outer) && !inside(p, &hole), "{p:?}");
    }
}
