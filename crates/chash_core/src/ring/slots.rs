//! The per-slot records: setting, replacing and removing consumers, which only records what the
//! next flush must change.

use super::{
    Consumer, Ring, IN_RING, MAX_POINTS_PER_CONSUMER, MAX_SLOT, MAX_TOTAL_POINTS, PENDING, STALE,
};
use crate::Error;

impl Ring {
    /// Puts the consumer `id` with `points` points (see [`points_for`](super::points_for)) into `slot`, replacing the
    /// consumer that was there, if any. Setting the same id and point count again is a no-op.
    ///
    /// The change is applied lazily by the next lookup or [`Ring::flush`].
    ///
    /// Ids should be unique within a ring (the binding layer maps ids to slots); the engine does
    /// not check. Two slots with the same id are ordered by slot after §4's rules.
    ///
    /// Errors (the ring is unchanged): [`Error::SlotOutOfRange`] if `slot > MAX_SLOT`,
    /// [`Error::EmptyId`], [`Error::InvalidPointCount`] if `points` is not in `1 ..= 2^20`,
    /// [`Error::TooManyPoints`] if the ring would exceed `u32::MAX - 1` points,
    /// [`Error::OutOfMemory`] if the memory to build that many points cannot be allocated.
    pub fn set_consumer(&mut self, slot: u32, id: &[u8], points: u32) -> Result<(), Error> {
        if slot > MAX_SLOT {
            return Err(Error::SlotOutOfRange(slot));
        }
        if id.is_empty() {
            return Err(Error::EmptyId);
        }
        if points == 0 || points > MAX_POINTS_PER_CONSUMER {
            return Err(Error::InvalidPointCount(u64::from(points)));
        }
        let s = slot as usize;
        let old_points = match self.consumers.get(s) {
            Some(Some(c)) => {
                if c.points == points && *c.id == *id {
                    return Ok(());
                }
                u64::from(c.points)
            }
            _ => 0,
        };
        let total = self.total_points() - old_points + u64::from(points);
        if total > MAX_TOTAL_POINTS {
            return Err(Error::TooManyPoints(total));
        }
        crate::reserve::reserve_build(total)?;
        if s >= self.consumers.len() {
            self.consumers.resize(s + 1, None);
            self.flags.resize(s + 1, 0);
        }
        if self.consumers[s].is_some() {
            self.retire(slot);
        } else {
            self.consumer_count += 1;
        }
        self.consumers[s] = Some(Consumer {
            id: id.into(),
            points,
        });
        if self.flags[s] & PENDING == 0 {
            self.flags[s] |= PENDING;
            self.pending.push(slot);
        }
        self.pending_points += u64::from(points);
        self.dirty = true;
        Ok(())
    }

    /// Removes the consumer in `slot` and its points. Returns whether there was one.
    /// Applied lazily like [`Ring::set_consumer`].
    pub fn remove_consumer(&mut self, slot: u32) -> bool {
        match self.consumers.get(slot as usize) {
            Some(Some(_)) => {}
            _ => return false,
        }
        self.retire(slot);
        self.consumers[slot as usize] = None;
        self.consumer_count -= 1;
        self.dirty = true;
        true
    }

    /// Takes the current record of an occupied `slot` out of the ring's books: its points in the
    /// arrays become stale, or its pending addition is cancelled.
    fn retire(&mut self, slot: u32) {
        let s = slot as usize;
        let points = self.consumers[s]
            .as_ref()
            .map_or(0, |c| u64::from(c.points));
        let flags = self.flags[s];
        if flags & IN_RING != 0 {
            // IN_RING and STALE never hold together: a slot's points in the arrays are either
            // current or stale, and a re-set slot is PENDING, not IN_RING, until the next flush.
            self.flags[s] = (flags & !IN_RING) | STALE;
            self.stale.push(slot);
            self.stale_points += points;
        } else if flags & PENDING != 0 {
            self.flags[s] = flags & !PENDING;
            self.pending_points -= points;
        }
    }

    /// Removes every consumer and point.
    pub fn clear(&mut self) {
        #[cfg(test)]
        let position_fn = self.position_fn;
        *self = Ring::new(self.hasher);
        #[cfg(test)]
        {
            self.position_fn = position_fn;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::test_util::hasher;
    use super::*;

    #[test]
    fn set_consumer_errors_leave_ring_unchanged() {
        let mut ring = Ring::new(hasher());
        ring.set_consumer(0, b"a", 10).unwrap();
        let before = ring.lookup(b"k");
        assert_eq!(
            ring.set_consumer(MAX_SLOT + 1, b"x", 1),
            Err(Error::SlotOutOfRange(MAX_SLOT + 1))
        );
        assert_eq!(ring.set_consumer(1, b"", 1), Err(Error::EmptyId));
        assert_eq!(
            ring.set_consumer(0, b"b", 0),
            Err(Error::InvalidPointCount(0))
        );
        assert_eq!(
            ring.set_consumer(0, b"b", MAX_POINTS_PER_CONSUMER + 1),
            Err(Error::InvalidPointCount(
                u64::from(MAX_POINTS_PER_CONSUMER) + 1
            ))
        );
        assert!(!ring.is_dirty());
        assert_eq!(ring.consumer_count(), 1);
        assert_eq!(ring.point_count(), 10);
        assert_eq!(ring.lookup(b"k"), before);
        // Re-setting the same consumer is a no-op.
        ring.set_consumer(0, b"a", 10).unwrap();
        assert!(!ring.is_dirty());
    }

    #[test]
    fn bookkeeping_of_pending_and_stale_points() {
        let mut ring = Ring::new(hasher());
        ring.set_consumer(0, b"a", 10).unwrap();
        ring.set_consumer(0, b"a", 20).unwrap(); // replace while pending
        assert_eq!(ring.point_count(), 20);
        ring.flush();
        ring.set_consumer(0, b"a", 5).unwrap(); // replace while in ring
        ring.set_consumer(1, b"b", 7).unwrap();
        assert_eq!(ring.point_count(), 12);
        assert!(ring.remove_consumer(1)); // cancel a pending addition
        assert!(!ring.remove_consumer(1));
        assert!(ring.remove_consumer(0));
        assert_eq!(ring.point_count(), 0);
        assert_eq!(ring.consumer_count(), 0);
        ring.set_consumer(0, b"a", 3).unwrap(); // stale and pending at once
        assert_eq!(ring.point_count(), 3);
        let (pos, slots) = ring.points();
        assert_eq!((pos.len(), slots), (3, &[0u32, 0, 0][..]));
        assert_eq!(ring.flags[0], IN_RING);
        ring.clear();
        assert_eq!((ring.point_count(), ring.consumer_count()), (0, 0));
        assert_eq!(ring.lookup(b"x"), None);
    }
}
