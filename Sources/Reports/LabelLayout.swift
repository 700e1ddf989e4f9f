/// Vertical placement of point labels that must not overlap and must never change order.
///
/// Each label wants the baseline `desired` (a little above its point) and spans `[x, x + width)`
/// horizontally. Labels whose spans overlap, directly or through a chain of overlapping labels,
/// form a cluster. Inside a cluster the labels are ordered by `desired` (ties keep their input
/// order) and placed at the baselines y that minimize the squared displacement
/// sum (y_i - d_i)^2 subject to y_{i+1} - y_i >= `gap`: with z_i = y_i - i gap the constraint is
/// z non-decreasing, so z is the isotonic (least-squares monotone) regression of d_i - i gap,
/// computed by pooling adjacent violators; y_i = z_i + i gap. Order is therefore kept by
/// construction, and a label moves only as far as its neighbours force it.
struct LabelLayout {
    struct Label {
        var x: Double
        var width: Double
        var desired: Double
    }

    /// Line spacing between two labels that overlap horizontally (pixels).
    var gap: Double = 11

    /// The baseline of each label, in input order.
    func place(_ labels: [Label]) -> [Double] {
        var placed = labels.map(\.desired)
        for cluster in clusters(labels) {
            let order = cluster.sorted { (labels[$0].desired, $0) < (labels[$1].desired, $1) }
            let targets = order.enumerated().map { i, k in labels[k].desired - Double(i) * gap }
            for (i, z) in Self.isotonic(targets).enumerated() { placed[order[i]] = z + Double(i) * gap }
        }
        return placed
    }

    /// Indexes of labels grouped by chains of horizontal overlap.
    func clusters(_ labels: [Label]) -> [[Int]] {
        let byX = labels.indices.sorted { (labels[$0].x, $0) < (labels[$1].x, $1) }
        var groups: [[Int]] = []
        var reach = -Double.infinity
        for k in byX {
            if groups.isEmpty || labels[k].x >= reach { groups.append([k]) } else { groups[groups.count - 1].append(k) }
            reach = groups[groups.count - 1].count == 1 ? labels[k].x + labels[k].width : Swift.max(reach, labels[k].x + labels[k].width)
        }
        return groups
    }

    /// The non-decreasing sequence closest to `values` in least squares (pool adjacent violators:
    /// merge neighbouring blocks into their mean while a block's mean exceeds the next one's).
    static func isotonic(_ values: [Double]) -> [Double] {
        var blocks: [(mean: Double, count: Int)] = []
        for v in values {
            blocks.append((v, 1))
            while blocks.count > 1, blocks[blocks.count - 2].mean > blocks[blocks.count - 1].mean {
                let b = blocks.removeLast(), a = blocks.removeLast()
                let n = a.count + b.count
                blocks.append(((a.mean * Double(a.count) + b.mean * Double(b.count)) / Double(n), n))
            }
        }
        return blocks.flatMap { Array(repeating: $0.mean, count: $0.count) }
    }
}
