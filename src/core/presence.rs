//! Who is here now, counted by mode, stakeholder group and region.
//!
//! Presence is not a stream of durable events: in a join storm of 5,000
//! people, one frame per join to everyone would cost 25 million frames.
//! Instead the core keeps running counts and a pending roster diff, and the
//! shell takes them at most once per presence period ([`Presence::take_changes`]),
//! in the manner of Phoenix's `presence_state` and `presence_diff`.
//!
//! Counting unit: a device (`client_id`) counts once however many tabs it has
//! open; a connection without `client_id` counts on its own. A remote hub
//! counts as its headcount in `attendees` and in every breakdown. Only
//! participants are counted as attendees; moderators and captioners are
//! counted apart as `staff`, and room displays not at all.

use super::attributes::{Hub, Mode, Region, Role, Stakeholder};
use super::ids::{ConnectionId, ParticipantId};
use serde::ser::SerializeMap;
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use std::collections::{BTreeMap, BTreeSet};

/// One entry of the moderators' roster.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RosterEntry {
    pub id: ParticipantId,
    pub name: String,
    pub role: Role,
    pub mode: Mode,
    pub stakeholder: Stakeholder,
    pub region: Region,
    pub hub: Option<Hub>,
}

/// Running totals. Breakdowns count attendees, so a hub of 25 adds 25.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct PresenceCounts {
    /// Distinct devices or participants present.
    pub participants: u32,
    /// People present: participants, with each hub counted as its headcount.
    pub attendees: u32,
    pub connections: u32,
    pub hubs: u32,
    /// Moderators and captioners present (devices), in no breakdown.
    pub staff: u32,
    by_mode: [u32; 2],
    by_stakeholder: [u32; 8],
    by_region: [u32; 6],
}

impl PresenceCounts {
    pub fn mode(&self, mode: Mode) -> u32 {
        self.by_mode[mode as usize]
    }
    pub fn stakeholder(&self, stakeholder: Stakeholder) -> u32 {
        self.by_stakeholder[stakeholder as usize]
    }
    pub fn region(&self, region: Region) -> u32 {
        self.by_region[region as usize]
    }

    fn add(&mut self, person: &CountedAttributes, sign: i64) {
        let adjust = |value: &mut u32, by: i64| *value = (i64::from(*value) + by).max(0) as u32;
        if person.is_staff {
            adjust(&mut self.staff, sign);
        }
        if !person.is_person {
            return;
        }
        let weight = i64::from(person.headcount) * sign;
        adjust(&mut self.participants, sign);
        adjust(&mut self.attendees, weight);
        if person.is_hub {
            adjust(&mut self.hubs, sign);
        }
        adjust(&mut self.by_mode[person.mode as usize], weight);
        adjust(
            &mut self.by_stakeholder[person.stakeholder as usize],
            weight,
        );
        adjust(&mut self.by_region[person.region as usize], weight);
    }
}

impl Serialize for PresenceCounts {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        struct Breakdown<'a, K: Copy>(&'a [K], &'a [u32], fn(K) -> &'static str);
        impl<K: Copy> Serialize for Breakdown<'_, K> {
            fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                let mut map = serializer.serialize_map(Some(self.0.len()))?;
                for (key, value) in self.0.iter().zip(self.1) {
                    map.serialize_entry((self.2)(*key), value)?;
                }
                map.end()
            }
        }
        let mut map = serializer.serialize_map(Some(8))?;
        map.serialize_entry("participants", &self.participants)?;
        map.serialize_entry("attendees", &self.attendees)?;
        map.serialize_entry("connections", &self.connections)?;
        map.serialize_entry("hubs", &self.hubs)?;
        map.serialize_entry("staff", &self.staff)?;
        map.serialize_entry(
            "by_mode",
            &Breakdown(&Mode::ALL, &self.by_mode, Mode::as_str),
        )?;
        map.serialize_entry(
            "by_stakeholder",
            &Breakdown(&Stakeholder::ALL, &self.by_stakeholder, Stakeholder::as_str),
        )?;
        map.serialize_entry(
            "by_region",
            &Breakdown(&Region::ALL, &self.by_region, Region::as_str),
        )?;
        map.end()
    }
}

