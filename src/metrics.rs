//! The server's own counters, kept in a Prometheus registry (the
//! `prometheus-client` crate) so that the operator and the tests read the
//! same figures the hub uses to decide what it did.
//!
//! Each metric is a field here and nowhere else: the code that acts counts
//! through these handles, which are cheap atomic counters shared by
//! reference count.

use prometheus_client::metrics::counter::Counter;
use prometheus_client::registry::Registry;

pub struct Metrics {
    registry: Registry,
    /// Connections cut off because their bounded outbound queue overflowed
    /// (close code 4000): clients that stopped reading, or read too slowly.
    pub slow_consumer_disconnects: Counter,
}

impl Metrics {
    pub fn new() -> Metrics {
        let mut registry = Registry::with_prefix("hybridhub");
        let slow_consumer_disconnects = Counter::default();
        registry.register(
            "slow_consumer_disconnects",
            "Connections cut off (4000) because their outbound queue overflowed",
            slow_consumer_disconnects.clone(),
        );
        Metrics {
            registry,
            slow_consumer_disconnects,
        }
    }

    /// Every metric in the Prometheus text exposition format.
    pub fn encode(&self) -> String {
        let mut text = String::new();
        prometheus_client::encoding::text::encode(&mut text, &self.registry)
            .expect("writing to a String cannot fail");
        text
    }
}

impl Default for Metrics {
    fn default() -> Metrics {
        Metrics::new()
    }
}
