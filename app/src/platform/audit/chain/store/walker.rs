//! The walk over the chain: links in position order, checked against their
//! events, their MACs and the checkpoints, keeping the first break; and the check of the
//! events no link covers.

use super::LinkCheck;
use crate::platform::audit::chain::{Break, Broken, Checkpoint, GENESIS, Verification};
#[cfg(test)]
use crate::platform::audit::chain::{EventRow, canonical};
use crate::platform::audit::origin;

/// Walks links in position order, keeping the first break.
#[derive(Debug)]
pub struct Walker<'a> {
    /// Events a 廃棄記録 accounts for: their links stand without them.
    disposed: std::collections::HashSet<i64>,
    previous: String,
    expected: i64,
    pub broken: Option<Broken>,
    pub sealed: i64,
    checkpoints: &'a [Checkpoint],
    pub seen_at_checkpoints: Vec<(i64, String)>,
    /// Whether a link's event with a MAC was seen: from there on every event needs one
    /// (those sealed before were written before MACs existed).
    macs_began: bool,
    /// The MACs' nonces seen so far: a copy of a genuine event repeats one.
    nonces: std::collections::HashSet<[u8; 16]>,
    /// Links whose event is still in the table.
    pub present: i64,
}

impl<'a> Walker<'a> {
    pub fn new(checkpoints: &'a [Checkpoint]) -> Self {
        Walker {
            disposed: std::collections::HashSet::new(),
            previous: GENESIS.into(),
            expected: 1,
            broken: None,
            sealed: 0,
            checkpoints,
            seen_at_checkpoints: Vec::new(),
            macs_began: false,
            nonces: std::collections::HashSet::new(),
            present: 0,
        }
    }

    /// Whether the application wrote the event at this link: `mac` is its stored MAC and
    /// `verified` whether that MAC verifies for the event's canonical form.
    pub fn origin(&mut self, position: i64, event_id: i64, mac: Option<&str>, verified: bool) {
        self.present += 1;
        let written = match mac {
            None => !self.macs_began,
            Some(mac) => {
                self.macs_began = true;
                verified && origin::nonce_key(mac).is_some_and(|k| self.nonces.insert(k))
            }
        };
        if !written {
            self.breaks(position, Some(event_id), Break::Forged);
        }
    }

    /// Accepts these events' absence (retention disposed of them, with a record).
    pub fn with_disposed(mut self, disposed: std::collections::HashSet<i64>) -> Self {
        self.disposed = disposed;
        self
    }

    fn breaks(&mut self, position: i64, event_id: Option<i64>, why: Break) {
        if self.broken.as_ref().is_none_or(|b| position < b.position) {
            self.broken = Some(Broken { position, event_id, why });
        }
    }

    /// One link: its position, its event (None if gone) and its stored hash. Verification
    /// itself checks canonical texts ([`Walker::step_canonical`]); the unit tests walk rows.
    #[cfg(test)]
    pub fn step(&mut self, position: i64, event_id: i64, event: Option<&EventRow>, stored: &str) {
        // An event under another id than the link names cannot hash to it.
        let text = event.map(|e| if e.id == event_id { canonical(e) } else { String::new() });
        self.step_canonical(position, event_id, text.as_deref(), stored);
    }

    /// [`Walker::step`] with the event already in its canonical form.
    pub fn step_canonical(&mut self, position: i64, event_id: i64, canonical: Option<&str>, stored: &str) {
        let check = LinkCheck::of(&self.previous, canonical, stored);
        self.step_checked(position, event_id, check, stored);
    }

    /// [`Walker::step`] with the link already checked against the stored link before it
    /// (the one this walk saw last).
    pub fn step_checked(&mut self, position: i64, event_id: i64, check: LinkCheck, stored: &str) {
        self.sealed += 1;
        if position != self.expected {
            self.breaks(self.expected, None, Break::Gap);
        }
        self.expected = position + 1;
        match check {
            LinkCheck::Missing if self.disposed.contains(&event_id) => {}
            LinkCheck::Missing => self.breaks(position, Some(event_id), Break::Missing),
            LinkCheck::Differs => self.breaks(position, Some(event_id), Break::Changed),
            LinkCheck::Matches => {}
        }
        // The next link builds on what is stored, so one changed event breaks one link.
        self.previous.clear();
        self.previous.push_str(stored);
        if self.checkpoints.iter().any(|c| c.position == position) {
            self.seen_at_checkpoints.push((position, stored.to_string()));
        }
    }

    /// After the last link: every checkpoint must match the chain.
    pub fn finish(mut self, outside: Outside) -> Verification {
        for c in self.checkpoints {
            let matches = self.seen_at_checkpoints.iter().any(|(p, h)| *p == c.position && *h == c.hash);
            if !matches {
                self.breaks(c.position, None, Break::Checkpoint);
            }
        }
        Verification {
            sealed: self.sealed,
            broken: self.broken,
            unsealed_stale: outside.stale,
            inserted: outside.inserted,
            checkpoints_checked: self.checkpoints.len(),
        }
    }
}

