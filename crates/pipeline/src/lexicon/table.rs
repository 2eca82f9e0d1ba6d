//! The flat table a dictionary keeps its words and names in: 64-bit keys
//! (the hashes of their text, [`key_of`](crate::analyze::key_of)) to pairs
//! of 32-bit numbers, saved and restored as they lie in memory.

/// A key and its value; key 0 marks an empty slot.
type Slot = (u64, [u32; 2]);

/// Bytes a slot takes in [`Table::write`]'s output.
const SLOT_BYTES: usize = 16;

/// Keys to pairs of numbers: open addressing with linear probing, each key
/// beside its value in 16 bytes (four to a cache line), so that finding a
/// key reads one place of the slots; a byte a slot ([`Table::tags`]) tells
/// most keys the table lacks without reading the slots at all. A
/// dictionary of 160,000 words is larger than the processor's own caches,
/// and a standard hash table of strings took three accesses (its control
/// bytes, its entry, the key's text) and a fourth for the value.
#[derive(Clone, Default)]
pub(super) struct Table {
    /// The slots, a power of two of them, or none.
    slots: Vec<Slot>,
    /// A byte a slot ([`tag`]): 0 where it is empty, else 7 bits of its
    /// key. A probe for a key the table lacks (about half the words a run
    /// looks up, nearly all the capitalised ones) reads these, sixteen
    /// times denser than the slots and so more often in the processor's
    /// cache, and seldom a slot.
    tags: Vec<u8>,
    /// How many are used: always fewer than the slots, so that a probe
    /// ends at an empty one.
    len: usize,
    /// 64 less the number of bits of a slot's index.
    shift: u32,
}

impl Table {
    /// How many keys it holds.
    pub(super) fn len(&self) -> usize {
        self.len
    }

    /// The slot where the probe for `key` starts: the high bits of the
    /// key times an odd constant (Fibonacci hashing), which depend on all
    /// its bits.
    fn home(&self, key: u64) -> usize {
        (key.wrapping_mul(0x9e37_79b9_7f4a_7c15) >> self.shift) as usize
    }

    /// Where `key` lies, if the table holds it.
    fn find(&self, key: u64) -> Option<usize> {
        debug_assert_ne!(key, 0, "key 0 marks an empty slot");
        if self.slots.is_empty() {
            return None;
        }
        let (mask, tag) = (self.slots.len() - 1, tag(key));
        let mut slot = self.home(key);
        loop {
            match self.tags[slot] {
                t if t == tag && self.slots[slot].0 == key => return Some(slot),
                0 => return None,
                _ => slot = (slot + 1) & mask,
            }
        }
    }

    /// The value of `key`.
    pub(super) fn get(&self, key: u64) -> Option<&[u32; 2]> {
        self.find(key).map(|slot| &self.slots[slot].1)
    }

    /// The value of `key`, to change.
    pub(super) fn get_mut(&mut self, key: u64) -> Option<&mut [u32; 2]> {
        self.find(key).map(|slot| &mut self.slots[slot].1)
    }

    /// Adds a key (not 0) that is not in the table. It grows past three
    /// quarters full: a probe then passes 2.5 slots on average.
    pub(super) fn insert(&mut self, key: u64, value: [u32; 2]) {
        debug_assert!(key != 0 && self.find(key).is_none());
        if (self.len + 1) * 4 > self.slots.len() * 3 {
            let slots = (self.slots.len() * 2).max(16);
            let old = std::mem::replace(&mut self.slots, vec![(0, [0; 2]); slots]);
            self.tags = vec![0; slots];
            self.shift = 64 - slots.trailing_zeros();
            for (k, v) in old {
                if k != 0 {
                    self.put(k, v);
                }
            }
        }
        self.put(key, value);
        self.len += 1;
    }

    fn put(&mut self, key: u64, value: [u32; 2]) {
        let mask = self.slots.len() - 1;
        let mut slot = self.home(key);
        while self.slots[slot].0 != 0 {
            slot = (slot + 1) & mask;
        }
        self.slots[slot] = (key, value);
        self.tags[slot] = tag(key);
    }

