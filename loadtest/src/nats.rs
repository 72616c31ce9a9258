//! The traffic through a cluster's `nats-server`, read from its HTTP
//! monitoring endpoint (`nats-server -m PORT`, `GET /varz`): the counts of
//! messages and bytes it received from clients (`in_*`) and delivered to
//! subscribers (`out_*`) since it started. The differences between two
//! readings are what the run cost the cluster's log and heartbeats.

use std::net::SocketAddr;

use serde::{Deserialize, Serialize};

use crate::admin;

/// One reading of the cumulative counters.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct NatsCounts {
    pub in_msgs: u64,
    pub out_msgs: u64,
    pub in_bytes: u64,
    pub out_bytes: u64,
}

impl NatsCounts {
    /// What happened between `earlier` and `self`.
    pub fn since(self, earlier: NatsCounts) -> NatsCounts {
        NatsCounts {
            in_msgs: self.in_msgs.saturating_sub(earlier.in_msgs),
            out_msgs: self.out_msgs.saturating_sub(earlier.out_msgs),
            in_bytes: self.in_bytes.saturating_sub(earlier.in_bytes),
            out_bytes: self.out_bytes.saturating_sub(earlier.out_bytes),
        }
    }

    /// Messages in and out together.
    pub fn messages(self) -> u64 {
        self.in_msgs + self.out_msgs
    }

    /// Bytes in and out together.
    pub fn bytes(self) -> u64 {
        self.in_bytes + self.out_bytes
    }
}

/// Reads the counters from the text of a `/varz` answer.
pub fn parse_varz(body: &str) -> Result<NatsCounts, String> {
    serde_json::from_str::<NatsCounts>(body)
        .map_err(|error| format!("/varz is not the JSON nats-server writes: {error}"))
}

/// Reads `/varz` from the monitoring endpoint at `monitor`.
pub async fn read_varz(monitor: SocketAddr) -> Result<NatsCounts, String> {
    let response = admin::request(monitor, "GET", "/varz", None, None).await?;
    if response.status != 200 {
        return Err(format!(
            "GET http://{monitor}/varz answered HTTP {}",
            response.status
        ));
    }
    parse_varz(&response.body)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn varz_counters_are_read_and_subtracted() {
        let before = parse_varz(
            r#"{"server_id":"x","in_msgs":10,"out_msgs":30,"in_bytes":1000,"out_bytes":3000,"connections":3}"#,
        )
        .unwrap();
        let after = NatsCounts {
            in_msgs: 15,
            out_msgs: 45,
            in_bytes: 1500,
            out_bytes: 4500,
        };
        let delta = after.since(before);
        assert_eq!((delta.messages(), delta.bytes()), (20, 2000));
        assert!(parse_varz("not json").is_err());
    }
}
