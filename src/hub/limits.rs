//! Rate limits, from the `governor` crate (GCRA): commands per connection
//! per second with a burst, and WebSocket upgrades per client IP per minute.
//! Every limit is in `HubConfig` and documented in `docs/PROTOCOL.md`.

use governor::{DefaultDirectRateLimiter, DefaultKeyedRateLimiter, Quota, RateLimiter};
use std::net::IpAddr;
use std::num::NonZeroU32;

fn at_least_one(value: u32) -> NonZeroU32 {
    NonZeroU32::new(value.max(1)).expect("at least one")
}

/// A fresh limiter for one connection's commands.
pub fn command_limiter(per_second: u32, burst: u32) -> DefaultDirectRateLimiter {
    let quota = Quota::per_second(at_least_one(per_second)).allow_burst(at_least_one(burst));
    RateLimiter::direct(quota)
}

/// WebSocket upgrades per client IP. Generous by default: a venue's
/// onsite participants often share one address behind its NAT.
pub struct UpgradeLimiter {
    limiter: DefaultKeyedRateLimiter<IpAddr>,
}

impl UpgradeLimiter {
    pub fn per_minute(upgrades: u32) -> UpgradeLimiter {
        let quota = Quota::per_minute(at_least_one(upgrades)).allow_burst(at_least_one(upgrades));
        UpgradeLimiter {
            limiter: RateLimiter::keyed(quota),
        }
    }

    /// Whether `ip` may open another WebSocket now.
    pub fn allow(&self, ip: IpAddr) -> bool {
        let allowed = self.limiter.check_key(&ip).is_ok();
        // Forget idle addresses now and then, so the map stays small.
        if self.limiter.len() > 10_000 {
            self.limiter.retain_recent();
        }
        allowed
    }
}