    /// The values, in no particular order.
    pub(super) fn values(&self) -> impl Iterator<Item = &[u32; 2]> {
        self.slots.iter().filter(|(k, _)| *k != 0).map(|(_, v)| v)
    }

    /// Appends the table to `out` as it lies in memory: the number of
    /// slots, then each slot's key and value, little-endian (the tags are
    /// read from the keys).
    pub(super) fn write(&self, out: &mut Vec<u8>) {
        out.reserve(8 + self.slots.len() * SLOT_BYTES);
        out.extend_from_slice(&(self.slots.len() as u64).to_le_bytes());
        for (key, [a, b]) in &self.slots {
            out.extend_from_slice(&key.to_le_bytes());
            out.extend_from_slice(&a.to_le_bytes());
            out.extend_from_slice(&b.to_le_bytes());
        }
    }

    /// A table saved by [`Table::write`] at the start of `bytes`, which
    /// then start after it; none unless it is whole and every key lies
    /// where this build's probe finds it (a table laid out otherwise would
    /// not fail, only miss).
    pub(super) fn read(bytes: &mut &[u8]) -> Option<Table> {
        let count = usize::try_from(u64::from_le_bytes(take(bytes)?)).ok()?;
        if count != 0 && !count.is_power_of_two() {
            return None;
        }
        let (data, rest) = bytes.split_at_checked(count.checked_mul(SLOT_BYTES)?)?;
        *bytes = rest;
        let slots = data
            .chunks_exact(SLOT_BYTES)
            .map(|mut s| {
                let key = u64::from_le_bytes(take(&mut s)?);
                let a = u32::from_le_bytes(take(&mut s)?);
                Some((key, [a, u32::from_le_bytes(take(&mut s)?)]))
            })
            .collect::<Option<Vec<Slot>>>()?;
        let tags: Vec<u8> = slots
            .iter()
            .map(|(k, _)| if *k == 0 { 0 } else { tag(*k) })
            .collect();
        let len = tags.iter().filter(|t| **t != 0).count();
        let shift = if count == 0 {
            0
        } else {
            64 - count.trailing_zeros()
        };
        let table = Table {
            slots,
            tags,
            len,
            shift,
        };
        (count == 0 || len < count && table.placed()).then_some(table)
    }

    /// Whether every key lies where its probe finds it: after its home
    /// slot, with no empty slot between the two. One pass, from an empty
    /// slot round to it, counting the full slots since the last empty one.
    fn placed(&self) -> bool {
        let mask = self.slots.len() - 1;
        let Some(empty) = self.slots.iter().position(|(k, _)| *k == 0) else {
            return false;
        };
        let mut run = 0;
        (1..=self.slots.len()).all(|step| {
            let slot = (empty + step) & mask;
            match self.slots[slot].0 {
                0 => {
                    run = 0;
                    true
                }
                key => {
                    run += 1;
                    (slot.wrapping_sub(self.home(key)) & mask) < run
                }
            }
        })
    }
}

/// The tag of a key in [`Table::tags`]: its high 7 bits and a bit set, so
/// that it is never 0. The slot of a key depends on the bits of its
/// product with a constant, so keys that meet in a probe seldom share
/// their tags.
fn tag(key: u64) -> u8 {
    (key >> 57) as u8 | 0x80
}

