/// The cut of the reduction axis `[0, K)` into segments: maximal runs of K positions over which
/// neither operand's scale changes and no promotion falls. Boundaries are the multiples (below K) of
/// A's group length, of B's group length and of the promotion interval; a segment whose end is a
/// multiple of the promotion interval ends with a promotion. Segments are visited in K order.
struct SegmentSchedule: Sendable, Equatable {
    struct Segment: Sendable, Equatable {
        var start: Int, end: Int
        /// Group index of the segment along A's and B's rows.
        var aGroup: Int, bGroup: Int
        /// A promotion follows this segment.
        var promotes: Bool
    }

    let segments: [Segment]
    /// Longest segment.
    let longest: Int

    init(depth: Int, aGroupLength: Int, bGroupLength: Int, promotion: Int?) {
        var cuts = Set<Int>([depth])
        for step in [aGroupLength, bGroupLength] + (promotion.map { [$0] } ?? []) where step < depth {
            cuts.formUnion(stride(from: step, to: depth, by: step))
        }
        var start = 0
        var list: [Segment] = []
        for end in cuts.sorted() {
            list.append(Segment(start: start, end: end, aGroup: start / aGroupLength, bGroup: start / bGroupLength,
                                promotes: promotion.map { end % $0 == 0 && end < depth } ?? false))
            start = end
        }
        segments = list
        longest = list.map { $0.end - $0.start }.max() ?? 0
    }
}
