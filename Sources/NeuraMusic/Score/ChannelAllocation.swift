/// Which MIDI channel each note track of an export plays on (0-based; 9 is the drum channel).
///
/// Drum tracks play on channel 10. The 15 other channels go to the pitched tracks: each gets
/// its own while there are 15 or fewer, first to the tracks whose part asks for a free one,
/// then the lowest free channel to the rest. Past 15 tracks, tracks with the same program
/// share a channel, the group asking with its first track's channel; past 15 programs, the
/// later groups share the channels in turn.
enum ChannelAllocation {
    static let pitchedChannels = (0..<16).filter { $0 != GeneralMIDI.drumChannel }

    static func channels(for plans: [TrackPlan]) -> [UInt8] {
        let pitched = plans.indices.filter { !plans[$0].isDrum }
        // Each group of tracks gets one channel: a track of its own, or all tracks of a program.
        var groups: [[Int]]
        if pitched.count <= pitchedChannels.count {
            groups = pitched.map { [$0] }
        } else {
            groups = []
            var groupOfProgram: [Int: Int] = [:]
            for index in pitched {
                let program = plans[index].program ?? 0
                if let group = groupOfProgram[program] {
                    groups[group].append(index)
                } else {
                    groupOfProgram[program] = groups.count
                    groups.append([index])
                }
            }
        }

        var channelOfGroup = [Int?](repeating: nil, count: groups.count)
        var free = Set(pitchedChannels)
        for (group, members) in groups.enumerated() {
            if let wanted = plans[members[0]].preferredChannel, free.contains(wanted) {
                channelOfGroup[group] = wanted
                free.remove(wanted)
            }
        }
        var shared = 0
        for group in groups.indices where channelOfGroup[group] == nil {
            if let lowest = pitchedChannels.first(where: free.contains) {
                channelOfGroup[group] = lowest
                free.remove(lowest)
            } else {
                channelOfGroup[group] = pitchedChannels[shared % pitchedChannels.count]
                shared += 1
            }
        }

        var channels = plans.map { _ in UInt8(GeneralMIDI.drumChannel) }
        for (group, members) in groups.enumerated() {
            for index in members { channels[index] = UInt8(channelOfGroup[group]!) }
        }
        return channels
    }
}
