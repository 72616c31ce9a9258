//! Caps on open TCP connections: per client address, and in all.
//!
//! Every accepted connection takes a [`ConnectionSlot`] before it is
//! served, and gives it back when its socket is dropped, which for a
//! WebSocket is when the WebSocket ends (the slot travels inside the socket
//! through the HTTP upgrade). A connection that finds no slot is closed at
//! once, which costs a file descriptor for a moment and keeps the listen
//! backlog moving, instead of leaving clients waiting behind a full one.

use crate::metrics::ConnectionCap;
use dashmap::DashMap;
use prometheus_client::metrics::gauge::Gauge;
use std::net::{IpAddr, Ipv6Addr};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;

pub struct ConnectionSlots {
    /// Open connections per client address (see [`client_address`]).
    per_address: DashMap<IpAddr, usize>,
    total: AtomicUsize,
    /// 0: no cap per address.
    max_per_address: usize,
    max_total: usize,
    open_connections: Gauge,
}

/// One open connection's place, given back when dropped.
pub struct ConnectionSlot {
    slots: Arc<ConnectionSlots>,
    /// The address counted, if addresses are counted.
    address: Option<IpAddr>,
}

/// The address a connection counts against: an IPv4 address as it is (an
/// IPv4-mapped IPv6 address as its IPv4 address), an IPv6 address by its
/// /64, the smallest network an ISP gives one customer, so that one client
/// cannot dodge the cap by counting through its own 2^64 addresses.
pub fn client_address(address: IpAddr) -> IpAddr {
    match address.to_canonical() {
        IpAddr::V4(v4) => IpAddr::V4(v4),
        IpAddr::V6(v6) => {
            let prefix = u128::from(v6) & !((1u128 << 64) - 1);
            IpAddr::V6(Ipv6Addr::from(prefix))
        }
    }
}

impl ConnectionSlots {
    pub fn new(
        max_per_address: usize,
        max_total: usize,
        open_connections: Gauge,
    ) -> ConnectionSlots {
        ConnectionSlots {
            per_address: DashMap::new(),
            total: AtomicUsize::new(0),
            max_per_address,
            max_total,
            open_connections,
        }
    }

    /// The cap on connections in all.
    pub fn max_total(&self) -> usize {
        self.max_total
    }

    /// A slot for a connection from `peer`, or the cap that refuses it.
    pub fn take(self: &Arc<Self>, peer: IpAddr) -> Result<ConnectionSlot, ConnectionCap> {
        let taken = self
            .total
            .fetch_update(Ordering::AcqRel, Ordering::Acquire, |open| {
                (open < self.max_total).then_some(open + 1)
            });
        if taken.is_err() {
            return Err(ConnectionCap::Total);
        }
        let address = if self.max_per_address == 0 {
            None
        } else {
            let address = client_address(peer);
            let mut open = self.per_address.entry(address).or_insert(0);
            if *open >= self.max_per_address {
                drop(open);
                self.total.fetch_sub(1, Ordering::AcqRel);
                return Err(ConnectionCap::PerAddress);
            }
            *open += 1;
            Some(address)
        };
        self.open_connections.inc();
        Ok(ConnectionSlot {
            slots: self.clone(),
            address,
        })
    }

    /// Open connections in all.
    pub fn open(&self) -> usize {
        self.total.load(Ordering::Acquire)
    }
}

impl Drop for ConnectionSlot {
    fn drop(&mut self) {
        let slots = &self.slots;
        if let Some(address) = self.address {
            if let Some(mut open) = slots.per_address.get_mut(&address) {
                *open -= 1;
            }
            // An address with nothing open is forgotten, so that the map
            // holds only the addresses connected now.
            slots.per_address.remove_if(&address, |_, open| *open == 0);
        }
        slots.total.fetch_sub(1, Ordering::AcqRel);
        slots.open_connections.dec();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ip(text: &str) -> IpAddr {
        text.parse().unwrap()
    }

    #[test]
    fn each_address_and_the_whole_server_have_their_cap() {
        let gauge = Gauge::default();
        let slots = Arc::new(ConnectionSlots::new(2, 3, gauge.clone()));
        let first = slots.take(ip("127.0.0.2")).unwrap();
        let second = slots.take(ip("127.0.0.2")).unwrap();
        assert_eq!(
            slots.take(ip("127.0.0.2")).err(),
            Some(ConnectionCap::PerAddress)
        );
        let other = slots.take(ip("127.0.0.3")).unwrap();
        assert_eq!(
            slots.take(ip("127.0.0.4")).err(),
            Some(ConnectionCap::Total)
        );
        assert_eq!((slots.open(), gauge.get()), (3, 3));
        drop(first);
        let again = slots.take(ip("127.0.0.2")).unwrap();
        drop((second, other, again));
        assert_eq!((slots.open(), gauge.get()), (0, 0));
        assert!(
            slots.per_address.is_empty(),
            "closed addresses are forgotten"
        );
    }

    #[test]
    fn zero_means_no_cap_per_address() {
        let slots = Arc::new(ConnectionSlots::new(0, 100, Gauge::default()));
        let held: Vec<_> = (0..100)
            .map(|_| slots.take(ip("127.0.0.2")).unwrap())
            .collect();
        assert_eq!(
            slots.take(ip("127.0.0.2")).err(),
            Some(ConnectionCap::Total)
        );
        drop(held);
        assert_eq!(slots.open(), 0);
    }

    #[test]
    fn ipv6_clients_count_by_their_64_and_mapped_ipv4_as_ipv4() {
        assert_eq!(
            client_address(ip("2001:db8:1:2:aaaa::1")),
            client_address(ip("2001:db8:1:2:bbbb::9"))
        );
        assert_ne!(
            client_address(ip("2001:db8:1:2::1")),
            client_address(ip("2001:db8:1:3::1"))
        );
        assert_eq!(client_address(ip("::ffff:10.0.0.7")), ip("10.0.0.7"));
        assert_eq!(client_address(ip("10.0.0.7")), ip("10.0.0.7"));
    }
}
