//! Rate limits, from the `governor` crate (GCRA): commands per connection
//! per second with a burst, and per client address per minute (WebSocket
//! upgrades, transcript downloads). Every limit is in `HubConfig` or
//! `EdgeLimits` and documented in `docs/PROTOCOL.md`.

use crate::net::connection_slots::client_address;
use governor::clock::{Clock, DefaultClock};
use governor::{DefaultDirectRateLimiter, DefaultKeyedRateLimiter, Quota, RateLimiter};
use std::net::IpAddr;
use std::num::NonZeroU32;
use std::time::Duration;

fn at_least_one(value: u32) -> NonZeroU32 {
    NonZeroU32::new(value.max(1)).expect("at least one")
}

/// A fresh limiter for one connection's commands.
pub fn command_limiter(per_second: u32, burst: u32) -> DefaultDirectRateLimiter {
    let quota = Quota::per_second(at_least_one(per_second)).allow_burst(at_least_one(burst));
    RateLimiter::direct(quota)
}

/// So many requests per client address per minute, all of them at once
/// if need be. Generous by default: a venue's onsite participants often
/// share one address behind its NAT. An IPv6 client counts by its /64, as
/// for the connection caps.
pub struct AddressLimiter {
    limiter: DefaultKeyedRateLimiter<IpAddr>,
    clock: DefaultClock,
}

/// WebSocket upgrades per client address.
pub type UpgradeLimiter = AddressLimiter;

impl AddressLimiter {
    pub fn per_minute(requests: u32) -> AddressLimiter {
        let quota = Quota::per_minute(at_least_one(requests)).allow_burst(at_least_one(requests));
        AddressLimiter {
            limiter: RateLimiter::keyed(quota),
            clock: DefaultClock::default(),
        }
    }

    /// Whether `ip` may make another request now.
    pub fn allow(&self, ip: IpAddr) -> bool {
        self.check(ip).is_ok()
    }

    /// `Ok` if `ip` may make another request now; otherwise how long until
    /// it may.
    pub fn check(&self, ip: IpAddr) -> Result<(), Duration> {
        let checked = self
            .limiter
            .check_key(&client_address(ip))
            .map_err(|not_until| not_until.wait_time_from(self.clock.now()));
        // Forget idle addresses now and then, so the map stays small.
        if self.limiter.len() > 10_000 {
            self.limiter.retain_recent();
        }
        checked
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
}