/// Reads the counts back from the JSON [`Serialize`] writes (a snapshot
/// keeps them in that form); every breakdown key must be present.
impl<'de> Deserialize<'de> for PresenceCounts {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<PresenceCounts, D::Error> {
        #[derive(Deserialize)]
        struct Written {
            participants: u32,
            attendees: u32,
            connections: u32,
            hubs: u32,
            staff: u32,
            by_mode: BTreeMap<String, u32>,
            by_stakeholder: BTreeMap<String, u32>,
            by_region: BTreeMap<String, u32>,
        }
        fn breakdown<K: Copy, const N: usize, E: serde::de::Error>(
            keys: &[K; N],
            name: fn(K) -> &'static str,
            written: &BTreeMap<String, u32>,
        ) -> Result<[u32; N], E> {
            let mut values = [0; N];
            for (value, key) in values.iter_mut().zip(keys) {
                *value = *written
                    .get(name(*key))
                    .ok_or_else(|| E::custom(format_args!("no count for {}", name(*key))))?;
            }
            Ok(values)
        }
        let written = Written::deserialize(deserializer)?;
        Ok(PresenceCounts {
            participants: written.participants,
            attendees: written.attendees,
            connections: written.connections,
            hubs: written.hubs,
            staff: written.staff,
            by_mode: breakdown(&Mode::ALL, Mode::as_str, &written.by_mode)?,
            by_stakeholder: breakdown(
                &Stakeholder::ALL,
                Stakeholder::as_str,
                &written.by_stakeholder,
            )?,
            by_region: breakdown(&Region::ALL, Region::as_str, &written.by_region)?,
        })
    }
}

/// What changed since the last time the shell asked.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PresenceChanges {
    pub counts: PresenceCounts,
    pub roster_joins: Vec<RosterEntry>,
    pub roster_leaves: Vec<ParticipantId>,
}

/// The attributes that presence counts, as of a device's latest connection.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
struct CountedAttributes {
    mode: Mode,
    stakeholder: Stakeholder,
    region: Region,
    headcount: u32,
    is_hub: bool,
    /// True for a participant only: an attendee (headcount 0 otherwise).
    is_person: bool,
    /// A moderator or a captioner, counted as staff.
    is_staff: bool,
}

impl CountedAttributes {
    fn of(entry: &RosterEntry) -> CountedAttributes {
        CountedAttributes {
            mode: entry.mode,
            stakeholder: entry.stakeholder,
            region: entry.region,
            headcount: attendance_headcount(entry.role, entry.hub.as_ref()),
            is_hub: entry.hub.is_some(),
            is_person: entry.role.counts_as_attendee(),
            is_staff: entry.role.is_staff(),
        }
    }
}

#[derive(Clone, Debug, Serialize, Deserialize)]
struct Device {
    attributes: CountedAttributes,
    connections: u32,
}

#[derive(Clone, Debug, Serialize, Deserialize)]
struct OpenConnection {
    participant: ParticipantId,
    device: String,
}

/// Every map is ordered, so two replicas iterate identically.
#[derive(Clone, Debug, Default, Serialize, Deserialize)]
pub(crate) struct Presence {
    connections: BTreeMap<ConnectionId, OpenConnection>,
    devices: BTreeMap<String, Device>,
    /// How many open connections each participant has; the roster lists
    /// participants with at least one.
    participant_connections: BTreeMap<ParticipantId, u32>,
    counts: PresenceCounts,
    counts_changed: bool,
    pending_joins: BTreeMap<ParticipantId, RosterEntry>,
    pending_leaves: BTreeSet<ParticipantId>,
}

impl Presence {
    pub(crate) fn counts(&self) -> &PresenceCounts {
        &self.counts
    }

    pub(crate) fn participant_of(&self, connection: &ConnectionId) -> Option<&ParticipantId> {
        self.connections
            .get(connection)
            .map(|open| &open.participant)
    }

    pub(crate) fn is_online(&self, participant: &ParticipantId) -> bool {
        self.participant_connections.contains_key(participant)
    }

    pub(crate) fn online_participants(&self) -> impl Iterator<Item = &ParticipantId> {
        self.participant_connections.keys()
    }

    /// The open connections of a participant, in id order.
    pub(crate) fn connections_of(&self, participant: &ParticipantId) -> Vec<ConnectionId> {
        self.connections
            .iter()
            .filter(|(_, open)| &open.participant == participant)
            .map(|(connection, _)| connection.clone())
            .collect()
    }

    /// The open connections `node` accepted, in id order.
    pub(crate) fn connections_of_node(&self, node: &str) -> Vec<ConnectionId> {
        self.connections
            .keys()
            .filter(|connection| connection.belongs_to_node(node))
            .cloned()
            .collect()
    }

