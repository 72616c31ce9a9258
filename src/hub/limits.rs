//! Rate limits, from the `governor` crate (GCRA): commands per second with
//! a burst, per participant (all of one person's connections together) and
//! per client address (everyone behind it together), and requests per
//! client address per minute (WebSocket upgrades, transcript downloads).
//! Every limit is in `HubConfig` or `EdgeLimits` and documented in
//! `docs/PROTOCOL.md`.

use crate::net::connection_slots::client_address;
use governor::clock::Clock;
use governor::{DefaultKeyedRateLimiter, Quota, RateLimiter};
use std::hash::Hash;
use std::net::IpAddr;
use std::num::NonZeroU32;
use std::sync::Arc;
use std::time::Duration;

fn at_least_one(value: u32) -> NonZeroU32 {
    NonZeroU32::new(value.max(1)).expect("at least one")
}

/// Past this many keys, a [`KeyedLimiter`] forgets the idle ones.
const KEYS_BEFORE_FORGETTING: usize = 10_000;

/// A keyed `governor` limiter that forgets idle keys (those whose
/// allowance is full again, so that forgetting them changes nothing) after
/// a check once it holds more than [`KEYS_BEFORE_FORGETTING`], so that its
/// map stays small.
struct KeyedLimiter<K: Hash + Eq + Clone> {
    limiter: DefaultKeyedRateLimiter<K>,
}

impl<K: Hash + Eq + Clone> KeyedLimiter<K> {
    fn new(quota: Quota) -> KeyedLimiter<K> {
        KeyedLimiter {
            limiter: RateLimiter::keyed(quota),
        }
    }

    /// `Ok` if `key` may act now; otherwise how long until it may.
    fn check(&self, key: &K) -> Result<(), Duration> {
        let checked = self
            .limiter
            .check_key(key)
            .map_err(|not_until| not_until.wait_time_from(self.limiter.clock().now()));
        if self.limiter.len() > KEYS_BEFORE_FORGETTING {
            self.limiter.retain_recent();
        }
        checked
    }
}

/// Commands per second shared by every connection with the same key: a
/// participant's tabs share one allowance, and so do all the connections
/// from one client address, so that opening more tabs or more
/// participants does not multiply what one person or one machine may send.
pub struct SharedCommandLimiter<K: Hash + Eq + Clone> {
    limiter: KeyedLimiter<K>,
}

impl<K: Hash + Eq + Clone> SharedCommandLimiter<K> {
    pub fn per_second(per_second: u32, burst: u32) -> SharedCommandLimiter<K> {
        let quota = Quota::per_second(at_least_one(per_second)).allow_burst(at_least_one(burst));
        SharedCommandLimiter {
            limiter: KeyedLimiter::new(quota),
        }
    }

    /// Whether the key may send another command now.
    pub fn allow(&self, key: &K) -> bool {
        self.limiter.check(key).is_ok()
    }
}

/// A participant, as the key of their shared allowance: the session and
/// the participant's id there.
pub type ParticipantKey = (Arc<str>, crate::core::ParticipantId);

/// The hub's command limits shared across connections.
pub struct CommandLimits {
    pub per_participant: SharedCommandLimiter<ParticipantKey>,
    pub per_address: SharedCommandLimiter<IpAddr>,
}

/// Which shared allowance refused a command.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CommandLimit {
    Participant,
    Address,
}

impl CommandLimits {
    /// The participant's allowance first, then the address's; a command
    /// refused by the first does not use up the second.
    pub fn check(&self, participant: &ParticipantKey, address: IpAddr) -> Result<(), CommandLimit> {
        if !self.per_participant.allow(participant) {
            return Err(CommandLimit::Participant);
        }
        if !self.per_address.allow(&client_address(address)) {
            return Err(CommandLimit::Address);
        }
        Ok(())
    }
}

/// So many requests per client address per minute, all of them at once
/// if need be. Generous by default: a venue's onsite participants often
/// share one address behind its NAT. An IPv6 client counts by its /64, as
/// for the connection caps.
pub struct AddressLimiter {
    limiter: KeyedLimiter<IpAddr>,
}

/// WebSocket upgrades per client address.
pub type UpgradeLimiter = AddressLimiter;

impl AddressLimiter {
    pub fn per_minute(requests: u32) -> AddressLimiter {
        let quota = Quota::per_minute(at_least_one(requests)).allow_burst(at_least_one(requests));
        AddressLimiter {
            limiter: KeyedLimiter::new(quota),
        }
    }

    /// Whether `ip` may make another request now.
    pub fn allow(&self, ip: IpAddr) -> bool {
        self.check(ip).is_ok()
    }

    /// `Ok` if `ip` may make another request now; otherwise how long until
    /// it may.
    pub fn check(&self, ip: IpAddr) -> Result<(), Duration> {
        self.limiter.check(&client_address(ip))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_address_has_its_own_allowance_and_is_told_when_to_come_back() {
        let limiter = AddressLimiter::per_minute(2);
        let first: IpAddr = "127.0.0.2".parse().unwrap();
        let second: IpAddr = "127.0.0.3".parse().unwrap();
        assert!(limiter.allow(first));
        assert!(limiter.allow(first));
        let wait = limiter.check(first).unwrap_err();
        assert!(
            wait > Duration::from_secs(20) && wait <= Duration::from_secs(30),
            "{wait:?}"
        );
        assert!(limiter.allow(second));
        // Two addresses of one IPv6 /64 share an allowance.
        let v6 = |text: &str| text.parse::<IpAddr>().unwrap();
        assert!(limiter.allow(v6("2001:db8::1")));
        assert!(limiter.allow(v6("2001:db8::2")));
        assert!(!limiter.allow(v6("2001:db8::3")));
    }

    #[test]
    fn idle_keys_are_forgotten_once_there_are_more_than_ten_thousand() {
        // A cell about every nanosecond: a key is idle again right after its check.
        let limiter = KeyedLimiter::new(Quota::per_second(NonZeroU32::MAX));
        for key in 0..KEYS_BEFORE_FORGETTING {
            assert_eq!(limiter.check(&key), Ok(()));
        }
        std::thread::sleep(Duration::from_millis(2));
        // Up to the bound, every key is kept.
        assert_eq!(limiter.check(&0), Ok(()));
        assert_eq!(limiter.limiter.len(), KEYS_BEFORE_FORGETTING);
        // One more, and the idle ones go.
        assert_eq!(limiter.check(&KEYS_BEFORE_FORGETTING), Ok(()));
        assert!(limiter.limiter.len() <= 1, "{}", limiter.limiter.len());
    }
}