/// What verification found among the events no link covers.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Outside {
    /// Older than [`STALE_SECONDS`](super::STALE_SECONDS).
    pub stale: i64,
    /// The first added behind the application's back.
    pub inserted: Option<i64>,
}

/// Among events no link covers (id, occurred_at, MAC verified or absent): those older than
/// `cutoff`, and the first that the application did not write or that lies among sealed
/// events at or below `sealed_below`, where the sealer never looks.
pub fn outside<'a>(
    events: impl IntoIterator<Item = (i64, &'a str, Option<bool>)>,
    cutoff: &str,
    sealed_below: i64,
    macs_from: i64,
) -> Outside {
    let mut found = Outside::default();
    for (id, occurred_at, mac) in events {
        if occurred_at < cutoff {
            found.stale += 1;
        }
        let written = match mac {
            None => id < macs_from,
            Some(verified) => verified,
        };
        if (!written || id <= sealed_below) && found.inserted.is_none_or(|first| id < first) {
            found.inserted = Some(id);
        }
    }
    found
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::platform::audit::chain::fixtures::event;
    use crate::platform::audit::chain::store::link;

    fn chain(events: &[EventRow]) -> Vec<String> {
        let mut prev = GENESIS.to_string();
        events
            .iter()
            .map(|e| {
                prev = link(&prev, &canonical(e));
                prev.clone()
            })
            .collect()
    }

    fn walk(events: &[Option<EventRow>], hashes: &[String], checkpoints: &[Checkpoint]) -> Verification {
        let mut w = Walker::new(checkpoints);
        for (i, (e, h)) in events.iter().zip(hashes).enumerate() {
            let position = i as i64 + 1;
            w.step(position, position, e.as_ref(), h);
        }
        w.finish(Outside::default())
    }

    #[test]
    fn an_intact_chain_verifies_against_its_checkpoints() {
        let events: Vec<EventRow> = (1..=5).map(|i| event(i, "d")).collect();
        let hashes = chain(&events);
        let cps = vec![Checkpoint { position: 3, hash: hashes[2].clone(), sealed_at: "t".into() }];
        let v = walk(&events.into_iter().map(Some).collect::<Vec<_>>(), &hashes, &cps);
        assert!(v.ok(), "{v:?}");
        assert_eq!((v.sealed, v.checkpoints_checked), (5, 1));
    }

    #[test]
    fn a_changed_event_breaks_its_own_link_first() {
        let mut events: Vec<EventRow> = (1..=5).map(|i| event(i, "d")).collect();
        let hashes = chain(&events);
        events[3].detail = Some("changed".into());
        events[4].detail = Some("changed too".into());
        let v = walk(&events.into_iter().map(Some).collect::<Vec<_>>(), &hashes, &[]);
        assert_eq!(v.broken, Some(Broken { position: 4, event_id: Some(4), why: Break::Changed }));
    }

    #[test]
    fn a_disposed_event_keeps_its_link_and_no_other_absence_is_excused() {
        let events: Vec<EventRow> = (1..=4).map(|i| event(i, "d")).collect();
        let hashes = chain(&events);
        let mut w = Walker::new(&[]).with_disposed([2].into_iter().collect());
        for (i, e) in events.iter().enumerate() {
            let e = if i == 1 || i == 2 { None } else { Some(e) };
            w.step(i as i64 + 1, i as i64 + 1, e, &hashes[i]);
        }
        let v = w.finish(Outside::default());
        assert_eq!(v.broken, Some(Broken { position: 3, event_id: Some(3), why: Break::Missing }));
        // With both disposed, the chain stands.
        let mut w = Walker::new(&[]).with_disposed([2, 3].into_iter().collect());
        for (i, e) in events.iter().enumerate() {
            let e = if i == 1 || i == 2 { None } else { Some(e) };
            w.step(i as i64 + 1, i as i64 + 1, e, &hashes[i]);
        }
        assert!(w.finish(Outside::default()).ok());
    }

    /// Walks `events` as sealed, each with the MAC `mac(i, event)`.
    fn walk_signed(events: &[EventRow], mac: impl Fn(usize, &EventRow) -> Option<String>) -> Verification {
        let hashes = chain(events);
        let mut w = Walker::new(&[]);
        for (i, e) in events.iter().enumerate() {
            let position = i as i64 + 1;
            let text = canonical(e);
            w.step_canonical(position, e.id, Some(&text), &hashes[i]);
            let mac = mac(i, e);
            w.origin(position, e.id, mac.as_deref(), mac.as_deref().is_some_and(|m| origin::verifies(m, &text)));
        }
        w.finish(Outside::default())
    }

    fn sign(e: &EventRow) -> String {
        origin::sign(origin::body(&canonical(e)))
    }

    #[test]
    fn an_event_without_the_applications_mac_is_named_though_it_was_sealed() {
        let events: Vec<EventRow> = (1..=5).map(|i| event(i, "d")).collect();
        assert!(walk_signed(&events, |_, e| Some(sign(e))).ok());
        // Event 3 added with no MAC, or with a MAC made without the key, or with the MAC of
        // another event: each is named at its own link.
        let forged = [None, Some("AAAAAAAAAAAAAAAA.AAAAAAAAAAAAAAAAAAAAAA".to_string()), Some(sign(&event(3, "other")))];
        for mac in forged {
            let v = walk_signed(&events, |i, e| if i == 2 { mac.clone() } else { Some(sign(e)) });
            assert_eq!(v.broken, Some(Broken { position: 3, event_id: Some(3), why: Break::Forged }), "{mac:?}");
            assert!(!v.ok());
        }
    }

    #[test]
    fn a_copy_of_a_genuine_event_repeats_its_nonce() {
        let mut events: Vec<EventRow> = (1..=4).map(|i| event(i, "d")).collect();
        // Event 4 is event 2 copied under a new id, MAC and all (the MAC does not cover ids).
        let mut copy = events[1].clone();
        copy.id = 4;
        events[3] = copy;
        let macs: Vec<String> = events.iter().map(sign).collect();
        let v = walk_signed(&events, |i, _| Some(if i == 3 { macs[1].clone() } else { macs[i].clone() }));
        assert_eq!(v.broken, Some(Broken { position: 4, event_id: Some(4), why: Break::Forged }));
    }

    #[test]
    fn events_from_before_macs_need_none() {
        let events: Vec<EventRow> = (1..=5).map(|i| event(i, "d")).collect();
        // Events 1–2 were sealed before the MAC column existed; once one with a MAC is
        // sealed, every later one needs one.
        assert!(walk_signed(&events, |i, e| (i >= 2).then(|| sign(e))).ok());
        let v = walk_signed(&events, |i, e| (i != 3).then(|| sign(e)));
        assert_eq!(v.broken, Some(Broken { position: 4, event_id: Some(4), why: Break::Forged }));
    }

    #[test]
    fn outside_the_chain_stale_and_inserted_events_are_told_apart() {
        let cutoff = "2026-11-22T00:59:00Z";
        let (old, new) = ("2026-11-22T00:00:00Z", "2026-11-22T01:00:00Z");
        // Awaiting the sealer: new events with valid MACs above the sealed ones.
        assert_eq!(outside([(11, new, Some(true)), (12, new, Some(true))], cutoff, 10, 1), Outside::default());
        // Left unsealed for long: stale, not inserted.
        assert_eq!(outside([(11, old, Some(true))], cutoff, 10, 1), Outside { stale: 1, inserted: None });
        // No valid MAC, or none at all after MACs began: the first such is named.
        assert_eq!(outside([(11, new, Some(true)), (13, new, Some(false)), (12, new, None)], cutoff, 10, 1).inserted, Some(12));
        // Among sealed events, where the sealer never looks, even with a MAC (a copy).
        assert_eq!(outside([(7, new, Some(true))], cutoff, 10, 1).inserted, Some(7));
        // Before MACs began, none is needed.
        assert_eq!(outside([(11, new, None)], cutoff, 10, 20), Outside::default());
    }

    #[test]
    fn a_deleted_event_and_a_missing_link_are_named() {
        let events: Vec<EventRow> = (1..=4).map(|i| event(i, "d")).collect();
        let hashes = chain(&events);
        let mut rows: Vec<Option<EventRow>> = events.into_iter().map(Some).collect();
        rows[1] = None;
        let v = walk(&rows, &hashes, &[]);
        assert_eq!(v.broken, Some(Broken { position: 2, event_id: Some(2), why: Break::Missing }));
        // The link at position 3 removed (its event kept).
        let intact: Vec<EventRow> = (1..=4).map(|i| event(i, "d")).collect();
        let mut w = Walker::new(&[]);
        for i in [0usize, 1, 3] {
            w.step(i as i64 + 1, i as i64 + 1, Some(&intact[i]), &hashes[i]);
        }
        let v = w.finish(Outside::default());
        assert_eq!(v.broken, Some(Broken { position: 3, event_id: None, why: Break::Gap }));
    }

    #[test]
    fn a_rebuilt_or_shortened_chain_disagrees_with_the_checkpoints() {
        let events: Vec<EventRow> = (1..=4).map(|i| event(i, "d")).collect();
        let honest = chain(&events);
        let cps = vec![
            Checkpoint { position: 2, hash: honest[1].clone(), sealed_at: "t1".into() },
            Checkpoint { position: 4, hash: honest[3].clone(), sealed_at: "t2".into() },
        ];
        // Event 2 rewritten and the chain re-hashed: internally consistent, but not what was
        // written outside.
        let mut forged_events = events.clone();
        forged_events[1].detail = Some("rewritten".into());
        let forged = chain(&forged_events);
        let v = walk(&forged_events.iter().cloned().map(Some).collect::<Vec<_>>(), &forged, &cps);
        assert_eq!(v.broken, Some(Broken { position: 2, event_id: None, why: Break::Checkpoint }));
        // The last two events and links removed: the later checkpoint is beyond the chain.
        let v = walk(&events[..2].iter().cloned().map(Some).collect::<Vec<_>>(), &honest[..2], &cps);
        assert_eq!(v.broken, Some(Broken { position: 4, event_id: None, why: Break::Checkpoint }));
    }
}