/// The first `N` bytes of `bytes`, which then start after them.
pub(super) fn take<const N: usize>(bytes: &mut &[u8]) -> Option<[u8; N]> {
    let (head, rest) = bytes.split_first_chunk::<N>()?;
    *bytes = rest;
    Some(*head)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Keys spread as word hashes are, never 0.
    fn keys(n: u64) -> Vec<u64> {
        (1..=n)
            .map(|i| crate::analyze::key_of(&format!("word{i}")))
            .collect()
    }

    fn filled(keys: &[u64]) -> Table {
        let mut table = Table::default();
        for (i, k) in keys.iter().enumerate() {
            table.insert(*k, [i as u32, !(i as u32)]);
        }
        table
    }

    fn round_trip(table: &Table) -> Option<Table> {
        let mut bytes = Vec::new();
        table.write(&mut bytes);
        bytes.extend_from_slice(b"after");
        let mut rest = &bytes[..];
        let back = Table::read(&mut rest)?;
        assert_eq!(rest, b"after");
        Some(back)
    }

    #[test]
    fn finds_what_it_holds_and_misses_the_rest_as_it_grows() {
        let all = keys(40_000);
        let (held, others) = all.split_at(20_000);
        let mut table = Table::default();
        assert!(table.get(held[0]).is_none());
        for (i, k) in held.iter().enumerate() {
            assert!(table.get(*k).is_none());
            table.insert(*k, [i as u32, 7]);
            assert_eq!(table.get(*k), Some(&[i as u32, 7]));
        }
        assert_eq!(table.len(), 20_000);
        assert_eq!(table.slots.len(), 32_768);
        for (i, k) in held.iter().enumerate() {
            assert_eq!(table.get(*k), Some(&[i as u32, 7]));
        }
        assert!(others.iter().all(|k| table.get(*k).is_none()));
        *table.get_mut(held[5]).expect("held") = [1, 2];
        assert_eq!(table.get(held[5]), Some(&[1, 2]));
        assert!(table.get_mut(others[0]).is_none());
        assert_eq!(table.values().count(), 20_000);
    }

    #[test]
    fn keys_that_share_a_home_slot_and_a_tag_are_all_found() {
        // Keys whose high bits after the multiplication agree start their
        // probes at one slot, and at the last slot the probe wraps round;
        // these share their tag too.
        let mut table = filled(&[1]);
        let last = table.slots.len() - 1;
        let crowd: Vec<u64> = (2..u64::MAX)
            .map(|k| k | 0x7f << 57)
            .filter(|k| table.home(*k) == last)
            .take(5)
            .collect();
        assert!(crowd.iter().all(|k| tag(*k) == 0xff));
        for k in &crowd {
            table.insert(*k, [*k as u32, 0]);
        }
        for k in &crowd {
            assert_eq!(table.get(*k), Some(&[*k as u32, 0]));
        }
        let back = round_trip(&table).expect("read back");
        assert!(crowd.iter().all(|k| back.get(*k) == table.get(*k)));
    }

    #[test]
    fn reads_back_what_it_wrote() {
        for n in [0, 1, 11, 12, 13, 5_000] {
            let keys = keys(n);
            let table = filled(&keys);
            let back = round_trip(&table).expect("read back");
            assert_eq!(back.len(), n as usize);
            assert_eq!(back.slots, table.slots);
            assert_eq!(back.tags, table.tags);
            assert!(keys.iter().all(|k| back.get(*k) == table.get(*k)));
        }
    }

    #[test]
    fn rejects_what_it_did_not_write() {
        let table = filled(&keys(100));
        let mut bytes = Vec::new();
        table.write(&mut bytes);
        let read = |bytes: &[u8]| Table::read(&mut &bytes[..]).map(|t| t.len());
        assert_eq!(read(&bytes), Some(100));
        // Cut short.
        assert_eq!(read(&bytes[..bytes.len() - 1]), None);
        assert_eq!(read(&bytes[..4]), None);
        // A number of slots that is not a power of two.
        let mut odd = bytes.clone();
        odd[..8].copy_from_slice(&3u64.to_le_bytes());
        assert_eq!(read(&odd), None);
        // No empty slot: a probe for a missing key would never end.
        let mut full = 16u64.to_le_bytes().to_vec();
        for k in 1..=16u64 {
            full.extend_from_slice(&k.to_le_bytes());
            full.extend_from_slice(&[0; 8]);
        }
        assert_eq!(read(&full), None);
        // Keys moved away from where their probes find them.
        let mut moved = bytes.clone();
        let body = &mut moved[8..];
        let slots = body.len() / SLOT_BYTES;
        body.rotate_left(SLOT_BYTES * (slots / 2));
        assert_eq!(read(&moved), None);
    }
}