    /// The nodes that accepted the open connections, in order.
    pub(crate) fn connected_nodes(&self) -> BTreeSet<&str> {
        self.connections
            .keys()
            .filter_map(ConnectionId::node)
            .collect()
    }

    /// Adds a connection. `device` is the `client_id`, or a key unique to this
    /// connection when the client sent none.
    pub(crate) fn connect(&mut self, connection: ConnectionId, device: String, entry: RosterEntry) {
        let attributes = CountedAttributes::of(&entry);
        match self.devices.get_mut(&device) {
            Some(existing) => {
                existing.connections += 1;
                Self::recount(&mut self.counts, existing, attributes);
            }
            None => {
                self.counts.add(&attributes, 1);
                self.devices.insert(
                    device.clone(),
                    Device {
                        attributes,
                        connections: 1,
                    },
                );
            }
        }
        self.counts.connections += 1;
        self.counts_changed = true;

        let participant = entry.id.clone();
        let open_connections = self
            .participant_connections
            .entry(participant.clone())
            .or_insert(0);
        *open_connections += 1;
        if *open_connections == 1 {
            self.pending_leaves.remove(&participant);
        }
        // A reconnect may change name or mode; the roster always gets the latest.
        self.pending_joins.insert(participant.clone(), entry);
        self.connections.insert(
            connection,
            OpenConnection {
                participant,
                device,
            },
        );
    }

    /// A participant present now was given another role: their devices
    /// are counted again as the new role says (a participant made
    /// moderator leaves the attendees for the staff), and moderators'
    /// rosters get the changed entry.
    pub(crate) fn change_role(&mut self, entry: RosterEntry) {
        let attributes = CountedAttributes::of(&entry);
        let devices: BTreeSet<&String> = self
            .connections
            .values()
            .filter(|open| open.participant == entry.id)
            .map(|open| &open.device)
            .collect();
        for device in devices {
            if let Some(device) = self.devices.get_mut(device) {
                Self::recount(&mut self.counts, device, attributes.clone());
                self.counts_changed = true;
            }
        }
        if self.participant_connections.contains_key(&entry.id) {
            self.pending_joins.insert(entry.id.clone(), entry);
        }
    }

    /// Counts a device with new attributes instead of its old ones.
    fn recount(counts: &mut PresenceCounts, device: &mut Device, attributes: CountedAttributes) {
        if device.attributes != attributes {
            counts.add(&device.attributes, -1);
            counts.add(&attributes, 1);
            device.attributes = attributes;
        }
    }

    /// Removes a connection; returns its participant if it was open.
    pub(crate) fn disconnect(&mut self, connection: &ConnectionId) -> Option<ParticipantId> {
        let open = self.connections.remove(connection)?;
        self.counts.connections = self.counts.connections.saturating_sub(1);
        self.counts_changed = true;
        if let Some(device) = self.devices.get_mut(&open.device) {
            device.connections -= 1;
            if device.connections == 0 {
                let attributes = device.attributes.clone();
                self.devices.remove(&open.device);
                self.counts.add(&attributes, -1);
            }
        }
        if let Some(count) = self.participant_connections.get_mut(&open.participant) {
            *count -= 1;
            if *count == 0 {
                self.participant_connections.remove(&open.participant);
                self.pending_joins.remove(&open.participant);
                self.pending_leaves.insert(open.participant.clone());
            }
        }
        Some(open.participant)
    }

    /// Returns what changed since the previous call, or `None` if nothing did.
    pub(crate) fn take_changes(&mut self) -> Option<PresenceChanges> {
        if !self.counts_changed && self.pending_joins.is_empty() && self.pending_leaves.is_empty() {
            return None;
        }
        self.counts_changed = false;
        Some(PresenceChanges {
            counts: self.counts.clone(),
            roster_joins: std::mem::take(&mut self.pending_joins)
                .into_values()
                .collect(),
            roster_leaves: std::mem::take(&mut self.pending_leaves)
                .into_iter()
                .collect(),
        })
    }
}

/// How many attendees a connection stands for: a hub its headcount, staff
/// and room displays nobody, any other participant one.
pub(crate) fn attendance_headcount(role: Role, hub: Option<&Hub>) -> u32 {
    if !role.counts_as_attendee() {
        return 0;
    }
    hub.map_or(1, Hub::counted_headcount)
}
